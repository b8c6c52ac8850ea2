// File: models/transport/tcp/tcp_trace_collector.h
// Records one TCP connection's trace signals as time series for charts and exports: cwnd,
// ssthresh, bytes in flight, smoothed RTT, retransmissions, delivered bytes (on a receiving
// connection), and every state
// change and retransmission with its cause. The connection does not know it is observed; the
// collector only subscribes (the collector must not outlive the connection's signals' use).
#pragma once

#include <string>
#include <vector>

#include "models/transport/tcp/tcp_connection.h"
#include "sim/metrics/time_series.h"

namespace wirelab::models::transport::tcp {

class TcpTraceCollector {
 public:
  struct Event {
    sim::SimTime time;
    std::string what;   // "ESTABLISHED", "retransmit", "window"
    std::string cause;  // the model's cause string
  };

  // Subscribes to `connection`; `scheduler` timestamps the signals that carry no time.
  TcpTraceCollector(TcpConnection& connection, const sim::Scheduler& scheduler);

  const sim::TimeSeries& cwndBytes() const { return m_cwnd; }
  // Before the first loss ssthresh is "arbitrarily high" (RFC 5681): no sample is recorded then.
  const sim::TimeSeries& ssthreshBytes() const { return m_ssthresh; }
  const sim::TimeSeries& bytesInFlight() const { return m_inFlight; }
  const sim::TimeSeries& smoothedRttMs() const { return m_srtt; }
  const sim::TimeSeries& retransmissions() const { return m_retransmissions; }  // cumulative count
  const sim::TimeSeries& deliveredBytes() const { return m_delivered; }         // cumulative, receiver side
  const std::vector<Event>& events() const { return m_events; }
  // Window changes whose cause differs from the previous one (slow start -> congestion avoidance,
  // "RTO fired", ...): the annotations a cwnd chart shows.
  const std::vector<Event>& causeChanges() const { return m_causeChanges; }

 private:
  sim::TimeSeries m_cwnd, m_ssthresh, m_inFlight, m_srtt, m_retransmissions, m_delivered;
  double m_deliveredTotal = 0;
  std::vector<Event> m_events;
  std::vector<Event> m_causeChanges;
  std::string m_lastCause;
  double m_retransmitCount = 0;
  const sim::Scheduler* m_sched;
};

}  // namespace wirelab::models::transport::tcp
