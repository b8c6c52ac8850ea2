// File: models/capture/interface_tap.h
// A capture point: one node's interface towards one neighbour, recorded as tcpdump on that
// interface would see it. Outgoing packets are recorded when they start transmission (after the
// queue: a packet the queue drops never appears; a packet the link then loses does, as in Linux,
// whose capture tap sits in the driver's transmit path); incoming packets when their last bit
// arrives from the neighbour. Both are in simulated-time order, so the file's records are too.
#pragma once

#include <cstddef>

#include "capture/pcap_writer.h"
#include "models/capture/packet_encoder.h"
#include "sim/net/interface.h"

namespace wirelab::models::capture {

class InterfaceTap {
 public:
  // `outgoing`: the node's interface towards the neighbour; `incoming`: the neighbour's interface
  // towards the node. All four references must outlive the tap.
  InterfaceTap(sim::Interface& outgoing, sim::Interface& incoming, PacketEncoder& encoder,
               wirelab::capture::PcapWriter& out);
  InterfaceTap(const InterfaceTap&) = delete;
  InterfaceTap& operator=(const InterfaceTap&) = delete;
  ~InterfaceTap();

 private:
  void record(const sim::Packet& p, sim::SimTime at);

  sim::Interface* m_outgoing;
  sim::Interface* m_incoming;
  PacketEncoder* m_encoder;
  wirelab::capture::PcapWriter* m_out;
  std::size_t m_outgoingSubscription = 0;
  std::size_t m_incomingSubscription = 0;
};

}  // namespace wirelab::models::capture
