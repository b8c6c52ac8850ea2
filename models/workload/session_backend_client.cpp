#include "models/workload/session_backend_client.h"

#include <utility>

namespace wirelab::models::workload {

SessionBackendClient::SessionBackendClient(int index, transport::tcp::TcpStack& stack,
                                           transport::Endpoint server, const transport::tcp::TcpConfig& tcp,
                                           Registry& registry, const SessionBackendConfig& backend,
                                           const SessionClientConfig& config, sim::SimTime start)
    : m_index(index),
      m_stack(&stack),
      m_server(server),
      m_tcp(tcp),
      m_registry(&registry),
      m_backend(backend),
      m_config(config),
      m_sched(&stack.network().scheduler()) {
  backend.validate();
  config.validate();
  m_connectTimer = m_sched->scheduleAt(start, [this] {
    m_connectTimer = sim::EventId{};
    issueNext();
    connect();
  });
}

SessionBackendClient::~SessionBackendClient() {
  if (!m_connectTimer.isNone()) m_sched->cancel(m_connectTimer);
  if (!m_thinkTimer.isNone()) m_sched->cancel(m_thinkTimer);
}

void SessionBackendClient::later(sim::EventId& timer, sim::Duration d,
                                 void (SessionBackendClient::*action)()) {
  timer = m_sched->schedule(d, [this, &timer, action] {
    timer = sim::EventId{};
    (this->*action)();
  });
}

void SessionBackendClient::connect() {
  ++m_counters.connectAttempts;
  m_everConnected = false;
  m_endpoint = Endpoint::connect(*m_stack, m_server, m_tcp, *m_registry);
  m_endpoint->callbacks().onConnected = [this] { onConnected(); };
  m_endpoint->callbacks().onMessage = [this](const messaging::Received<SessionMessage>& m) {
    onMessage(m.meta);
  };
  m_endpoint->callbacks().onClosed = [this](const char*) { onClosed(); };
}

void SessionBackendClient::onConnected() {
  m_connected = m_everConnected = true;
  if (m_recovering) m_recoveries.back().reconnectedAt = m_sched->now();
  if (m_credential == 0) {
    startLogin();
  } else {
    trySend();
  }
}

void SessionBackendClient::startLogin() { sendLoginStep(1); }

void SessionBackendClient::sendLoginStep(std::uint32_t step) {
  m_outstanding = Outstanding::Login;
  ++m_counters.loginExchanges;
  m_endpoint->send({SessionOp::LoginStep, step, 0, 0}, m_backend.loginRequestBytes);
}

// A new request: written now if the connection and a credential are ready, else when they are.
void SessionBackendClient::issueNext() {
  m_haveRequest = true;
  m_current = SessionRequestRecord{};
  m_current.client = m_index;
  m_current.request = m_counters.requestsCompleted;
  m_current.issuedAt = m_sched->now();
  trySend();
}

void SessionBackendClient::trySend() {
  if (!m_haveRequest || !m_connected || m_credential == 0 || m_outstanding != Outstanding::None) return;
  m_outstanding = Outstanding::Request;
  if (m_current.attempts > 0) ++m_counters.requestsRepeated;
  ++m_current.attempts;
  ++m_counters.requestsSent;
  if (m_recovering && m_recoveries.back().firstRequestAt == sim::SimTime()) {
    m_recoveries.back().firstRequestAt = m_sched->now();
  }
  const std::uint32_t credentialBytes =
      m_backend.design == SessionDesign::Stateful ? m_backend.cookieBytes : m_backend.tokenBytes;
  m_endpoint->send({SessionOp::Request, 0, m_credential, m_current.request},
                   m_backend.requestBytes + credentialBytes);
}

void SessionBackendClient::onMessage(const SessionMessage& m) {
  const sim::SimTime now = m_sched->now();
  switch (m.op) {
    case SessionOp::LoginReply:
      if (static_cast<int>(m.step) < m_backend.loginExchanges) {
        sendLoginStep(m.step + 1);
        return;
      }
      m_credential = m.credential;
      m_outstanding = Outstanding::None;
      trySend();
      return;
    case SessionOp::Unauthorized:
      // RFC 9110 15.5.2: the credentials are not valid (the session died with the process).
      ++m_counters.unauthorized;
      m_credential = 0;
      m_outstanding = Outstanding::None;
      startLogin();
      return;
    case SessionOp::Response: {
      m_outstanding = Outstanding::None;
      m_haveRequest = false;
      m_current.doneAt = now;
      ++m_counters.requestsCompleted;
      m_records.push_back(m_current);
      if (m_recovering) {
        m_recoveries.back().firstResponseAt = now;
        m_recovering = false;
      }
      requestCompleted(m_records.back());
      if (done()) {
        m_endpoint->close();
        return;
      }
      if (m_config.thinkTime > sim::Duration::zero()) {
        later(m_thinkTimer, m_config.thinkTime, &SessionBackendClient::issueNext);
      } else {
        issueNext();
      }
      return;
    }
    default:
      return;
  }
}

// Runs inside the endpoint's own onClosed: the endpoint is retired, not destroyed.
void SessionBackendClient::onClosed() {
  m_connected = false;
  m_retired.push_back(std::move(m_endpoint));
  if (done()) return;
  if (m_everConnected) {
    ++m_counters.connectionResets;
    if (!m_recovering) {
      m_recovering = true;
      m_recoveries.push_back(SessionRecovery{});
      m_recoveries.back().lostAt = m_sched->now();
    }
  } else {
    ++m_counters.refusedConnects;
  }
  if (m_outstanding == Outstanding::Request) ++m_counters.failedByReset;
  if (m_outstanding == Outstanding::Login) {
    ++m_counters.loginsAborted;
    m_credential = 0;  // a half-done login starts over
  }
  m_outstanding = Outstanding::None;
  later(m_connectTimer, m_config.reconnectInterval, &SessionBackendClient::connect);
}

}  // namespace wirelab::models::workload
