// File: tests/models/transport/cc/cubic_test.cpp
// CUBIC against RFC 9438: the window after a loss follows W(t) = C (t - K)^3 + W_max (the issue's
// validation item: within 5%), K, the Reno-friendly region, fast convergence, beta = 0.7, RTO and
// application-limited epochs. Each test states its tolerance.
#include "models/transport/cc/cubic.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <vector>

#include "tests/models/transport/cc/ack_driver.h"

namespace wirelab::models::transport::cc {
namespace {

using testing::AckDriver;
using testing::RoundOptions;

constexpr std::uint64_t kMss = 1448;

CongestionConfig configWithWindow(std::uint32_t segments) {
  CongestionConfig c;
  c.initialWindowSegments = segments;
  return c;
}

// A loss at cwnd = W_max, one RTT of recovery, then the first ACK of the congestion-avoidance epoch.
void lossAndRecovery(Cubic& cc, AckDriver& driver) {
  cc.onCongestionEvent(driver.now(), cc.cwndBytes());
  driver.runRound({.inRecovery = true});
  cc.onRecoveryExit(driver.now());
}

TEST(Cubic, MultiplicativeDecreaseUsesBetaPointSeven) {
  Cubic cc{configWithWindow(100)};
  EXPECT_STREQ(cc.name(), "CUBIC");
  cc.onCongestionEvent(sim::SimTime::zero(), 100 * kMss);
  // RFC 9438 section 4.6: exact in integer bytes (7/10 of 144800).
  EXPECT_EQ(cc.cwndBytes(), 70 * kMss);
  EXPECT_EQ(cc.ssthreshBytes(), 70 * kMss);
  EXPECT_DOUBLE_EQ(cc.wMaxSegments(), 100.0);
  EXPECT_DOUBLE_EQ(cc.cwndPriorSegments(), 100.0);
  EXPECT_STREQ(cc.lastCause(), "fast retransmit: multiplicative decrease");

  Cubic odd{configWithWindow(1)};
  odd.onCongestionEvent(sim::SimTime::zero(), kMss);
  EXPECT_EQ(odd.cwndBytes(), 2 * kMss);  // never below the minimum window
}

TEST(Cubic, KIsTheCubeRootOfWmaxTimesOneMinusBetaOverC) {
  Cubic cc{configWithWindow(100)};
  AckDriver driver(cc, kMss);
  lossAndRecovery(cc, driver);
  EXPECT_FALSE(cc.epochStart().has_value());  // the epoch begins with congestion avoidance
  driver.ackNow(kMss);
  ASSERT_TRUE(cc.epochStart().has_value());
  EXPECT_EQ(*cc.epochStart(), driver.now());
  // cbrt(100 * 0.3 / 0.4) = cbrt(75) = 4.2172 s; tolerance 1e-9 s (double rounding only).
  EXPECT_NEAR(cc.kSeconds(), std::cbrt(75.0), 1e-9);
  EXPECT_NEAR(cc.kSeconds(), 4.2172, 1e-4);
}

TEST(Cubic, WindowAfterALossFollowsTheCubicWithinFivePercent) {
  // Issue validation item: "CUBIC: window growth after a loss follows W(t) = C(t-K)^3 + Wmax within
  // 5%". W_max = 100 MSS, RTT = 100 ms, one window of ACKs per RTT, from t = 0 to 2K (70 -> 130 MSS)
  // so that both the concave and the convex region are covered. Tolerance 5% over the whole run;
  // 0.5% on the ACKs where the cubic, not the Reno-friendly estimate, sets cwnd. (Around t = 6-8 s
  // W_est, grown with alpha = 1 since regaining cwnd_prior = 100, overtakes the flat part of the
  // curve and RFC 9438 section 4.3 makes cwnd follow it: that is the deviation the 5% absorbs.)
  Cubic cc{configWithWindow(100)};
  AckDriver driver(cc, kMss);
  lossAndRecovery(cc, driver);
  const sim::SimTime epoch = driver.now();  // the epoch itself starts at the next ACK
  const double k = std::cbrt(75.0);
  double maxDeviation = 0, maxCubicGoverned = 0;
  int concaveRounds = 0, convexRounds = 0, renoFriendlyRounds = 0;
  while ((driver.now() - epoch).seconds() < 2 * k) {
    driver.runRound();
    ASSERT_TRUE(cc.epochStart().has_value());
    const double t = (driver.now() - *cc.epochStart()).seconds();
    const double expected = Cubic::kC * std::pow(t - k, 3) + 100.0;
    const double deviation = std::abs(driver.cwndSegments() - expected) / expected;
    maxDeviation = std::max(maxDeviation, deviation);
    if (cc.wEstSegments() > cc.cubicWindowSegments(t)) {
      ++renoFriendlyRounds;
    } else {
      maxCubicGoverned = std::max(maxCubicGoverned, deviation);
      ++(t < k ? concaveRounds : convexRounds);
    }
  }
  std::printf(
      "VALIDATION cubic W_max=100 MSS rtt=100ms K=%.4f s, t=0..2K: max |cwnd - W(t)| / W(t) = %.3f%% "
      "(%.3f%% over the %d concave + %d convex RTTs set by the cubic; %d RTTs Reno-friendly), final "
      "cwnd %.1f MSS\n",
      k, 100 * maxDeviation, 100 * maxCubicGoverned, concaveRounds, convexRounds, renoFriendlyRounds,
      driver.cwndSegments());
  EXPECT_LT(maxDeviation, 0.05);
  EXPECT_LT(maxCubicGoverned, 0.005);
  EXPECT_GT(concaveRounds, 30);
  EXPECT_GT(convexRounds, 5);
  EXPECT_GT(driver.cwndSegments(), 125.0);
  EXPECT_STREQ(cc.lastCause(), "congestion avoidance: CUBIC convex region");
}

TEST(Cubic, RenoFriendlyRegionDominatesAtSmallWindowAndRtt) {
  // W_max = 20 MSS and RTT = 10 ms: the cubic needs K = cbrt(15) = 2.47 s (247 RTTs) to regain W_max
  // while Reno gains alpha_cubic = 3 * 0.3 / 1.7 = 0.529 MSS per window acknowledged, so W_est drives
  // cwnd (RFC 9438 section 4.3). Expected, with w windows acknowledged since the epoch began:
  // W_est = 14 + 0.529 w until it regains cwnd_prior = 20, then + 1 MSS per window (alpha = 1).
  // (w counts windows, not RTTs: the sender sends floor(cwnd / MSS) whole segments per RTT.)
  // Tolerance 2%: the rule divides by cwnd at each ACK and cwnd grows within a round, so a round adds
  // a little less than the closed form's alpha (measured about 1.2% after 40 rounds).
  Cubic cc{configWithWindow(20)};
  AckDriver driver(cc, kMss, sim::Milliseconds(10));
  lossAndRecovery(cc, driver);
  double maxDeviation = 0, windows = 0;
  const double windowsToPrior = (20.0 - 14.0) / Cubic::kAlphaCubic;
  for (int n = 1; n <= 40; ++n) {
    const double before = driver.cwndSegments();
    windows += static_cast<double>(driver.runRound()) / before;
    const double t = (driver.now() - *cc.epochStart()).seconds();
    const double west =
        windows <= windowsToPrior ? 14.0 + Cubic::kAlphaCubic * windows : 20.0 + (windows - windowsToPrior);
    maxDeviation = std::max(maxDeviation, std::abs(driver.cwndSegments() - west) / west);
    EXPECT_LT(cc.cubicWindowSegments(t), cc.wEstSegments()) << "round " << n;
    EXPECT_NEAR(driver.cwndSegments(), cc.wEstSegments(), 1.0 / kMss) << "cwnd = W_est, round " << n;
  }
  std::printf(
      "VALIDATION cubic Reno-friendly W_max=20 MSS rtt=10ms, 40 RTTs: max |cwnd - W_est| / W_est = %.3f%%, "
      "cwnd %.2f MSS vs W_cubic %.2f MSS\n",
      100 * maxDeviation, driver.cwndSegments(),
      cc.cubicWindowSegments((driver.now() - *cc.epochStart()).seconds()));
  EXPECT_LT(maxDeviation, 0.02);
  EXPECT_STREQ(cc.lastCause(), "congestion avoidance: Reno-friendly region");
}

TEST(Cubic, FastConvergenceLowersWmaxForALossBelowThePreviousMaximum) {
  Cubic cc{configWithWindow(100)};
  AckDriver driver(cc, kMss);
  lossAndRecovery(cc, driver);
  while (driver.cwndSegments() < 80) driver.runRound();
  const double atLoss = driver.cwndSegments();
  cc.onCongestionEvent(driver.now(), cc.cwndBytes());
  // RFC 9438 section 4.7: W_max = cwnd (1 + beta) / 2 = 0.85 cwnd; tolerance: double rounding.
  EXPECT_NEAR(cc.wMaxSegments(), atLoss * 0.85, 1e-9);
  EXPECT_NEAR(driver.cwndSegments(), atLoss * 0.7, 1.0 / kMss);

  // Without fast convergence, or for a loss above W_max, W_max is the window at the loss.
  Cubic plain{configWithWindow(100), /*fastConvergence=*/false};
  AckDriver plainDriver(plain, kMss);
  lossAndRecovery(plain, plainDriver);
  while (plainDriver.cwndSegments() < 80) plainDriver.runRound();
  const double plainAtLoss = plainDriver.cwndSegments();
  plain.onCongestionEvent(plainDriver.now(), plain.cwndBytes());
  EXPECT_DOUBLE_EQ(plain.wMaxSegments(), plainAtLoss);

  Cubic above{configWithWindow(100)};
  AckDriver aboveDriver(above, kMss);
  lossAndRecovery(above, aboveDriver);
  while (aboveDriver.cwndSegments() < 110) aboveDriver.runRound();
  const double aboveAtLoss = aboveDriver.cwndSegments();
  above.onCongestionEvent(aboveDriver.now(), above.cwndBytes());
  EXPECT_DOUBLE_EQ(above.wMaxSegments(), aboveAtLoss);
}

TEST(Cubic, RtoGivesTheLossWindowAndANewEpochWithKZero) {
  Cubic cc{configWithWindow(100)};
  AckDriver driver(cc, kMss);
  lossAndRecovery(cc, driver);
  for (int i = 0; i < 10; ++i) driver.runRound();
  const std::uint64_t before = cc.cwndBytes();
  cc.onRetransmissionTimeout(driver.now(), before);
  // RFC 9438 section 4.8: ssthresh from beta_cubic, cwnd = 1 MSS (RFC 5681 loss window). Exact.
  EXPECT_EQ(cc.cwndBytes(), kMss);
  EXPECT_EQ(cc.ssthreshBytes(), before * 7 / 10);
  EXPECT_STREQ(cc.lastCause(), "RTO: loss window");
  EXPECT_FALSE(cc.epochStart().has_value());
  while (cc.inSlowStart()) driver.runRound();
  // The first congestion-avoidance ACK opens the epoch with W_max = cwnd_epoch and K = 0.
  driver.runRound();
  ASSERT_TRUE(cc.epochStart().has_value());
  const double cwndEpoch = static_cast<double>(cc.ssthreshBytes()) / kMss;
  EXPECT_DOUBLE_EQ(cc.kSeconds(), 0.0);
  EXPECT_DOUBLE_EQ(cc.wMaxSegments(), cwndEpoch);
  EXPECT_GE(driver.cwndSegments(), cwndEpoch);
}

TEST(Cubic, NoGrowthInRecoveryOrWhenApplicationLimited) {
  Cubic cc{configWithWindow(100)};
  AckDriver driver(cc, kMss);
  driver.runRound({.applicationLimited = true});
  EXPECT_EQ(cc.cwndBytes(), 100 * kMss);
  cc.onCongestionEvent(driver.now(), cc.cwndBytes());
  for (int i = 0; i < 5; ++i) driver.runRound({.inRecovery = true});
  EXPECT_EQ(cc.cwndBytes(), 70 * kMss);
  cc.onRecoveryExit(driver.now());
  driver.runRound();
  const std::uint64_t w = cc.cwndBytes();
  EXPECT_GT(w, 70 * kMss);
  for (int i = 0; i < 5; ++i) driver.runRound({.applicationLimited = true});
  EXPECT_EQ(cc.cwndBytes(), w);
}

TEST(Cubic, ApplicationLimitedTimeDoesNotAdvanceTheCurve) {
  // RFC 9438 section 5.8: t excludes the stretch in which cwnd could not grow. A flow that pauses
  // for 10 s (app-limited ACKs) then resumes must follow exactly the window sequence of a flow that
  // never paused (tolerance: zero bytes; the epoch shift is exact in integer nanoseconds).
  Cubic steady{configWithWindow(100)};
  Cubic paused{configWithWindow(100)};
  AckDriver a(steady, kMss), b(paused, kMss);
  lossAndRecovery(steady, a);
  lossAndRecovery(paused, b);
  for (int i = 0; i < 15; ++i) {
    a.runRound();
    b.runRound();
  }
  for (int i = 0; i < 100; ++i) b.runRound({.applicationLimited = true});
  EXPECT_EQ(paused.cwndBytes(), steady.cwndBytes());
  for (int i = 0; i < 40; ++i) {
    a.runRound();
    b.runRound();
    ASSERT_EQ(paused.cwndBytes(), steady.cwndBytes()) << "round " << i;
  }
  EXPECT_EQ(*paused.epochStart() - *steady.epochStart(), sim::Seconds(10));
}

TEST(Cubic, IdleTimeDoesNotAdvanceTheCurve) {
  Cubic cc{configWithWindow(100)};
  AckDriver driver(cc, kMss);
  lossAndRecovery(cc, driver);
  driver.runRound();
  const sim::SimTime epoch = *cc.epochStart();
  AckEvent drain;
  drain.now = driver.now();
  drain.bytesAcked = 0;
  drain.bytesInFlight = 0;  // everything acknowledged, nothing to send
  cc.onAck(drain);
  cc.onPacketSent(driver.now() + sim::Seconds(30), kMss);
  EXPECT_EQ(*cc.epochStart(), epoch + sim::Seconds(30));
}

}  // namespace
}  // namespace wirelab::models::transport::cc
