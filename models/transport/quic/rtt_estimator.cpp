// File: models/transport/quic/rtt_estimator.cpp
#include "models/transport/quic/rtt_estimator.h"

#include <algorithm>

namespace wirelab::models::transport::quic {

void RttEstimator::reset() {
  m_latest = sim::Duration::zero();
  m_smoothed = m_initialRtt;
  m_variance = m_initialRtt / 2;
  m_min = sim::Duration::zero();
  m_hasSample = false;
}

void RttEstimator::addSample(sim::Duration latestRtt, sim::Duration ackDelay, sim::Duration maxAckDelay,
                             bool handshakeConfirmed, sim::SimTime now) {
  m_latest = latestRtt;
  if (!m_hasSample) {
    // RFC 9002 section 5.3: the first sample initialises everything.
    m_hasSample = true;
    m_firstSampleTime = now;
    m_min = latestRtt;
    m_smoothed = latestRtt;
    m_variance = latestRtt / 2;
    return;
  }
  // min_rtt ignores ACK delay (section 5.2), so a wrong delay report can never lower it.
  m_min = std::min(m_min, latestRtt);
  if (handshakeConfirmed) ackDelay = std::min(ackDelay, maxAckDelay);
  sim::Duration adjusted = latestRtt;
  if (latestRtt >= m_min + ackDelay) adjusted = latestRtt - ackDelay;
  const sim::Duration deviation = m_smoothed > adjusted ? m_smoothed - adjusted : adjusted - m_smoothed;
  // rttvar = 3/4 rttvar + 1/4 |smoothed - adjusted|; smoothed = 7/8 smoothed + 1/8 adjusted.
  m_variance = (m_variance * 3 + deviation) / 4;
  m_smoothed = (m_smoothed * 7 + adjusted) / 8;
}

}  // namespace wirelab::models::transport::quic
