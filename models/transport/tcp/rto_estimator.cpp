#include "models/transport/tcp/rto_estimator.h"

#include <algorithm>

namespace wirelab::models::transport::tcp {

RtoEstimator::RtoEstimator(sim::Duration initialRto, sim::Duration minRto, sim::Duration maxRto,
                           bool minRtoBoundsVariance)
    : m_minRto(minRto), m_maxRto(maxRto), m_minRtoBoundsVariance(minRtoBoundsVariance), m_rto(initialRto) {}

void RtoEstimator::addSample(sim::Duration rtt) {
  m_minRtt = std::min(m_minRtt, rtt);
  if (!m_hasSample) {
    // RFC 6298 section 2.2: SRTT <- R, RTTVAR <- R/2.
    m_srtt = rtt;
    m_rttvar = rtt / 2;
    m_hasSample = true;
  } else {
    // Section 2.3, alpha = 1/8, beta = 1/4, RTTVAR updated with the old SRTT first.
    const sim::Duration diff = m_srtt > rtt ? m_srtt - rtt : rtt - m_srtt;
    m_rttvar = (m_rttvar * 3 + diff) / 4;
    m_srtt = (m_srtt * 7 + rtt) / 8;
  }
  update();
}

void RtoEstimator::update() {
  // RTO <- SRTT + max(G, K*RTTVAR), K = 4; the clock granularity G is 1 ns here.
  const sim::Duration variance = std::max(sim::Nanoseconds(1), m_rttvar * 4);
  m_rto = m_minRtoBoundsVariance ? std::min(m_srtt + std::max(variance, m_minRto), m_maxRto)
                                 : std::clamp(m_srtt + variance, m_minRto, m_maxRto);
}

void RtoEstimator::backOff() { m_rto = std::min(m_rto * 2, m_maxRto); }

void RtoEstimator::resetAfterHandshakeTimeout() {
  if (!m_hasSample) m_rto = std::max(sim::Seconds(3), m_minRto);
}

}  // namespace wirelab::models::transport::tcp
