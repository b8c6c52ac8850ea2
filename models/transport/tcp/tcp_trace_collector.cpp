#include "models/transport/tcp/tcp_trace_collector.h"

#include <limits>

namespace wirelab::models::transport::tcp {

TcpTraceCollector::TcpTraceCollector(TcpConnection& connection, const sim::Scheduler& scheduler)
    : m_sched(&scheduler) {
  connection.traces().windowChanged.connect([this](const TcpConnection::WindowSample& w) {
    m_cwnd.append(w.time, static_cast<double>(w.cwnd));
    if (w.ssthresh != std::numeric_limits<std::uint64_t>::max()) {
      m_ssthresh.append(w.time, static_cast<double>(w.ssthresh));
    }
    m_inFlight.append(w.time, static_cast<double>(w.bytesInFlight));
    m_srtt.append(w.time, w.smoothedRtt.milliseconds());
    if (w.cause != nullptr && m_lastCause != w.cause) {
      m_lastCause = w.cause;
      m_causeChanges.push_back({w.time, "window", w.cause});
    }
  });
  connection.traces().retransmitted.connect([this](std::uint64_t, const char* cause) {
    m_retransmitCount += 1;
    m_retransmissions.append(m_sched->now(), m_retransmitCount);
    m_events.push_back({m_sched->now(), "retransmit", cause});
  });
  connection.traces().dataDelivered.connect([this](std::uint64_t bytes) {
    m_deliveredTotal += static_cast<double>(bytes);
    m_delivered.append(m_sched->now(), m_deliveredTotal);
  });
  connection.traces().stateChanged.connect([this](TcpState state, const char* cause) {
    m_events.push_back({m_sched->now(), toString(state), cause});
  });
}

}  // namespace wirelab::models::transport::tcp
