// File: models/capture/packet_encoder.h
// Turns a simulated packet into the bytes a capture records, dispatching on the packet's protocol
// number: an IPv4 header (addresses from node ids, total length = the simulated size) followed by
// the TCP header with its options, or the UDP header (plain UDP and QUIC alike). Payloads are
// left out: the models carry none, so a record is snaplen-truncated (captured length = headers,
// original length = the packet's size), which analysers handle as a capture with a small snaplen.
// Packets of other protocols are recorded with their IPv4 header only.
//
// The encoder remembers the Window Scale each TCP sender announced in its SYN (per direction of a
// connection) to encode its later windows; one encoder serves every capture point of a run.
#pragma once

#include <cstdint>
#include <map>
#include <span>
#include <tuple>
#include <vector>

#include "sim/net/packet.h"

namespace wirelab::models::capture {

// The most bytes a record captures: IPv4 (20) + TCP with 40 option bytes (60).
inline constexpr std::uint32_t kCaptureSnapLength = 80;

class PacketEncoder {
 public:
  // The headers of `p`; valid until the next call.
  std::span<const std::uint8_t> encode(const sim::Packet& p);

 private:
  using Flow = std::tuple<sim::NodeId, std::uint16_t, sim::NodeId, std::uint16_t>;
  void encodeTcp(const sim::Packet& p);

  std::vector<std::uint8_t> m_buffer;
  std::map<Flow, std::uint8_t> m_windowShift;  // by (source, port, destination, port)
};

}  // namespace wirelab::models::capture
