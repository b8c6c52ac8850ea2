// File: models/transport/udp/udp_socket.h
// One bound UDP port on a node (RFC 768): sends datagrams to any endpoint and hands every datagram
// addressed to its port to a receive callback. Sockets are created and owned by their UdpStack.
//
//   UdpSocket& s = stack.bind(5000);
//   s.setReceiveCallback([](const UdpDatagram& d) { ... d.source, d.payloadBytes ... });
//   s.sendTo({serverNode, 53}, 512);
#pragma once

#include <cstdint>
#include <functional>

#include "models/transport/transport_types.h"
#include "sim/net/packet.h"

namespace wirelab::models::transport::udp {

class UdpStack;

// What a receiver learns of one datagram. `packet` gives access to the header area, where a
// protocol carried over UDP (the QUIC-like transport) keeps its own header; UDP itself puts its
// ports in the packet's port fields and leaves the area free.
struct UdpDatagram {
  Endpoint source;
  Endpoint destination;
  std::uint32_t payloadBytes = 0;  // UDP payload: the IP packet minus the IPv4 and UDP headers
  const sim::Packet* packet = nullptr;
};

struct UdpSocketCounters {
  std::uint64_t datagramsSent = 0;
  std::uint64_t datagramsReceived = 0;
  std::uint64_t bytesSent = 0;      // UDP payload bytes
  std::uint64_t bytesReceived = 0;  // UDP payload bytes
  std::uint64_t oversizeDrops = 0;  // datagrams larger than the path MTU allows
};

class UdpSocket {
 public:
  using ReceiveCallback = std::function<void(const UdpDatagram&)>;

  UdpSocket(UdpStack& stack, std::uint16_t port) : m_stack(&stack), m_port(port) {}
  UdpSocket(const UdpSocket&) = delete;
  UdpSocket& operator=(const UdpSocket&) = delete;

  Endpoint localEndpoint() const;
  std::uint16_t port() const { return m_port; }
  UdpStack& stack() const { return *m_stack; }

  void setReceiveCallback(ReceiveCallback callback) { m_onReceive = std::move(callback); }

  // Sends `payloadBytes` of (modelled) payload. False when the datagram exceeds the path MTU: it is
  // then dropped and counted, since the model does no IP fragmentation.
  bool sendTo(Endpoint destination, std::uint32_t payloadBytes);
  // Sends a datagram whose header area carries `header` (a protocol above UDP). The packet's
  // payloadBytes field (application bytes, for goodput) is set to `applicationBytes`.
  template <typename Header>
  bool sendTo(Endpoint destination, std::uint32_t payloadBytes, const Header& header,
              std::uint32_t applicationBytes) {
    sim::PacketPtr p = newPacket();
    p->setHeader(header);
    p->payloadBytes = applicationBytes;
    return sendPacket(destination, payloadBytes, std::move(p));
  }

  const UdpSocketCounters& counters() const { return m_counters; }

 private:
  friend class UdpStack;
  sim::PacketPtr newPacket() const;
  bool sendPacket(Endpoint destination, std::uint32_t payloadBytes, sim::PacketPtr p);
  void deliver(const UdpDatagram& datagram);

  UdpStack* m_stack;
  std::uint16_t m_port;
  ReceiveCallback m_onReceive;
  UdpSocketCounters m_counters;
};

}  // namespace wirelab::models::transport::udp
