// File: models/transport/cc/cubic.h
// CUBIC congestion control (RFC 9438): after a loss the window follows the cubic
// W_cubic(t) = C (t - K)^3 + W_max of the time since the congestion-avoidance epoch began, concave
// up to the previous maximum W_max and convex beyond it, never slower than Reno would be
// (the Reno-friendly estimate W_est). Slow start is NewReno's (RFC 9438 section 4.10).
#pragma once

#include <cstdint>
#include <optional>

#include "models/transport/cc/loss_based_controller.h"

namespace wirelab::models::transport::cc {

class Cubic final : public LossBasedController {
 public:
  // RFC 9438 section 5: C = 0.4, beta_cubic = 0.7 (as the integer ratio 7/10 for byte windows).
  static constexpr double kC = 0.4;
  static constexpr double kBeta = 0.7;
  static constexpr std::uint64_t kBetaNumerator = 7;
  static constexpr std::uint64_t kBetaDenominator = 10;
  // RFC 9438 section 4.3: alpha_cubic = 3 (1 - beta) / (1 + beta), Reno's average rate at beta.
  static constexpr double kAlphaCubic = 3.0 * (1.0 - kBeta) / (1.0 + kBeta);

  // Throws std::invalid_argument for an unusable config (see validateCongestionConfig).
  explicit Cubic(const CongestionConfig& config, bool fastConvergence = true);

  const char* name() const override { return "CUBIC"; }
  void onPacketSent(sim::SimTime now, std::uint64_t bytes) override;
  void onAck(const AckEvent& ack) override;
  void onCongestionEvent(sim::SimTime now, std::uint64_t bytesInFlight) override;
  void onRecoveryExit(sim::SimTime now) override;
  void onRetransmissionTimeout(sim::SimTime now, std::uint64_t bytesInFlight) override;

  // State in the RFC's units (segments, seconds), for tests and charts. The epoch and K exist only
  // once congestion avoidance has begun since the last congestion event.
  double wMaxSegments() const { return m_wMax; }
  double cwndPriorSegments() const { return m_cwndPrior; }
  double wEstSegments() const { return m_wEst; }
  double kSeconds() const { return m_k; }
  std::optional<sim::SimTime> epochStart() const { return m_epochStart; }
  // W_cubic(t) of RFC 9438 section 4.2, in segments, t in seconds since the epoch start.
  double cubicWindowSegments(double tSeconds) const;

 private:
  void startEpoch(sim::SimTime now);
  void congestionAvoidance(const AckEvent& ack, std::uint64_t bytesAcked);
  void shiftEpoch(sim::SimTime pausedSince, sim::SimTime now);
  // RFC 9438 section 4.6 / 4.7: the W_max update and ssthresh = cwnd * beta_cubic.
  void reduce();
  double segments(std::uint64_t bytes) const;

  bool m_fastConvergence;
  // W_max is unknown before the first loss (a HyStart++ exit) and is deliberately forgotten after an
  // RTO: the next epoch then uses W_max = cwnd_epoch and K = 0 (RFC 9438 sections 4.8 and 4.10).
  bool m_wMaxFromEpoch = true;
  double m_wMax = 0;       // segments
  double m_cwndPrior = 0;  // segments: cwnd before the last reduction
  double m_wEst = 0;       // segments: Reno-friendly estimate
  double m_k = 0;          // seconds
  double m_carry = 0;      // fraction of a byte of growth not yet applied to the integer cwnd
  std::optional<sim::SimTime> m_epochStart;
  // Start of the current application-limited or idle stretch, which t must not count (5.8).
  std::optional<sim::SimTime> m_appLimitedSince;
  std::optional<sim::SimTime> m_idleSince;
};

}  // namespace wirelab::models::transport::cc
