// File: models/transport/quic/quic_endpoint.h
// A QUIC endpoint on one UDP socket: opens client connections, accepts server connections, and
// demultiplexes arriving datagrams by destination connection ID, never by address (RFC 9000
// section 5.2), so a connection follows its client across address changes. It also holds the
// client's resumption tickets, keyed by server endpoint, that enable 0-RTT.
//
//   udp::UdpStack serverUdp(net, serverNode), clientUdp(net, clientNode);
//   QuicEndpoint server(serverUdp, 443), client(clientUdp);
//   server.listen([](QuicConnection& c) { c.setStreamDataCallback(...); });
//   QuicConnection& c = client.connect(server.localEndpoint());
#pragma once

#include <cstdint>
#include <functional>
#include <map>
#include <memory>
#include <string>
#include <unordered_map>
#include <vector>

#include "models/transport/quic/quic_config.h"
#include "models/transport/quic/quic_connection.h"
#include "models/transport/udp/udp_stack.h"
#include "sim/core/random.h"
#include "sim/core/signal.h"

namespace wirelab::models::transport::quic {

// What a client remembers of a server for resumption (RFC 9001 section 4.6; RFC 9000 section
// 7.4.1: the server's transport parameters, which bound 0-RTT data).
struct SessionTicket {
  TransportParameters parameters{};
  sim::SimTime issuedAt;
};

struct QuicEndpointCounters {
  std::uint64_t datagramsReceived = 0;
  std::uint64_t unknownConnectionId = 0;    // no connection, not a new Initial: dropped
  std::uint64_t shortInitialDatagrams = 0;  // Initial datagrams below 1200 bytes (RFC 9000 14.1)
  std::uint64_t connectionsOpened = 0;
  std::uint64_t connectionsAccepted = 0;
};

class QuicEndpoint {
 public:
  using AcceptCallback = std::function<void(QuicConnection&)>;

  // Binds `port` on `udp` (0: an ephemeral port). Validates `config`.
  QuicEndpoint(udp::UdpStack& udp, std::uint16_t port = 0, QuicConfig config = {});
  QuicEndpoint(const QuicEndpoint&) = delete;
  QuicEndpoint& operator=(const QuicEndpoint&) = delete;
  ~QuicEndpoint();

  // Opens a connection to `server`, with 0-RTT when a ticket for it is cached and enabled.
  QuicConnection& connect(Endpoint server);
  // Accepts connections; `onAccept` runs when a connection is created by its first Initial,
  // before any of its stream data is delivered.
  void listen(AcceptCallback onAccept);

  Endpoint localEndpoint() const { return m_socket->localEndpoint(); }
  const QuicConfig& config() const { return m_config; }
  sim::Scheduler& scheduler() const { return m_udp->network().scheduler(); }
  const QuicEndpointCounters& counters() const { return m_counters; }
  const std::vector<std::unique_ptr<QuicConnection>>& connections() const { return m_connections; }
  bool hasTicket(Endpoint server) const { return m_tickets.count(server) != 0; }
  void forgetTickets() { m_tickets.clear(); }

  // A connection opened or accepted here, before it sends or processes its first packet (so a
  // trace writer subscribing now sees all of it).
  sim::Signal<QuicConnection&> connectionCreated;

  // ---- Used by connections ----
  void sendDatagram(Endpoint to, const QuicDatagram& d, std::uint32_t bytes, std::uint32_t applicationBytes);
  void storeTicket(Endpoint server, const SessionTicket& ticket) { m_tickets[server] = ticket; }
  void connectionClosed(QuicConnection& c);
  // Moves `c` to `to` (client migration): its connection IDs now route there.
  void moveConnection(QuicConnection& c, QuicEndpoint& to);

 private:
  void onDatagram(const udp::UdpDatagram& d);
  std::uint32_t newConnectionId();
  void route(std::uint32_t cid, QuicConnection* c);
  void unroute(QuicConnection& c);

  udp::UdpStack* m_udp;
  udp::UdpSocket* m_socket;
  QuicConfig m_config;
  sim::RandomStream m_cidRandom;
  std::unordered_map<std::uint32_t, QuicConnection*> m_byCid;
  std::vector<std::unique_ptr<QuicConnection>> m_connections;
  std::map<Endpoint, SessionTicket> m_tickets;
  AcceptCallback m_onAccept;
  bool m_listening = false;
  QuicEndpointCounters m_counters;
};

}  // namespace wirelab::models::transport::quic
