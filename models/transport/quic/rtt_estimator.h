// File: models/transport/quic/rtt_estimator.h
// Round-trip time estimation of RFC 9002 section 5: latest_rtt, min_rtt, smoothed_rtt and
// rttvar, with the peer's reported ACK delay subtracted when that keeps the sample above min_rtt.
#pragma once

#include "sim/core/time.h"

namespace wirelab::models::transport::quic {

class RttEstimator {
 public:
  // RFC 9002 section 6.2.2: before any sample, smoothed_rtt = kInitialRtt, rttvar = kInitialRtt/2.
  explicit RttEstimator(sim::Duration initialRtt) : m_initialRtt(initialRtt) { reset(); }

  // One RTT sample (RFC 9002 section 5.3). `ackDelay` is the peer's reported delay;
  // `handshakeConfirmed` caps it at the peer's max_ack_delay, which is only known to hold then.
  void addSample(sim::Duration latestRtt, sim::Duration ackDelay, sim::Duration maxAckDelay,
                 bool handshakeConfirmed, sim::SimTime now);
  void reset();

  bool hasSample() const { return m_hasSample; }
  sim::SimTime firstSampleTime() const { return m_firstSampleTime; }
  sim::Duration latest() const { return m_latest; }
  sim::Duration smoothed() const { return m_smoothed; }
  sim::Duration variance() const { return m_variance; }
  sim::Duration min() const { return m_min; }

 private:
  sim::Duration m_initialRtt;
  sim::Duration m_latest;
  sim::Duration m_smoothed;
  sim::Duration m_variance;
  sim::Duration m_min;
  sim::SimTime m_firstSampleTime;
  bool m_hasSample = false;
};

}  // namespace wirelab::models::transport::quic
