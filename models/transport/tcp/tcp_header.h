// File: models/transport/tcp/tcp_header.h
// The TCP header a segment carries in the packet's header area (RFC 9293 section 3.1), with the
// options Wirelab models: MSS and SACK-permitted on SYNs, SACK blocks (RFC 2018), timestamps
// (RFC 7323: TSval in milliseconds, as Linux, and TSecr; 0 = absent). Sequence numbers are 64-bit
// and start at 0 in each direction: wrap-around and ISN selection (RFC 9293 section 3.4.1) are not
// modelled, as they change no timing. The window is in bytes (window scaling, RFC 7323, is
// implied); a SYN names the shift its sender would announce (windowScale), which the model never
// reads but a packet capture needs to encode later windows as a real stack would.
#pragma once

#include <cstdint>

#include "sim/core/prefetch.h"

namespace wirelab::models::transport::tcp {

struct SackBlock {
  std::uint64_t start = 0;  // first byte
  std::uint64_t end = 0;    // one past the last byte
};

struct TcpHeader {
  static constexpr std::uint8_t kFin = 0x01;
  static constexpr std::uint8_t kSyn = 0x02;
  static constexpr std::uint8_t kRst = 0x04;
  static constexpr std::uint8_t kAck = 0x10;
  static constexpr int kMaxSackBlocks = 3;  // what fits beside timestamps in 40 option bytes

  std::uint64_t seq = 0;
  std::uint64_t ack = 0;
  std::uint32_t window = 0;
  std::uint32_t tsVal = 0;  // RFC 7323 3.2: the sender's clock
  std::uint32_t tsEcr = 0;  // RFC 7323 3.2: TS.Recent echoed
  std::uint16_t mss = 0;    // MSS option (SYN only); 0 = absent
  std::uint8_t flags = 0;   // the control bits of RFC 9293 3.1 (one byte on the wire too)
  // Packed in one byte so that the header with the two hints below fits in
  // sim::Packet::kHeaderCapacity (96 bytes): a larger header area would grow every packet.
  std::uint8_t sackCount : 2 = 0;    // 0..kMaxSackBlocks
  bool sackPermitted : 1 = false;    // SACK-permitted option (SYN only)
  std::uint8_t windowScale : 4 = 0;  // Window Scale option's shift (SYN only, RFC 7323 2.2: <= 14)
  SackBlock sack[kMaxSackBlocks];
  // Simulation only, never on the wire: where the sending endpoint keeps its state (its
  // TcpConnection, or the allocation-cluster block it shares with its application's objects, and
  // what its application registered), so that the receiver's segments back can have it prefetched
  // before they arrive (sim/core/prefetch.h). Hints: never dereferenced.
  sim::PrefetchTarget senderState;
  sim::PrefetchTarget senderApplication;

  bool has(std::uint8_t flag) const { return (flags & flag) != 0; }
};
static_assert(TcpHeader::kMaxSackBlocks < 4, "sackCount is a two-bit field");

// Bytes of TCP header and options on the wire (RFC 9293 3.1; options padded to 4 bytes).
std::uint32_t tcpHeaderWireBytes(const TcpHeader& h, bool timestamps);

}  // namespace wirelab::models::transport::tcp
