// File: models/capture/udp_encoding.h
// A simulated UDP datagram's header (RFC 768): ports, length and checksum, followed by what a
// capture shows of its payload: nothing for plain UDP, the QUIC packet header for QUIC
// (quic_encoding.h). The models carry no payload bytes, so the checksum is the one of a payload
// that starts with those bytes and is all zeros after them.
#pragma once

#include <cstdint>
#include <span>
#include <vector>

#include "models/capture/ipv4_encoding.h"

namespace wirelab::models::capture {

inline constexpr std::size_t kUdpHeaderLength = 8;

// Appends the header, then `payloadStart` (the captured start of the payload).
void appendUdpHeader(std::vector<std::uint8_t>& out, const Ipv4Fields& ip, std::uint16_t sourcePort,
                     std::uint16_t destinationPort, std::uint16_t udpLength,
                     std::span<const std::uint8_t> payloadStart = {});

}  // namespace wirelab::models::capture
