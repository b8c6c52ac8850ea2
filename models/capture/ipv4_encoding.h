// File: models/capture/ipv4_encoding.h
// The IPv4 side of a packet capture: the address a capture gives each node, the IPv4 header (RFC
// 791 section 3.1, no options) and the Internet checksum (RFC 1071) that headers and the TCP/UDP
// pseudo-header use. Multi-byte fields go out in network byte order (big-endian).
#pragma once

#include <cstdint>
#include <span>
#include <string>
#include <vector>

#include "sim/net/packet.h"

namespace wirelab::models::capture {

// Node `id` (its position in the topology's node list) is 10.0.0.0 + id + 1: the first node is
// 10.0.0.1, the 256th 10.0.1.0. Simulated nodes have no addresses; these only label captures.
std::uint32_t nodeAddress(sim::NodeId id);
std::string formatAddress(std::uint32_t address);  // dotted quad

void appendU16(std::vector<std::uint8_t>& out, std::uint16_t v);
void appendU32(std::vector<std::uint8_t>& out, std::uint32_t v);

// RFC 1071: the 16-bit one's complement sum of `bytes` (an odd last byte padded with zero) added
// to `sum`, unfolded; foldChecksum() folds the carries and complements.
std::uint32_t onesComplementSum(std::span<const std::uint8_t> bytes, std::uint32_t sum = 0);
std::uint16_t foldChecksum(std::uint32_t sum);

struct Ipv4Fields {
  std::uint32_t source = 0;
  std::uint32_t destination = 0;
  std::uint16_t totalLength = 0;  // the whole IP packet: the simulated packet's size
  std::uint16_t identification = 0;
  std::uint8_t ttl = 64;
  std::uint8_t protocol = 0;
};

inline constexpr std::size_t kIpv4HeaderLength = 20;

// A 20-byte header with Don't Fragment set (the models never fragment: UDP drops oversize
// datagrams, TCP segments fit the MSS) and a correct header checksum.
void appendIpv4Header(std::vector<std::uint8_t>& out, const Ipv4Fields& ip);

// The sum of the pseudo-header that the TCP (RFC 9293 3.1) and UDP (RFC 768) checksums cover.
std::uint32_t pseudoHeaderSum(const Ipv4Fields& ip, std::uint16_t transportLength);

}  // namespace wirelab::models::capture
