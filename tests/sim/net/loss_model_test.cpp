#include "sim/net/loss_model.h"

#include <gtest/gtest.h>

#include <cmath>
#include <cstdio>
#include <stdexcept>
#include <vector>

namespace wirelab::sim {
namespace {

// |observed - n p| must lie within 4 binomial standard deviations (two-sided 99.994%); the streams
// are seeded, so a pass is reproducible, and the bound is what a fresh seed would meet.
void expectBinomial(std::int64_t lost, std::int64_t n, double p) {
  const double sd = std::sqrt(static_cast<double>(n) * p * (1 - p));
  EXPECT_NEAR(static_cast<double>(lost), static_cast<double>(n) * p, 4 * sd) << "p=" << p << " n=" << n;
  // Evidence for docs/VALIDATION.md.
  std::printf("VALIDATION bernoulli p=%g n=%lld lost=%lld expected=%.0f sd=%.1f z=%.2f\n", p,
              static_cast<long long>(n), static_cast<long long>(lost), static_cast<double>(n) * p, sd,
              (static_cast<double>(lost) - static_cast<double>(n) * p) / sd);
}

TEST(BernoulliLoss, RateIsWithinItsBinomialConfidenceInterval) {
  const RandomStreams streams(2026, 0);
  for (const double p : {0.001, 0.005, 0.01, 0.05, 0.2}) {
    BernoulliLoss loss(p, streams.stream("bernoulli/" + std::to_string(p)));
    const std::int64_t n = 1'000'000;
    std::int64_t lost = 0;
    for (std::int64_t i = 0; i < n; ++i) lost += loss.shouldDrop() ? 1 : 0;
    expectBinomial(lost, n, p);
    EXPECT_DOUBLE_EQ(loss.expectedLossRate(), p);
  }
}

TEST(BernoulliLoss, RejectsProbabilitiesOutsideZeroOne) {
  EXPECT_THROW(BernoulliLoss(-0.1, RandomStream(1)), std::invalid_argument);
  EXPECT_THROW(BernoulliLoss(1.5, RandomStream(1)), std::invalid_argument);
}

TEST(GilbertElliottLoss, MeanBurstLengthAndLossRateMatchTheClosedForms) {
  // Simple Gilbert model: p = 0.01, r = 0.25 -> loss rate p/(p+r) = 3.846%, mean burst 1/r = 4.
  GilbertElliottLoss::Parameters params{0.01, 0.25, 0.0, 1.0};
  GilbertElliottLoss loss(params, RandomStream(77));
  const std::int64_t n = 2'000'000;
  std::int64_t lost = 0, bursts = 0, run = 0, burstPackets = 0;
  for (std::int64_t i = 0; i < n; ++i) {
    if (loss.shouldDrop()) {
      ++lost;
      ++run;
    } else if (run > 0) {
      ++bursts;
      burstPackets += run;
      run = 0;
    }
  }
  const double p = params.goodToBad, r = params.badToGood;
  const double rate = static_cast<double>(lost) / static_cast<double>(n);
  const double expectedRate = p / (p + r);
  EXPECT_NEAR(loss.expectedLossRate(), expectedRate, 1e-15);
  // Standard error of a two-state Markov chain's occupancy mean: sqrt(pi(1-pi)(1+l)/(1-l)/n),
  // l = 1 - p - r its second eigenvalue. Allow 4 of them.
  const double lambda = 1 - p - r;
  const double se =
      std::sqrt(expectedRate * (1 - expectedRate) * (1 + lambda) / (1 - lambda) / static_cast<double>(n));
  EXPECT_NEAR(rate, expectedRate, 4 * se);
  // Burst lengths are geometric with mean 1/r and sd sqrt(1-r)/r; allow 4 standard errors.
  const double meanBurst = static_cast<double>(burstPackets) / static_cast<double>(bursts);
  const double burstSe = std::sqrt(1 - r) / r / std::sqrt(static_cast<double>(bursts));
  EXPECT_NEAR(meanBurst, 1 / r, 4 * burstSe);
  std::printf(
      "VALIDATION gilbert-elliott loss_rate=%.5f expected=%.5f (4 se=%.5f) mean_burst=%.4f expected=%.4f "
      "(4 se=%.4f) bursts=%lld\n",
      rate, expectedRate, 4 * se, meanBurst, 1 / r, 4 * burstSe, static_cast<long long>(bursts));
}

TEST(GilbertElliottLoss, GeneralModelLossRateMatchesTheClosedForm) {
  // Lossy good state and a partly lossy bad state: rate = (r k + p h) / (p + r).
  GilbertElliottLoss::Parameters params{0.02, 0.1, 0.01, 0.5};
  GilbertElliottLoss loss(params, RandomStream(78));
  const std::int64_t n = 2'000'000;
  std::int64_t lost = 0;
  for (std::int64_t i = 0; i < n; ++i) lost += loss.shouldDrop() ? 1 : 0;
  const double expected = (0.1 * 0.01 + 0.02 * 0.5) / 0.12;
  EXPECT_NEAR(loss.expectedLossRate(), expected, 1e-12);
  // Looser than the simple model (the state is hidden behind a coin): 3% relative.
  EXPECT_NEAR(static_cast<double>(lost) / static_cast<double>(n), expected, 0.03 * expected);
}

TEST(ListLoss, LosesExactlyTheListedPositions) {
  ListLoss loss({5, 0, 3, 3});
  std::vector<int> lost;
  for (int i = 0; i < 10; ++i) {
    if (loss.shouldDrop()) lost.push_back(i);
  }
  EXPECT_EQ(lost, (std::vector<int>{0, 3, 5}));
  EXPECT_EQ(loss.describe(), "list(0,3,5)");
}

TEST(GilbertElliottLoss, RejectsInvalidParameters) {
  EXPECT_THROW(GilbertElliottLoss({0.0, 0.0, 0.0, 1.0}, RandomStream(1)), std::invalid_argument);
  EXPECT_THROW(GilbertElliottLoss({0.1, 1.2, 0.0, 1.0}, RandomStream(1)), std::invalid_argument);
}

}  // namespace
}  // namespace wirelab::sim
