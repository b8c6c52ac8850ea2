#include "sim/metrics/summary.h"

#include <gtest/gtest.h>

#include <cmath>
#include <cstdio>
#include <limits>
#include <numbers>
#include <stdexcept>
#include <vector>

#include "sim/core/distributions.h"
#include "sim/core/random.h"

namespace wirelab::sim {
namespace {

TEST(Welford, StableWithALargeOffset) {
  // Deviations -6, -3, 3, 6 around 1e9 + 10: sample variance 90 / 3 = 30. A sum-of-squares formula
  // would subtract two numbers near 4e18 and lose every digit of it.
  Welford w;
  for (const double d : {4.0, 7.0, 13.0, 16.0}) w.add(1e9 + d);
  EXPECT_EQ(w.count(), 4u);
  EXPECT_DOUBLE_EQ(w.mean(), 1e9 + 10);
  EXPECT_NEAR(w.variance(), 30.0, 1e-6);
  EXPECT_NEAR(w.stddev(), std::sqrt(30.0), 1e-7);
}

TEST(Welford, MergeEqualsSequential) {
  Welford all, a, b;
  RandomStream rng(21);
  const Normal dist(50, 7);
  for (int i = 0; i < 1000; ++i) {
    const double x = dist.sample(rng);
    all.add(x);
    (i < 300 ? a : b).add(x);
  }
  Welford merged;
  merged.merge(a);  // into an empty accumulator
  merged.merge(b);
  merged.merge(Welford());
  EXPECT_EQ(merged.count(), all.count());
  EXPECT_NEAR(merged.mean(), all.mean(), 1e-12 * 50);
  EXPECT_NEAR(merged.variance(), all.variance(), 1e-10 * 49);
}

TEST(Welford, TooFewValuesAreNaN) {
  Welford w;
  EXPECT_TRUE(std::isnan(w.mean()));
  w.add(3);
  EXPECT_EQ(w.mean(), 3);
  EXPECT_TRUE(std::isnan(w.variance()));
}

TEST(StudentT, QuantilesMatchPublishedTables) {
  // Printed tables round to 3 decimals: allow 0.0005.
  EXPECT_NEAR(studentTQuantile(0.975, 1), 12.706, 5e-4);
  EXPECT_NEAR(studentTQuantile(0.975, 4), 2.776, 5e-4);
  EXPECT_NEAR(studentTQuantile(0.975, 9), 2.262, 5e-4);
  EXPECT_NEAR(studentTQuantile(0.975, 29), 2.045, 5e-4);
  EXPECT_NEAR(studentTQuantile(0.975, 1000), 1.962, 5e-4);
}

TEST(StudentT, QuantilesMatchAnIndependentMethodToTenDigits) {
  // References computed separately by bisection on the closed-form finite series for integer df
  // (Abramowitz & Stegun 26.7.3-4), not through the incomplete beta function used here.
  struct Ref {
    double p;
    double df;
    double t;
  };
  for (const Ref r :
       {Ref{0.975, 1, 12.706204736174676}, Ref{0.975, 2, 4.302652729749459},
        Ref{0.975, 4, 2.7764451051977934}, Ref{0.975, 9, 2.2621571627982053},
        Ref{0.975, 29, 2.0452296421327043}, Ref{0.975, 30, 2.0422724563012418},
        Ref{0.975, 31, 2.0395134463964055}, Ref{0.975, 1000, 1.9623390808263785},
        Ref{0.995, 10, 3.1692726726169465}, Ref{0.95, 5, 2.0150483733330233}, Ref{0.9, 2, 1.8856180831641267},
        Ref{0.999, 3, 10.21453185240718}, Ref{0.6, 7, 0.26316686135202283},
        // Either side of the switch to the large-df expansion at df = 1e5.
        Ref{0.975, 99'999, 1.9599877077704106}, Ref{0.975, 100'001, 1.959987707298923},
        Ref{0.8, 200'000, 0.8416230307772379}, Ref{0.995, 1'000'000, 2.5758342202578053}}) {
    EXPECT_NEAR(studentTQuantile(r.p, r.df), r.t, 1e-10 * r.t) << "p=" << r.p << " df=" << r.df;
    EXPECT_NEAR(studentTQuantile(1 - r.p, r.df), -r.t, 1e-10 * r.t) << "p=" << 1 - r.p << " df=" << r.df;
  }
}

TEST(StudentT, ClosedFormsForOneAndTwoDegreesOfFreedom) {
  // df = 1 is the Cauchy distribution: tan(pi (p - 1/2)); df = 2: (2p - 1) / sqrt(2 p (1 - p)).
  for (const double p : {0.001, 0.05, 0.3, 0.5, 0.7, 0.9, 0.999}) {
    EXPECT_NEAR(studentTQuantile(p, 1), std::tan(std::numbers::pi * (p - 0.5)), 1e-11 * (1 + std::abs(1 / p)))
        << p;
    EXPECT_NEAR(studentTQuantile(p, 2), (2 * p - 1) / std::sqrt(2 * p * (1 - p)), 1e-12 * (1 + 1 / p)) << p;
  }
}

TEST(StudentT, CdfInvertsQuantileAndApproachesTheNormal) {
  for (const double df : {0.5, 1.0, 3.0, 7.5, 40.0, 5000.0, 99'999.0, 100'001.0}) {
    for (const double p : {1e-6, 0.01, 0.2, 0.5, 0.8, 0.99, 0.999999}) {
      EXPECT_NEAR(studentTCdf(studentTQuantile(p, df), df), p, 1e-12) << "df=" << df << " p=" << p;
    }
  }
  // The CDF's documented accuracy drops to about 1e-16 df / t^2 relative for huge df (3e-10 at
  // t = 2.3, df = 1e7); the quantile there comes from the expansion and is not affected.
  for (const double p : {0.01, 0.2, 0.8, 0.99}) {
    EXPECT_NEAR(studentTCdf(studentTQuantile(p, 1e7), 1e7), p, 1e-9 * p) << p;
  }
  // A huge df is the normal, up to the first correction z (z^2 + 1) / (4 df) = 2.4e-9 at 1e9.
  const double z = standardNormalQuantile(0.975);
  EXPECT_NEAR(studentTQuantile(0.975, 1e9), z + z * (z * z + 1) / 4e9, 1e-15);
  EXPECT_THROW((void)studentTQuantile(0.975, 0), std::invalid_argument);
  EXPECT_THROW((void)studentTQuantile(1.0, 5), std::invalid_argument);
}

TEST(ReplicationSummary, KnownSmallSample) {
  const std::vector<double> results = {1, 2, 3, 4, 5};
  const ReplicationSummary s(results);
  EXPECT_EQ(s.count(), 5u);
  EXPECT_DOUBLE_EQ(s.mean(), 3);
  EXPECT_DOUBLE_EQ(s.stddev(), std::sqrt(2.5));
  const double expectedHalfWidth = 2.7764451051977934 * std::sqrt(2.5) / std::sqrt(5.0);
  EXPECT_NEAR(s.halfWidth(), expectedHalfWidth, 1e-10);
  EXPECT_NEAR(s.lower(), 3 - expectedHalfWidth, 1e-10);
  EXPECT_NEAR(s.upper(), 3 + expectedHalfWidth, 1e-10);
  EXPECT_NEAR(s.relativeHalfWidth(), expectedHalfWidth / 3, 1e-10);
  EXPECT_GT(s.halfWidth(0.99), s.halfWidth(0.95));
  EXPECT_EQ(s.describe(), "3 \xC2\xB1 1.963 (95% CI, n=5)");
}

TEST(ReplicationSummary, OneReplicationHasAnUnboundedInterval) {
  ReplicationSummary s;
  s.add(42);
  EXPECT_EQ(s.mean(), 42);
  EXPECT_EQ(s.halfWidth(), std::numeric_limits<double>::infinity());
  EXPECT_THROW((void)s.halfWidth(1.0), std::invalid_argument);
}

TEST(ReplicationSummary, NinetyFivePercentIntervalsCoverTheTrueMean) {
  // 2000 experiments of 10 replications each from N(5, 2^2). The number of intervals covering 5 is
  // Binomial(2000, 0.95): standard error sqrt(0.95 * 0.05 / 2000) = 0.49%, so the allowed
  // +-1.5% is about 3 standard errors.
  const Normal dist(5, 2);
  RandomStream rng(2024);
  const int experiments = 2000;
  int coveredT = 0;
  int coveredZ = 0;
  for (int e = 0; e < experiments; ++e) {
    ReplicationSummary s;
    for (int r = 0; r < 10; ++r) s.add(dist.sample(rng));
    if (s.lower() <= 5 && 5 <= s.upper()) ++coveredT;
    const double zHalfWidth = 1.959963984540054 * s.stddev() / std::sqrt(10.0);
    if (std::abs(s.mean() - 5) <= zHalfWidth) ++coveredZ;
  }
  const double coverageT = static_cast<double>(coveredT) / experiments;
  const double coverageZ = static_cast<double>(coveredZ) / experiments;
  EXPECT_NEAR(coverageT, 0.95, 0.015);
  // The same test fails the normal-quantile interval, whose true coverage at n = 10 is
  // P(|T_9| <= 1.96) = 91.8%: the check can tell the two apart.
  EXPECT_LT(coverageZ, 0.935);
  std::printf("coverage: t interval %.4f, z interval %.4f\n", coverageT, coverageZ);
}

}  // namespace
}  // namespace wirelab::sim
