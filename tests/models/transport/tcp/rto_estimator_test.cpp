#include "models/transport/tcp/rto_estimator.h"

#include <gtest/gtest.h>

namespace wirelab::models::transport::tcp {
namespace {

using sim::Milliseconds;
using sim::Seconds;

TEST(RtoEstimator, FollowsRfc6298) {
  RtoEstimator e(Seconds(1), Milliseconds(200), Seconds(60));
  EXPECT_EQ(e.rto(), Seconds(1));  // 2.1: before any sample
  e.addSample(Milliseconds(100));
  // 2.2: SRTT = 100, RTTVAR = 50, RTO = 100 + 4 * 50 = 300 ms.
  EXPECT_EQ(e.smoothedRtt(), Milliseconds(100));
  EXPECT_EQ(e.rttVariation(), Milliseconds(50));
  EXPECT_EQ(e.rto(), Milliseconds(300));
  e.addSample(Milliseconds(180));
  // 2.3: RTTVAR = 3/4 * 50 + 1/4 * |100 - 180| = 57.5; SRTT = 7/8 * 100 + 1/8 * 180 = 110.
  EXPECT_EQ(e.rttVariation().nanoseconds(), 57'500'000);
  EXPECT_EQ(e.smoothedRtt(), Milliseconds(110));
  EXPECT_EQ(e.rto(), Milliseconds(340));
  EXPECT_EQ(e.minRtt(), Milliseconds(100));
}

TEST(RtoEstimator, ClampsAndBacksOff) {
  RtoEstimator e(Seconds(1), Seconds(1), Seconds(60));
  e.addSample(Milliseconds(10));
  EXPECT_EQ(e.rto(), Seconds(1));  // 2.4: minimum 1 s
  for (int i = 0; i < 10; ++i) e.backOff();
  EXPECT_EQ(e.rto(), Seconds(60));  // 5.5 doubling, capped by 2.5
}

TEST(RtoEstimator, LinuxBoundsTheVarianceTermNotTheSum) {
  // A steady 80 ms path: RTTVAR decays towards 0, so RFC 6298 gives the 200 ms minimum while Linux
  // (rttvar_us >= tcp_rto_min) gives SRTT + 200 ms.
  RtoEstimator rfc(Seconds(1), Milliseconds(200), Seconds(120));
  RtoEstimator linuxLike(Seconds(1), Milliseconds(200), Seconds(120), /*minRtoBoundsVariance=*/true);
  for (int i = 0; i < 100; ++i) {
    rfc.addSample(Milliseconds(80));
    linuxLike.addSample(Milliseconds(80));
  }
  EXPECT_EQ(rfc.rto(), Milliseconds(200));
  EXPECT_NEAR(linuxLike.rto().seconds(), 0.280, 1e-6);
  // A variance larger than the minimum counts in full in both.
  RtoEstimator noisy(Seconds(1), Milliseconds(200), Seconds(120), true);
  noisy.addSample(Milliseconds(400));  // RTTVAR = 200 ms: 4 RTTVAR = 800 ms > 200 ms
  EXPECT_EQ(noisy.rto(), Milliseconds(1200));
}

TEST(RtoEstimator, HandshakeTimeoutResetsToThreeSecondsOnlyWithoutSamples) {
  RtoEstimator fresh(Seconds(1), Milliseconds(200), Seconds(60));
  fresh.backOff();
  fresh.resetAfterHandshakeTimeout();
  EXPECT_EQ(fresh.rto(), Seconds(3));
}

}  // namespace
}  // namespace wirelab::models::transport::tcp
