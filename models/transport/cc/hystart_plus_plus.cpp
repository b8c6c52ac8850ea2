// File: models/transport/cc/hystart_plus_plus.cpp
// RFC 9406 section 4.2, step by step. Rounds are the transport's round-trip count (AckEvent::
// roundTripCount) instead of the RFC's windowEnd = SND.NXT marker: both advance once per flight.
#include "models/transport/cc/hystart_plus_plus.h"

#include <algorithm>

namespace wirelab::models::transport::cc {

sim::Duration HyStartPlusPlus::rttThreshold(sim::Duration lastRoundMinRtt) {
  // RFC 9406 section 4.2: a fraction of the base RTT, clamped so that short paths are not ended by
  // scheduling noise (4 ms floor) and long paths still react to a modest queue (16 ms ceiling).
  return std::clamp(lastRoundMinRtt / kMinRttDivisor, kMinRttThreshold, kMaxRttThreshold);
}

void HyStartPlusPlus::startRound(std::uint64_t round) {
  // RFC 9406 section 4.2: at the start of each round, the finished round's minimum becomes the
  // reference and sampling starts afresh.
  m_roundStarted = true;
  m_round = round;
  m_lastRoundMinRtt = m_currentRoundMinRtt;
  m_currentRoundMinRtt = sim::Duration::max();
  m_rttSampleCount = 0;
}

HyStartPlusPlus::Verdict HyStartPlusPlus::onAck(const AckEvent& ack) {
  m_transition = nullptr;
  if (!m_roundStarted || ack.roundTripCount != m_round) {
    if (m_roundStarted && m_phase == Phase::ConservativeSlowStart) {
      // A CSS round has ended. RFC 9406 section 4.2: after CSS_ROUNDS rounds of CSS the delay rise
      // is taken as real and the sender enters congestion avoidance. The round in which CSS was
      // entered counts as the first.
      ++m_cssRounds;
      if (m_cssRounds >= kCssRounds) {
        m_transition = "HyStart++: slow-start exit";
        return Verdict::ExitSlowStart;
      }
    }
    startRound(ack.roundTripCount);
  }

  // Karn's rule: an ACK without a valid sample (zero) is not an RTT measurement.
  if (ack.rttSample > sim::Duration::zero()) {
    m_currentRoundMinRtt = std::min(m_currentRoundMinRtt, ack.rttSample);
    ++m_rttSampleCount;
  }

  // RFC 9406 section 4.2: decide only once the round has N_RTT_SAMPLE samples and both rounds'
  // minima are known, so that one early sample cannot end slow start.
  const bool enoughSamples = m_rttSampleCount >= kRttSamplesPerRound &&
                             m_currentRoundMinRtt != sim::Duration::max() &&
                             m_lastRoundMinRtt != sim::Duration::max();
  if (enoughSamples) {
    if (m_phase == Phase::StandardSlowStart) {
      if (m_currentRoundMinRtt >= m_lastRoundMinRtt + rttThreshold(m_lastRoundMinRtt)) {
        // The queue is building: slow down instead of stopping, in case the rise is transient.
        m_cssBaselineMinRtt = m_currentRoundMinRtt;
        m_phase = Phase::ConservativeSlowStart;
        m_cssRounds = 0;
        m_transition = "HyStart++: entering conservative slow start";
      }
    } else if (m_currentRoundMinRtt < m_cssBaselineMinRtt) {
      // RFC 9406 section 4.2: the RTT fell below the level that triggered CSS, so the increase was
      // spurious: resume standard slow start.
      m_cssBaselineMinRtt = sim::Duration::max();
      m_phase = Phase::StandardSlowStart;
      m_cssRounds = 0;
      m_transition = "HyStart++: spurious delay increase, back to slow start";
    }
  }
  return m_phase == Phase::StandardSlowStart ? Verdict::GrowStandard : Verdict::GrowConservative;
}

}  // namespace wirelab::models::transport::cc
