// File: models/transport/quic/quic_endpoint.cpp
#include "models/transport/quic/quic_endpoint.h"

#include <algorithm>
#include <stdexcept>
#include <string>
#include <utility>

namespace wirelab::models::transport::quic {

namespace {
std::string cidStreamName(const udp::UdpStack& udp, std::uint16_t port) {
  return "quic/" + udp.network().node(udp.node()).name() + ":" + std::to_string(port) + "/cid";
}
}  // namespace

QuicEndpoint::QuicEndpoint(udp::UdpStack& udp, std::uint16_t port, QuicConfig config)
    : m_udp(&udp),
      m_socket(&udp.bind(port)),
      m_config(std::move(config)),
      m_cidRandom(udp.network().random().stream(cidStreamName(udp, m_socket->port()))) {
  try {
    m_config.validate();
  } catch (...) {
    udp.close(*m_socket);
    throw;
  }
  if (m_config.maxDatagramBytes() > udp.maxPayloadBytes()) {
    udp.close(*m_socket);
    throw std::invalid_argument("quic: mtuBytes (" + std::to_string(m_config.mtuBytes) +
                                ") exceeds the UDP stack's mtuBytes (" +
                                std::to_string(udp.config().mtuBytes) + ")");
  }
  m_socket->setReceiveCallback([this](const udp::UdpDatagram& d) { onDatagram(d); });
}

QuicEndpoint::~QuicEndpoint() {
  m_socket->setReceiveCallback(nullptr);
  m_udp->close(*m_socket);
}

std::uint32_t QuicEndpoint::newConnectionId() {
  // Random, nonzero and unique here; drawn from this endpoint's own stream (deterministic).
  for (;;) {
    const auto cid = static_cast<std::uint32_t>(m_cidRandom.nextU64());
    if (cid != 0 && m_byCid.count(cid) == 0) return cid;
  }
}

void QuicEndpoint::route(std::uint32_t cid, QuicConnection* c) {
  if (!m_byCid.emplace(cid, c).second) {
    throw std::logic_error("quic: connection ID " + std::to_string(cid) + " already in use at this endpoint");
  }
}

void QuicEndpoint::unroute(QuicConnection& c) {
  for (auto it = m_byCid.begin(); it != m_byCid.end();) {
    it = it->second == &c ? m_byCid.erase(it) : std::next(it);
  }
}

QuicConnection& QuicEndpoint::connect(Endpoint server) {
  const std::uint32_t local = newConnectionId();
  // The client's first Destination Connection ID is random (RFC 9000 section 7.2); the server
  // replaces it with one of its own choosing.
  const std::uint32_t original = static_cast<std::uint32_t>(m_cidRandom.nextU64()) | 1u;
  auto conn =
      std::make_unique<QuicConnection>(*this, Role::Client, m_config, server, local, original, original);
  QuicConnection& c = *conn;
  route(local, &c);
  m_connections.push_back(std::move(conn));
  ++m_counters.connectionsOpened;
  connectionCreated(c);
  const auto ticket = m_tickets.find(server);
  c.start(m_config.enableZeroRtt && ticket != m_tickets.end() ? &ticket->second : nullptr);
  return c;
}

void QuicEndpoint::listen(AcceptCallback onAccept) {
  m_listening = true;
  m_onAccept = std::move(onAccept);
}

void QuicEndpoint::onDatagram(const udp::UdpDatagram& d) {
  ++m_counters.datagramsReceived;
  const QuicDatagram& h = d.packet->header<QuicDatagram>();
  auto it = m_byCid.find(h.dcid);
  if (it != m_byCid.end()) {
    it->second->onDatagram(d);
    return;
  }
  const bool initial =
      !h.isShortForm() && h.packetCount > 0 && h.body.longForm.packets[0].type == PacketType::Initial;
  if (!m_listening || !initial) {
    ++m_counters.unknownConnectionId;  // a real server might send a Stateless Reset (10.3)
    return;
  }
  // RFC 9000 section 14.1: a server discards Initial datagrams below 1200 bytes.
  if (d.payloadBytes < kMinInitialDatagram) {
    ++m_counters.shortInitialDatagrams;
    return;
  }
  const std::uint32_t local = newConnectionId();
  auto conn =
      std::make_unique<QuicConnection>(*this, Role::Server, m_config, d.source, local, h.scid, h.dcid);
  QuicConnection& c = *conn;
  route(local, &c);
  // The client keeps using its original DCID until it sees ours.
  if (h.dcid != local && m_byCid.count(h.dcid) == 0) route(h.dcid, &c);
  m_connections.push_back(std::move(conn));
  ++m_counters.connectionsAccepted;
  connectionCreated(c);
  if (m_onAccept) m_onAccept(c);
  c.onDatagram(d);
}

void QuicEndpoint::sendDatagram(Endpoint to, const QuicDatagram& d, std::uint32_t bytes,
                                std::uint32_t applicationBytes) {
  m_socket->sendTo(to, bytes, d, applicationBytes);
}

void QuicEndpoint::connectionClosed(QuicConnection& c) { unroute(c); }

void QuicEndpoint::moveConnection(QuicConnection& c, QuicEndpoint& to) {
  auto it =
      std::find_if(m_connections.begin(), m_connections.end(), [&](const auto& p) { return p.get() == &c; });
  if (it == m_connections.end()) throw std::logic_error("quic: moveConnection of a foreign connection");
  std::unique_ptr<QuicConnection> owned = std::move(*it);
  m_connections.erase(it);
  unroute(c);
  to.route(c.localConnectionId(), &c);
  to.m_connections.push_back(std::move(owned));
  c.setEndpoint(to);
}

}  // namespace wirelab::models::transport::quic
