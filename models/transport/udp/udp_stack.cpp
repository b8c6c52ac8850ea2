// File: models/transport/udp/udp_stack.cpp
// Port binding, demultiplexing and the MTU check of one node's UDP.
#include "models/transport/udp/udp_stack.h"

#include <algorithm>
#include <stdexcept>
#include <string>

namespace wirelab::models::transport::udp {

void UdpConfig::validate() const {
  // RFC 791: every IPv4 host must accept 68-byte datagrams; smaller MTUs do not exist.
  if (mtuBytes < 68) {
    throw std::invalid_argument("udp: mtuBytes must be at least 68 (RFC 791), got " +
                                std::to_string(mtuBytes));
  }
}

const char* toString(UdpDropReason reason) {
  switch (reason) {
    case UdpDropReason::Oversize:
      return "oversize (no IP fragmentation)";
    case UdpDropReason::PortUnreachable:
      return "port unreachable";
  }
  return "unknown";
}

UdpStack::UdpStack(sim::Network& network, sim::NodeId node, UdpConfig config)
    : m_network(&network), m_node(node), m_config(config) {
  m_config.validate();
  network.node(node).setProtocolHandler(kProtocolUdp, [this](sim::PacketPtr p) { receive(std::move(p)); });
}

UdpStack::~UdpStack() {
  // A packet still in flight towards this node must not call into a destroyed stack.
  m_network->node(m_node).setProtocolHandler(kProtocolUdp, [](sim::PacketPtr) {});
}

UdpSocket* UdpStack::find(std::uint16_t port) const {
  const auto it = std::lower_bound(m_sockets.begin(), m_sockets.end(), port,
                                   [](const auto& entry, std::uint16_t p) { return entry.first < p; });
  return it != m_sockets.end() && it->first == port ? it->second.get() : nullptr;
}

UdpSocket& UdpStack::bind(std::uint16_t port) {
  if (port == 0) {
    // Scan the dynamic range once from where the last ephemeral bind stopped.
    for (int tries = 0; tries < 65536 - kFirstEphemeralPort && port == 0; ++tries) {
      const std::uint16_t candidate = m_nextEphemeral;
      m_nextEphemeral = candidate == 65535 ? kFirstEphemeralPort : static_cast<std::uint16_t>(candidate + 1);
      if (!isBound(candidate)) port = candidate;
    }
    if (port == 0)
      throw std::invalid_argument("udp: no free ephemeral port on node " + std::to_string(m_node));
  } else if (isBound(port)) {
    throw std::invalid_argument("udp: port " + std::to_string(port) + " is already bound on node " +
                                std::to_string(m_node));
  }
  const auto it = std::lower_bound(m_sockets.begin(), m_sockets.end(), port,
                                   [](const auto& entry, std::uint16_t p) { return entry.first < p; });
  auto inserted = m_sockets.insert(it, {port, std::make_unique<UdpSocket>(*this, port)});
  return *inserted->second;
}

void UdpStack::close(UdpSocket& socket) {
  const auto it = std::find_if(m_sockets.begin(), m_sockets.end(),
                               [&](const auto& entry) { return entry.second.get() == &socket; });
  if (it == m_sockets.end()) return;
  // The socket may be closing from inside its own receive callback: keep it alive until the next
  // datagram arrives here (a later event), so no member function runs on a destroyed object.
  m_closed.push_back(std::move(it->second));
  m_sockets.erase(it);
}

bool UdpStack::transmit(UdpSocket& from, Endpoint destination, std::uint32_t payloadBytes, sim::PacketPtr p) {
  p->source = m_node;
  p->destination = destination.node;
  p->sourcePort = from.port();
  p->destinationPort = destination.port;
  p->protocol = kProtocolUdp;
  p->sizeBytes = payloadBytes + kIpv4HeaderBytes + kUdpHeaderBytes;
  const sim::SimTime now = m_network->scheduler().now();
  if (payloadBytes > maxPayloadBytes()) {
    ++m_counters.oversizeDrops;
    dropped(*p, UdpDropReason::Oversize, now);
    return false;
  }
  ++m_counters.datagramsSent;
  m_counters.bytesSent += payloadBytes;
  sent(*p, now);
  m_network->node(m_node).send(std::move(p));
  return true;
}

void UdpStack::receive(sim::PacketPtr p) {
  m_closed.clear();
  const sim::SimTime now = m_network->scheduler().now();
  UdpSocket* socket = find(p->destinationPort);
  if (socket == nullptr) {
    ++m_counters.portUnreachableDrops;
    dropped(*p, UdpDropReason::PortUnreachable, now);
    return;
  }
  const std::uint32_t payload = p->sizeBytes - kIpv4HeaderBytes - kUdpHeaderBytes;
  ++m_counters.datagramsReceived;
  m_counters.bytesReceived += payload;
  received(*p, now);
  UdpDatagram datagram;
  datagram.source = Endpoint{p->source, p->sourcePort};
  datagram.destination = Endpoint{m_node, p->destinationPort};
  datagram.payloadBytes = payload;
  datagram.packet = p.get();
  socket->deliver(datagram);
}

}  // namespace wirelab::models::transport::udp
