#include "models/transport/tcp/rto_estimator.h"

#include <algorithm>

namespace wirelab::models::transport::tcp {

void RtoEstimator::addSample(sim::Duration rtt, const RtoBounds& bounds) {
  if (!hasSample()) {
    // RFC 6298 section 2.2: SRTT <- R, RTTVAR <- R/2.
    m_srtt = rtt;
    m_rttvar = rtt / 2;
  } else {
    // Section 2.3, alpha = 1/8, beta = 1/4, RTTVAR updated with the old SRTT first.
    const sim::Duration diff = m_srtt > rtt ? m_srtt - rtt : rtt - m_srtt;
    m_rttvar = (m_rttvar * 3 + diff) / 4;
    m_srtt = (m_srtt * 7 + rtt) / 8;
  }
  m_minRtt = std::min(m_minRtt, rtt);
  update(bounds);
}

void RtoEstimator::update(const RtoBounds& bounds) {
  // RTO <- SRTT + max(G, K*RTTVAR), K = 4; the clock granularity G is 1 ns here.
  const sim::Duration variance = std::max(sim::Nanoseconds(1), m_rttvar * 4);
  m_rto = bounds.minBoundsVariance ? std::min(m_srtt + std::max(variance, bounds.min), bounds.max)
                                   : std::clamp(m_srtt + variance, bounds.min, bounds.max);
}

void RtoEstimator::backOff(const RtoBounds& bounds) { m_rto = std::min(m_rto * 2, bounds.max); }

void RtoEstimator::resetAfterHandshakeTimeout(const RtoBounds& bounds) {
  if (!hasSample()) m_rto = std::max(sim::Seconds(3), bounds.min);
}

}  // namespace wirelab::models::transport::tcp
