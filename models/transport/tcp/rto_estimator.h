// File: models/transport/tcp/rto_estimator.h
// The retransmission timeout of RFC 6298: SRTT and RTTVAR from RTT samples (section 2), a minimum
// and maximum (sections 2.4, 2.5), and exponential backoff (section 5.5). Karn's rule (no samples
// from retransmitted segments, section 3) is the caller's: it simply does not call addSample.
#pragma once

#include "sim/core/time.h"

namespace wirelab::models::transport::tcp {

class RtoEstimator {
 public:
  // `minRtoBoundsVariance`: the minimum bounds the variance term, RTO = SRTT + max(4 RTTVAR, min),
  // as Linux does (tcp_rtt_estimator() keeps rttvar_us >= tcp_rto_min_us; tcp_set_rto() adds it
  // to srtt); otherwise RFC 6298 2.4's RTO = max(SRTT + 4 RTTVAR, min).
  RtoEstimator(sim::Duration initialRto, sim::Duration minRto, sim::Duration maxRto,
               bool minRtoBoundsVariance = false);

  void addSample(sim::Duration rtt);
  void backOff();  // section 5.5: RTO <- min(2 RTO, max)
  // Section 5.7: after the SYN timed out, RTO for data starts at 3 s if no sample arrived yet.
  void resetAfterHandshakeTimeout();

  sim::Duration rto() const { return m_rto; }
  sim::Duration smoothedRtt() const { return m_srtt; }
  sim::Duration rttVariation() const { return m_rttvar; }
  sim::Duration minRtt() const { return m_minRtt; }
  bool hasSample() const { return m_hasSample; }

 private:
  void update();

  sim::Duration m_minRto, m_maxRto;
  bool m_minRtoBoundsVariance = false;
  bool m_hasSample = false;  // beside the other flag: 56 bytes, not 64 (one per TCP connection)
  sim::Duration m_rto;
  sim::Duration m_srtt, m_rttvar;
  sim::Duration m_minRtt = sim::Duration::max();
};

}  // namespace wirelab::models::transport::tcp
