// File: models/transport/tcp/rto_estimator.h
// The retransmission timeout of RFC 6298: SRTT and RTTVAR from RTT samples (section 2), a minimum
// and maximum (sections 2.4, 2.5), and exponential backoff (section 5.5). Karn's rule (no samples
// from retransmitted segments, section 3) is the caller's: it simply does not call addSample.
#pragma once

#include "sim/core/time.h"

namespace wirelab::models::transport::tcp {

// The configuration's limits, given with each call rather than kept: 100,000 connections would
// keep 100,000 copies of the same three values (they come from the shared TcpConfig).
struct RtoBounds {
  sim::Duration min, max;
  // The minimum bounds the variance term, RTO = SRTT + max(4 RTTVAR, min), as Linux does
  // (tcp_rtt_estimator() keeps rttvar_us >= tcp_rto_min_us; tcp_set_rto() adds it to srtt);
  // otherwise RFC 6298 2.4's RTO = max(SRTT + 4 RTTVAR, min).
  bool minBoundsVariance = false;
};

class RtoEstimator {
 public:
  explicit RtoEstimator(sim::Duration initialRto) : m_rto(initialRto) {}

  void addSample(sim::Duration rtt, const RtoBounds& bounds);
  void backOff(const RtoBounds& bounds);  // section 5.5: RTO <- min(2 RTO, max)
  // Section 5.7: after the SYN timed out, RTO for data starts at 3 s if no sample arrived yet.
  void resetAfterHandshakeTimeout(const RtoBounds& bounds);

  sim::Duration rto() const { return m_rto; }
  sim::Duration smoothedRtt() const { return m_srtt; }
  sim::Duration rttVariation() const { return m_rttvar; }
  sim::Duration minRtt() const { return m_minRtt; }
  // A sample arrived: the minimum is no longer its initial "none" (a sample is never that long).
  bool hasSample() const { return m_minRtt != sim::Duration::max(); }

 private:
  void update(const RtoBounds& bounds);

  sim::Duration m_rto;
  sim::Duration m_srtt, m_rttvar;
  sim::Duration m_minRtt = sim::Duration::max();
};

}  // namespace wirelab::models::transport::tcp
