// File: models/transport/cc/hystart_plus_plus.h
// HyStart++ (RFC 9406): a delay-based slow-start exit that NewReno and CUBIC consult on every ACK of
// their initial slow start. It watches the minimum RTT of each round; a rise beyond a threshold moves
// the sender into Conservative Slow Start (growth divided by 4) and, if the rise persists for
// CSS_ROUNDS rounds, out of slow start before the overshoot that a loss would otherwise end.
#pragma once

#include <cstdint>

#include "models/transport/cc/congestion_controller.h"
#include "sim/core/allocation_cluster.h"
#include "sim/core/time.h"

namespace wirelab::models::transport::cc {

// Cluster-allocated: made with its controller, it sits next to it (sim/core/allocation_cluster.h).
class HyStartPlusPlus : public sim::ClusterAllocated {
 public:
  // RFC 9406 section 4.3 constants.
  static constexpr sim::Duration kMinRttThreshold = sim::Milliseconds(4);
  static constexpr sim::Duration kMaxRttThreshold = sim::Milliseconds(16);
  static constexpr std::int64_t kMinRttDivisor = 8;
  static constexpr std::uint32_t kRttSamplesPerRound = 8;  // N_RTT_SAMPLE
  static constexpr std::uint32_t kCssGrowthDivisor = 4;
  static constexpr std::uint32_t kCssRounds = 5;

  enum class Phase { StandardSlowStart, ConservativeSlowStart };
  // What the controller does with the ACK just fed in.
  enum class Verdict {
    GrowStandard,      // RFC 5681 / RFC 3465 slow-start growth
    GrowConservative,  // the same growth divided by kCssGrowthDivisor
    ExitSlowStart,     // set ssthresh = cwnd and continue in congestion avoidance
  };

  // Feeds one ACK that arrived during the initial slow start (the caller stops calling once ssthresh
  // is no longer infinite: RFC 9406 section 4.2 uses HyStart++ for the initial slow start only).
  Verdict onAck(const AckEvent& ack);

  Phase phase() const { return m_phase; }
  // Non-null when the last onAck changed the phase: the cause the controller reports.
  const char* transition() const { return m_transition; }
  std::uint32_t cssRoundsCompleted() const { return m_cssRounds; }
  // Duration::max() stands for the RFC's "infinity" (no sample yet).
  sim::Duration lastRoundMinRtt() const { return m_lastRoundMinRtt; }
  sim::Duration currentRoundMinRtt() const { return m_currentRoundMinRtt; }
  sim::Duration cssBaselineMinRtt() const { return m_cssBaselineMinRtt; }

  // RttThresh = clamp(lastRoundMinRTT / 8, 4 ms, 16 ms) (RFC 9406 section 4.2).
  static sim::Duration rttThreshold(sim::Duration lastRoundMinRtt);

 private:
  void startRound(std::uint64_t round);

  Phase m_phase = Phase::StandardSlowStart;
  bool m_roundStarted = false;
  std::uint64_t m_round = 0;
  std::uint32_t m_rttSampleCount = 0;
  std::uint32_t m_cssRounds = 0;
  sim::Duration m_lastRoundMinRtt = sim::Duration::max();
  sim::Duration m_currentRoundMinRtt = sim::Duration::max();
  sim::Duration m_cssBaselineMinRtt = sim::Duration::max();
  const char* m_transition = nullptr;
};

}  // namespace wirelab::models::transport::cc
