// File: models/capture/tcp_encoding.h
// A simulated TCP segment's header (models/transport/tcp/tcp_header.h) as the bytes a real stack
// would send (RFC 9293 section 3.1): the low 32 bits of the model's 64-bit sequence numbers (the
// model's ISN is 0), the flags, the window in the sender's announced scale, and the options the
// model counts on the wire: MSS, SACK-permitted and Window Scale on SYNs (RFC 9293 3.7.1, RFC
// 2018, RFC 7323 2), timestamps (RFC 7323 3) and SACK blocks (RFC 2018 3). The header is exactly as
// long as the model counted it, so the IP total length stays the simulated packet's size.
#pragma once

#include <cstdint>
#include <vector>

#include "models/capture/ipv4_encoding.h"
#include "models/transport/tcp/tcp_header.h"

namespace wirelab::models::capture {

struct TcpSegmentFields {
  std::uint16_t sourcePort = 0;
  std::uint16_t destinationPort = 0;
  std::uint32_t headerBytes = 20;  // with options: the packet's size less IP header and payload
  std::uint32_t payloadBytes = 0;  // not captured; counted in the checksum as zero bytes
  std::uint8_t windowShift = 0;    // the sender's announced Window Scale (not applied to SYNs)
};

// Appends the TCP header. The timestamp option is present when the model counted its bytes
// (headerBytes says so). The checksum covers the pseudo-header, the header and a payload of
// zeros: what the segment would carry if its payload bytes were all zero.
void appendTcpHeader(std::vector<std::uint8_t>& out, const Ipv4Fields& ip, const TcpSegmentFields& segment,
                     const transport::tcp::TcpHeader& h);

}  // namespace wirelab::models::capture
