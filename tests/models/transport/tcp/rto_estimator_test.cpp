#include "models/transport/tcp/rto_estimator.h"

#include <gtest/gtest.h>

namespace wirelab::models::transport::tcp {
namespace {

using sim::Milliseconds;
using sim::Seconds;

// The estimator with the bounds it is given on each call, as TcpConnection gives its configuration's.
struct Estimator {
  Estimator(sim::Duration initial, sim::Duration min, sim::Duration max, bool minBoundsVariance = false)
      : estimator(initial), bounds{min, max, minBoundsVariance} {}
  void addSample(sim::Duration rtt) { estimator.addSample(rtt, bounds); }
  void backOff() { estimator.backOff(bounds); }
  RtoEstimator estimator;
  RtoBounds bounds;
};

TEST(RtoEstimator, FollowsRfc6298) {
  Estimator e(Seconds(1), Milliseconds(200), Seconds(60));
  EXPECT_EQ(e.estimator.rto(), Seconds(1));  // 2.1: before any sample
  e.addSample(Milliseconds(100));
  // 2.2: SRTT = 100, RTTVAR = 50, RTO = 100 + 4 * 50 = 300 ms.
  EXPECT_EQ(e.estimator.smoothedRtt(), Milliseconds(100));
  EXPECT_EQ(e.estimator.rttVariation(), Milliseconds(50));
  EXPECT_EQ(e.estimator.rto(), Milliseconds(300));
  e.addSample(Milliseconds(180));
  // 2.3: RTTVAR = 3/4 * 50 + 1/4 * |100 - 180| = 57.5; SRTT = 7/8 * 100 + 1/8 * 180 = 110.
  EXPECT_EQ(e.estimator.rttVariation().nanoseconds(), 57'500'000);
  EXPECT_EQ(e.estimator.smoothedRtt(), Milliseconds(110));
  EXPECT_EQ(e.estimator.rto(), Milliseconds(340));
  EXPECT_EQ(e.estimator.minRtt(), Milliseconds(100));
}

TEST(RtoEstimator, ClampsAndBacksOff) {
  Estimator e(Seconds(1), Seconds(1), Seconds(60));
  e.addSample(Milliseconds(10));
  EXPECT_EQ(e.estimator.rto(), Seconds(1));  // 2.4: minimum 1 s
  for (int i = 0; i < 10; ++i) e.backOff();
  EXPECT_EQ(e.estimator.rto(), Seconds(60));  // 5.5 doubling, capped by 2.5
}

TEST(RtoEstimator, LinuxBoundsTheVarianceTermNotTheSum) {
  // A steady 80 ms path: RTTVAR decays towards 0, so RFC 6298 gives the 200 ms minimum while Linux
  // (rttvar_us >= tcp_rto_min) gives SRTT + 200 ms.
  Estimator rfc(Seconds(1), Milliseconds(200), Seconds(120));
  Estimator linuxLike(Seconds(1), Milliseconds(200), Seconds(120), /*minRtoBoundsVariance=*/true);
  for (int i = 0; i < 100; ++i) {
    rfc.addSample(Milliseconds(80));
    linuxLike.addSample(Milliseconds(80));
  }
  EXPECT_EQ(rfc.estimator.rto(), Milliseconds(200));
  EXPECT_NEAR(linuxLike.estimator.rto().seconds(), 0.280, 1e-6);
  // A variance larger than the minimum counts in full in both.
  Estimator noisy(Seconds(1), Milliseconds(200), Seconds(120), true);
  noisy.addSample(Milliseconds(400));  // RTTVAR = 200 ms: 4 RTTVAR = 800 ms > 200 ms
  EXPECT_EQ(noisy.estimator.rto(), Milliseconds(1200));
}

TEST(RtoEstimator, HandshakeTimeoutResetsToThreeSecondsOnlyWithoutSamples) {
  Estimator fresh(Seconds(1), Milliseconds(200), Seconds(60));
  fresh.backOff();
  fresh.estimator.resetAfterHandshakeTimeout(fresh.bounds);
  EXPECT_EQ(fresh.estimator.rto(), Seconds(3));
  // With a sample (even one of no time at all), the timeout stays the estimator's.
  Estimator sampled(Seconds(1), Milliseconds(200), Seconds(60));
  EXPECT_FALSE(sampled.estimator.hasSample());
  sampled.addSample(sim::Duration::zero());
  EXPECT_TRUE(sampled.estimator.hasSample());
  EXPECT_EQ(sampled.estimator.minRtt(), sim::Duration::zero());
  sampled.estimator.resetAfterHandshakeTimeout(sampled.bounds);
  EXPECT_EQ(sampled.estimator.rto(), Milliseconds(200));
}

}  // namespace
}  // namespace wirelab::models::transport::tcp
