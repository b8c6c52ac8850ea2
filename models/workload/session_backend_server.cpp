#include "models/workload/session_backend_server.h"

#include <stdexcept>
#include <utility>

namespace wirelab::models::workload {

SessionBackendServer::SessionBackendServer(sim::Network& network, sim::NodeId node,
                                           const transport::tcp::TcpConfig& tcp, Registry& registry,
                                           const SessionBackendConfig& config)
    : m_network(&network), m_node(node), m_tcp(tcp), m_registry(&registry), m_config(config) {
  config.validate();
  m_stacks.push_back(std::make_unique<transport::tcp::TcpStack>(network, node));
  listen();
}

SessionBackendServer::~SessionBackendServer() {
  for (const PendingAnswer& a : m_pending) {
    if (!a.event.isNone()) m_network->scheduler().cancel(a.event);
  }
  if (!m_restartEvent.isNone()) m_network->scheduler().cancel(m_restartEvent);
}

void SessionBackendServer::listen() {
  m_stacks.back()->listen(m_config.port, m_tcp, [this](transport::tcp::TcpConnection& c) {
    m_connections.push_back(Endpoint::accept(c, *m_registry));
    Endpoint& ep = *m_connections.back();
    ep.callbacks().onMessage = [this, &ep](const messaging::Received<SessionMessage>& m) {
      onMessage(ep, m.meta);
    };
    ep.callbacks().onPeerClosed = [&ep] { ep.close(); };
  });
}

void SessionBackendServer::crash(sim::Duration downtime) {
  if (!m_up) throw std::logic_error("session backend: crash() while already down");
  m_up = false;
  ++m_restarts;
  ++m_incarnation;
  // The process's sockets die with it: the kernel resets every open connection...
  for (auto& ep : m_connections) {
    if (ep->open()) {
      ++m_connectionsReset;
      ep->abort();
    }
  }
  // ...in-memory sessions are gone, and the port has no listener until the process is back.
  m_sessions.clear();
  m_stacks.push_back(std::make_unique<transport::tcp::TcpStack>(*m_network, m_node));
  upChanged(m_network->scheduler().now(), false);
  m_restartEvent = m_network->scheduler().schedule(downtime, [this] {
    m_restartEvent = sim::EventId{};
    m_up = true;
    listen();
    upChanged(m_network->scheduler().now(), true);
  });
}

void SessionBackendServer::answer(Endpoint& ep, sim::Duration delay, SessionMessage reply,
                                  std::uint32_t bytes) {
  const std::size_t slot = m_pending.size();
  m_pending.push_back(PendingAnswer{{}, &ep, reply, bytes, m_incarnation});
  m_pending[slot].event = m_network->scheduler().schedule(delay, [this, slot] {
    PendingAnswer& a = m_pending[slot];
    a.event = sim::EventId{};
    if (a.incarnation != m_incarnation) return;  // the process that was preparing it died
    if (a.reply.op == SessionOp::LoginReply && m_config.design == SessionDesign::Stateful &&
        a.reply.credential != 0) {
      m_sessions.insert(a.reply.credential);
    }
    if (a.reply.op == SessionOp::Response) ++m_served;
    a.endpoint->send(a.reply, a.bytes);
  });
}

void SessionBackendServer::onMessage(Endpoint& ep, const SessionMessage& m) {
  const SessionBackendConfig& c = m_config;
  switch (m.op) {
    case SessionOp::LoginStep: {
      SessionMessage reply{SessionOp::LoginReply, m.step, 0, 0};
      if (static_cast<int>(m.step) >= c.loginExchanges) reply.credential = m_nextCredential++;
      answer(ep, c.loginServiceTime, reply, c.loginResponseBytes);
      return;
    }
    case SessionOp::Request:
      if (c.design == SessionDesign::Stateful) {
        if (m_sessions.count(m.credential) == 0) {
          // An in-memory lookup miss: refused at once.
          ++m_unauthorized;
          ep.send({SessionOp::Unauthorized, 0, m.credential, m.request}, c.unauthorizedBytes);
          return;
        }
        answer(ep, c.serviceTime, {SessionOp::Response, 0, m.credential, m.request}, c.responseBytes);
      } else {
        answer(ep, c.tokenVerifyTime + c.serviceTime, {SessionOp::Response, 0, m.credential, m.request},
               c.responseBytes);
      }
      return;
    default:
      return;
  }
}

}  // namespace wirelab::models::workload
