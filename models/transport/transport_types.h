// File: models/transport/transport_types.h
// What every transport model shares: IP protocol numbers, header sizes on the wire, and endpoint
// addresses (a node and a port). The kernel sees only Packet::protocol and the sizes; the models
// own the meaning.
#pragma once

#include <compare>
#include <cstddef>
#include <cstdint>

#include "sim/net/packet.h"

namespace wirelab::models::transport {

// IANA protocol numbers (the same the kernel's Packet::protocol carries).
inline constexpr std::uint8_t kProtocolTcp = 6;
inline constexpr std::uint8_t kProtocolUdp = 17;

inline constexpr std::uint32_t kIpv4HeaderBytes = 20;  // RFC 791, no options
inline constexpr std::uint32_t kUdpHeaderBytes = 8;    // RFC 768
inline constexpr std::uint32_t kTcpHeaderBytes = 20;   // RFC 9293 section 3.1, no options
// Path MTU default: Ethernet's 1500 bytes of IP packet.
inline constexpr std::uint32_t kDefaultMtuBytes = 1500;

struct Endpoint {
  sim::NodeId node = sim::kNoNode;
  std::uint16_t port = 0;
  auto operator<=>(const Endpoint&) const = default;
};

// For hash tables of endpoints (node and port are 48 bits: one word; libstdc++'s tables take a
// prime number of buckets, so the word itself spreads well).
struct EndpointHash {
  std::size_t operator()(const Endpoint& e) const noexcept {
    return static_cast<std::size_t>((std::uint64_t{e.node} << 16) | e.port);
  }
};

}  // namespace wirelab::models::transport
