// File: models/workload/session_backend_client.h
// One user of a session backend (session_backend_protocol.h): logs in (L exchanges), then issues
// requests one at a time with a think time between them, each carrying its session cookie
// (Stateful) or token (Stateless). It keeps one persistent connection; when the connection is
// reset or a SYN is refused it tries again every reconnectInterval, and repeats the request that
// was lost. A 401 makes it log in again and repeat the refused request.
#pragma once

#include <cstdint>
#include <memory>
#include <vector>

#include "models/messaging/message_stream.h"
#include "models/workload/session_backend_protocol.h"
#include "sim/core/signal.h"

namespace wirelab::models::workload {

struct SessionRequestRecord {
  int client = 0;
  std::uint64_t request = 0;
  sim::SimTime issuedAt;  // first issue (repeats do not restart the clock)
  sim::SimTime doneAt;
  int attempts = 0;  // times it was written to a connection
  sim::Duration latency() const { return doneAt - issuedAt; }
};

struct SessionClientCounters {
  std::uint64_t requestsSent = 0;  // Request messages written, repeats included
  std::uint64_t requestsRepeated = 0;
  std::uint64_t requestsCompleted = 0;
  std::uint64_t failedByReset = 0;   // outstanding when the connection was reset
  std::uint64_t unauthorized = 0;    // 401s received
  std::uint64_t loginExchanges = 0;  // LoginStep messages written
  std::uint64_t loginsAborted = 0;   // a login cut by a reset
  std::uint64_t connectAttempts = 0;
  std::uint64_t refusedConnects = 0;  // SYN answered with RST
  std::uint64_t connectionResets = 0;
};

// After a connection loss: when the client was connected again, when it next wrote a request, and
// when it next got a response (the difference is the recovery cost in round trips).
struct SessionRecovery {
  sim::SimTime lostAt, reconnectedAt, firstRequestAt, firstResponseAt;
};

class SessionBackendClient {
 public:
  using Endpoint = messaging::MessageEndpoint<SessionMessage>;
  using Registry = messaging::MessageRegistry<SessionMessage>;

  // Connects at `start`.
  SessionBackendClient(int index, transport::tcp::TcpStack& stack, transport::Endpoint server,
                       const transport::tcp::TcpConfig& tcp, Registry& registry,
                       const SessionBackendConfig& backend, const SessionClientConfig& config,
                       sim::SimTime start);
  SessionBackendClient(const SessionBackendClient&) = delete;
  SessionBackendClient& operator=(const SessionBackendClient&) = delete;
  ~SessionBackendClient();

  bool done() const {
    return m_counters.requestsCompleted == static_cast<std::uint64_t>(m_config.requestsPerClient);
  }
  const SessionClientCounters& counters() const { return m_counters; }
  const std::vector<SessionRequestRecord>& records() const { return m_records; }
  const std::vector<SessionRecovery>& recoveries() const { return m_recoveries; }

  sim::Signal<const SessionRequestRecord&> requestCompleted;

 private:
  enum class Outstanding { None, Login, Request };
  void connect();
  void onConnected();
  void onMessage(const SessionMessage& m);
  void onClosed();
  void startLogin();
  void sendLoginStep(std::uint32_t step);
  void issueNext();
  void trySend();
  void later(sim::EventId& timer, sim::Duration d, void (SessionBackendClient::*action)());

  int m_index;
  transport::tcp::TcpStack* m_stack;
  transport::Endpoint m_server;
  transport::tcp::TcpConfig m_tcp;
  Registry* m_registry;
  SessionBackendConfig m_backend;
  SessionClientConfig m_config;
  sim::Scheduler* m_sched;
  std::unique_ptr<Endpoint> m_endpoint;
  std::vector<std::unique_ptr<Endpoint>> m_retired;  // may be inside their own callbacks
  sim::EventId m_connectTimer;                       // the first connection, then each reconnection
  sim::EventId m_thinkTimer;
  bool m_connected = false;
  bool m_everConnected = false;    // the current connection completed its handshake
  std::uint64_t m_credential = 0;  // 0: not logged in
  Outstanding m_outstanding = Outstanding::None;
  bool m_haveRequest = false;  // a request is waiting to be (re)sent or answered
  SessionRequestRecord m_current;
  bool m_recovering = false;
  std::vector<SessionRecovery> m_recoveries;
  std::vector<SessionRequestRecord> m_records;
  SessionClientCounters m_counters;
};

}  // namespace wirelab::models::workload
