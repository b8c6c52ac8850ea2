// File: models/workload/session_backend_server.h
// The backend of session_backend_protocol.h on one node, with a restart: crash() resets every
// connection and leaves the port without a listener (SYNs answered with RST) until the process is
// back D seconds later. Requests are served concurrently (a thread per request: no queueing), each
// after its service time.
//
// The node's TCP stack is the backend's: to stop listening it replaces the stack with a fresh one
// (the kernel forgetting the dead process's sockets), keeping the old one alive until the backend
// goes, since its connections may still have events pending.
#pragma once

#include <cstdint>
#include <memory>
#include <set>
#include <vector>

#include "models/messaging/message_stream.h"
#include "models/workload/session_backend_protocol.h"
#include "sim/core/signal.h"

namespace wirelab::models::workload {

class SessionBackendServer {
 public:
  using Endpoint = messaging::MessageEndpoint<SessionMessage>;
  using Registry = messaging::MessageRegistry<SessionMessage>;

  SessionBackendServer(sim::Network& network, sim::NodeId node, const transport::tcp::TcpConfig& tcp,
                       Registry& registry, const SessionBackendConfig& config);
  SessionBackendServer(const SessionBackendServer&) = delete;
  SessionBackendServer& operator=(const SessionBackendServer&) = delete;
  ~SessionBackendServer();

  // The process dies now and is back after `downtime`.
  void crash(sim::Duration downtime);
  bool up() const { return m_up; }

  std::size_t sessions() const { return m_sessions.size(); }
  std::uint64_t restarts() const { return m_restarts; }
  std::uint64_t connectionsReset() const { return m_connectionsReset; }
  std::uint64_t requestsServed() const { return m_served; }
  std::uint64_t unauthorizedSent() const { return m_unauthorized; }

  sim::Signal<sim::SimTime, bool> upChanged;  // time, up

 private:
  void listen();
  void onMessage(Endpoint& ep, const SessionMessage& m);
  // Answers after `delay`, unless the process has died in between.
  void answer(Endpoint& ep, sim::Duration delay, SessionMessage reply, std::uint32_t bytes);

  sim::Network* m_network;
  sim::NodeId m_node;
  transport::tcp::TcpConfig m_tcp;
  Registry* m_registry;
  SessionBackendConfig m_config;
  std::vector<std::unique_ptr<transport::tcp::TcpStack>> m_stacks;  // the last is the live one
  std::vector<std::unique_ptr<Endpoint>> m_connections;             // kept: see m_stacks
  struct PendingAnswer {
    sim::EventId event;
    Endpoint* endpoint;
    SessionMessage reply;
    std::uint32_t bytes;
    std::uint64_t incarnation;  // of the process preparing it
  };
  std::vector<PendingAnswer> m_pending;  // answers being prepared (and done ones: indices stay valid)
  sim::EventId m_restartEvent;
  std::set<std::uint64_t> m_sessions;  // Stateful: in memory
  std::uint64_t m_nextCredential = 1;
  std::uint64_t m_incarnation = 0;
  bool m_up = true;
  std::uint64_t m_restarts = 0, m_connectionsReset = 0, m_served = 0, m_unauthorized = 0;
};

}  // namespace wirelab::models::workload
