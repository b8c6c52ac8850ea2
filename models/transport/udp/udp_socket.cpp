// File: models/transport/udp/udp_socket.cpp
// Sending and delivery for one bound port; the stack does the MTU check and the routing.
#include "models/transport/udp/udp_socket.h"

#include <utility>

#include "models/transport/udp/udp_stack.h"

namespace wirelab::models::transport::udp {

Endpoint UdpSocket::localEndpoint() const { return Endpoint{m_stack->node(), m_port}; }

sim::PacketPtr UdpSocket::newPacket() const { return m_stack->network().newPacket(); }

bool UdpSocket::sendTo(Endpoint destination, std::uint32_t payloadBytes) {
  sim::PacketPtr p = newPacket();
  p->payloadBytes = payloadBytes;
  return sendPacket(destination, payloadBytes, std::move(p));
}

bool UdpSocket::sendPacket(Endpoint destination, std::uint32_t payloadBytes, sim::PacketPtr p) {
  if (!m_stack->transmit(*this, destination, payloadBytes, std::move(p))) {
    ++m_counters.oversizeDrops;
    return false;
  }
  ++m_counters.datagramsSent;
  m_counters.bytesSent += payloadBytes;
  return true;
}

void UdpSocket::deliver(const UdpDatagram& datagram) {
  ++m_counters.datagramsReceived;
  m_counters.bytesReceived += datagram.payloadBytes;
  if (m_onReceive) m_onReceive(datagram);
}

}  // namespace wirelab::models::transport::udp
