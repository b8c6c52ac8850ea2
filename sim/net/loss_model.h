// File: sim/net/loss_model.h
// Which packets a link loses on the wire. Each model draws from its own named random stream, so
// the same seed loses the same packets whatever else the scenario contains (common random numbers
// across protocol variants).
#pragma once

#include <cstdint>
#include <memory>
#include <string>
#include <vector>

#include "sim/core/random.h"

namespace wirelab::sim {

class LossModel {
 public:
  virtual ~LossModel() = default;
  // Called once per packet leaving the transmitter, in order. True means the packet is lost.
  virtual bool shouldDrop() = 0;
  // The long-run fraction of packets lost (closed form), for reports and tests.
  virtual double expectedLossRate() const = 0;
  virtual std::string describe() const = 0;
};

// Each packet is lost independently with probability p.
class BernoulliLoss final : public LossModel {
 public:
  BernoulliLoss(double lossProbability, RandomStream stream);
  bool shouldDrop() override { return m_stream.uniform01() < m_p; }
  double expectedLossRate() const override { return m_p; }
  std::string describe() const override;

 private:
  double m_p;
  RandomStream m_stream;
};

// Gilbert-Elliott two-state Markov chain, stepped once per packet: Good -> Bad with probability p,
// Bad -> Good with probability r; a packet is lost with probability lossInGood in Good and
// lossInBad in Bad (the simple Gilbert model is lossInGood = 0, lossInBad = 1).
// Stationary P(Bad) = p / (p + r); loss rate = (r * lossInGood + p * lossInBad) / (p + r);
// the Bad state lasts 1/r packets on average, which is the mean loss-burst length when
// lossInBad = 1 and lossInGood = 0.
class GilbertElliottLoss final : public LossModel {
 public:
  struct Parameters {
    double goodToBad = 0.01;  // p
    double badToGood = 0.5;   // r
    double lossInGood = 0.0;
    double lossInBad = 1.0;
  };
  GilbertElliottLoss(Parameters parameters, RandomStream stream);
  bool shouldDrop() override;
  double expectedLossRate() const override;
  std::string describe() const override;
  bool inBadState() const { return m_bad; }

 private:
  Parameters m_params;
  RandomStream m_stream;
  bool m_bad = false;
};

// Loses exactly the packets at the listed positions (0-based, counting every packet this link
// direction transmits), like ns-3's ReceiveListErrorModel: for tests and scenarios that need one
// particular segment lost ("drop the third data packet").
class ListLoss final : public LossModel {
 public:
  explicit ListLoss(std::vector<std::uint64_t> positions);
  bool shouldDrop() override;
  double expectedLossRate() const override { return 0.0; }  // not a rate: a script
  std::string describe() const override;

 private:
  std::vector<std::uint64_t> m_positions;  // sorted, unique
  std::size_t m_next = 0;
  std::uint64_t m_seen = 0;
};

}  // namespace wirelab::sim
