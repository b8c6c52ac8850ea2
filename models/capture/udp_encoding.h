// File: models/capture/udp_encoding.h
// A simulated UDP datagram's header (RFC 768): ports, length and checksum. The models carry no
// payload bytes (a QUIC datagram is a summary struct, models/transport/quic/quic_wire.h), so a
// capture holds the header only; the checksum is the one of an all-zero payload.
#pragma once

#include <cstdint>
#include <vector>

#include "models/capture/ipv4_encoding.h"

namespace wirelab::models::capture {

inline constexpr std::size_t kUdpHeaderLength = 8;

void appendUdpHeader(std::vector<std::uint8_t>& out, const Ipv4Fields& ip, std::uint16_t sourcePort,
                     std::uint16_t destinationPort, std::uint16_t udpLength);

}  // namespace wirelab::models::capture
