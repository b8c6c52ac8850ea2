// File: models/transport/cc/new_reno.h
// NewReno congestion control (RFC 5681 with RFC 6582's recovery, which the transport runs): slow
// start and congestion avoidance with appropriate byte counting (RFC 3465), halving on a loss
// episode, a one-segment loss window after a retransmission timeout.
#pragma once

#include <cstdint>

#include "models/transport/cc/loss_based_controller.h"

namespace wirelab::models::transport::cc {

class NewReno final : public LossBasedController {
 public:
  // Throws std::invalid_argument for an unusable config (see validateCongestionConfig).
  explicit NewReno(const CongestionConfig& config);

  const char* name() const override { return "NewReno"; }
  void onPacketSent(sim::SimTime now, std::uint64_t bytes) override;
  void onAck(const AckEvent& ack) override;
  void onCongestionEvent(sim::SimTime now, std::uint64_t bytesInFlight) override;
  void onRecoveryExit(sim::SimTime now) override;
  void onRetransmissionTimeout(sim::SimTime now, std::uint64_t bytesInFlight) override;

  // Bytes acknowledged in congestion avoidance since cwnd last grew (always < cwnd).
  std::uint64_t bytesAckedAccumulator() const { return m_bytesAcked; }

 private:
  void congestionAvoidance(std::uint64_t bytesAcked);
  // RFC 5681 equation (4): ssthresh = max(FlightSize / 2, 2 * SMSS).
  std::uint64_t halvedFlight(std::uint64_t bytesInFlight) const;

  std::uint64_t m_bytesAcked = 0;
};

}  // namespace wirelab::models::transport::cc
