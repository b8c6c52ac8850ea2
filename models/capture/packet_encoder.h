// File: models/capture/packet_encoder.h
// Turns a simulated packet into the bytes a capture records, dispatching on the packet's protocol
// number: an IPv4 header (addresses from node ids, total length = the simulated size) followed by
// the TCP header with its options, or the UDP header, and for a QUIC datagram the header of its
// first QUIC packet (quic_encoding.h). Payloads are left out: the models carry none, so a record
// is snaplen-truncated (captured length = headers, original length = the packet's size), which
// analysers handle as a capture with a small snaplen. Packets of other protocols are recorded with
// their IPv4 header only.
//
// A UDP datagram is QUIC when it comes from or goes to a QUIC endpoint the encoder was told of
// (addQuicEndpoint): nothing in a simulated packet says which model filled its header area.
//
// The encoder remembers the Window Scale each TCP sender announced in its SYN (per direction of a
// connection) to encode its later windows; one encoder serves every capture point of a run.
#pragma once

#include <cstdint>
#include <map>
#include <set>
#include <span>
#include <tuple>
#include <utility>
#include <vector>

#include "sim/net/packet.h"

namespace wirelab::models::capture {

// The most bytes a record may capture (the pcap header's snaplen), as tcpdump's default: the
// encoder decides each record's captured length. A TCP record is at most IPv4 (20) + TCP with 40
// option bytes (60); a QUIC record of one packet (IPv4, UDP, a long header with 8-byte connection
// IDs and its sample) about 80; a datagram of two coalesced QUIC packets captures the first whole
// (quic_encoding.h), up to the datagram's size.
inline constexpr std::uint32_t kCaptureSnapLength = 262144;

class PacketEncoder {
 public:
  // The headers of `p`; valid until the next call.
  std::span<const std::uint8_t> encode(const sim::Packet& p);

  // UDP datagrams from or to this node and port carry a QuicDatagram.
  void addQuicEndpoint(sim::NodeId node, std::uint16_t port) { m_quicEndpoints.emplace(node, port); }

 private:
  using Flow = std::tuple<sim::NodeId, std::uint16_t, sim::NodeId, std::uint16_t>;
  void encodeTcp(const sim::Packet& p);
  bool isQuic(const sim::Packet& p) const;

  std::vector<std::uint8_t> m_buffer;
  std::vector<std::uint8_t> m_payloadStart;  // what a UDP record shows of its payload
  std::set<std::pair<sim::NodeId, std::uint16_t>> m_quicEndpoints;
  std::map<Flow, std::uint8_t> m_windowShift;  // by (source, port, destination, port)
};

}  // namespace wirelab::models::capture
