// File: models/transport/udp/udp_stack.h
// The UDP of one node: registered as the node's protocol-17 handler, it owns the bound sockets,
// demultiplexes arriving datagrams by destination port, and checks outgoing datagrams against the
// path MTU. There is no IP fragmentation: an oversize datagram is dropped and counted, as a socket
// with IP_PMTUDISC_DO would refuse it (EMSGSIZE); a datagram for an unbound port is dropped and
// counted where a host would answer ICMP port unreachable (RFC 1122 section 4.1.3.1; the ICMP
// message itself is not modelled).
#pragma once

#include <cstdint>
#include <memory>
#include <utility>
#include <vector>

#include "models/transport/udp/udp_socket.h"
#include "sim/core/signal.h"
#include "sim/net/network.h"

namespace wirelab::models::transport::udp {

struct UdpConfig {
  // Largest IP packet the path carries; a datagram may hold mtuBytes - 20 - 8 payload bytes.
  std::uint32_t mtuBytes = kDefaultMtuBytes;
  // Throws std::invalid_argument naming the bad parameter.
  void validate() const;
};

enum class UdpDropReason : std::uint8_t { Oversize, PortUnreachable };
const char* toString(UdpDropReason reason);

struct UdpCounters {
  std::uint64_t datagramsSent = 0;
  std::uint64_t datagramsReceived = 0;  // handed to a socket
  std::uint64_t bytesSent = 0;          // UDP payload bytes
  std::uint64_t bytesReceived = 0;
  std::uint64_t oversizeDrops = 0;
  std::uint64_t portUnreachableDrops = 0;
};

class UdpStack {
 public:
  // Ephemeral ports come from the dynamic range, RFC 6335 section 6.
  static constexpr std::uint16_t kFirstEphemeralPort = 49152;

  UdpStack(sim::Network& network, sim::NodeId node, UdpConfig config = {});
  UdpStack(const UdpStack&) = delete;
  UdpStack& operator=(const UdpStack&) = delete;
  // Replaces the node's protocol-17 handler with one that drops (the stack's sockets are gone).
  ~UdpStack();

  // Binds `port` (0: the next free ephemeral port). Throws std::invalid_argument when the port is
  // taken. The socket lives until close() or the stack's destruction.
  UdpSocket& bind(std::uint16_t port = 0);
  void close(UdpSocket& socket);
  bool isBound(std::uint16_t port) const { return find(port) != nullptr; }

  // The largest payload one datagram may carry: MTU - IPv4 header - UDP header.
  std::uint32_t maxPayloadBytes() const { return m_config.mtuBytes - kIpv4HeaderBytes - kUdpHeaderBytes; }
  const UdpConfig& config() const { return m_config; }
  sim::Network& network() const { return *m_network; }
  sim::NodeId node() const { return m_node; }
  const UdpCounters& counters() const { return m_counters; }

  // The protocol-17 handler: public so that a test can wrap it (drop chosen datagrams first).
  void receive(sim::PacketPtr p);

  // Trace signals: a datagram handed to the network, handed to a socket, or dropped here.
  sim::Signal<const sim::Packet&, sim::SimTime> sent;
  sim::Signal<const sim::Packet&, sim::SimTime> received;
  sim::Signal<const sim::Packet&, UdpDropReason, sim::SimTime> dropped;

 private:
  friend class UdpSocket;
  UdpSocket* find(std::uint16_t port) const;
  bool transmit(UdpSocket& from, Endpoint destination, std::uint32_t payloadBytes, sim::PacketPtr p);

  sim::Network* m_network;
  sim::NodeId m_node;
  UdpConfig m_config;
  // Sorted by port: a node binds few ports, so a binary search beats a hash table here.
  std::vector<std::pair<std::uint16_t, std::unique_ptr<UdpSocket>>> m_sockets;
  std::vector<std::unique_ptr<UdpSocket>> m_closed;  // closed, destroyed at the next arrival
  std::uint16_t m_nextEphemeral = kFirstEphemeralPort;
  UdpCounters m_counters;
};

}  // namespace wirelab::models::transport::udp
