#include "sim/metrics/cdf.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>
#include <stdexcept>
#include <vector>

#include "sim/core/distributions.h"
#include "sim/core/random.h"

namespace wirelab::sim {
namespace {

TEST(EmpiricalCdfPoints, OnePointPerDistinctValueWhenFew) {
  const std::vector<double> samples = {3, 1, 2, 2};
  const std::vector<CdfPoint> expected = {{1, 0.25}, {2, 0.75}, {3, 1.0}};
  EXPECT_EQ(empiricalCdfPoints(samples, 10), expected);
  EXPECT_EQ(empiricalCdfPoints(samples, 3), expected);
}

TEST(EmpiricalCdfPoints, ThinnedPointsAreExactEvenlySpacedAndKeepTheExtremes) {
  RandomStream rng(12);
  const LogNormal dist(0, 1.5);
  std::vector<double> samples(100'000);
  for (double& x : samples) x = dist.sample(rng);
  std::vector<double> sorted = samples;
  std::sort(sorted.begin(), sorted.end());
  const auto n = static_cast<double>(samples.size());

  const std::size_t maxPoints = 200;
  const std::vector<CdfPoint> points = empiricalCdfPoints(samples, maxPoints);
  ASSERT_EQ(points.size(), maxPoints);  // continuous data: no ties to merge
  EXPECT_EQ(points.front().x, sorted.front());
  EXPECT_DOUBLE_EQ(points.front().probability, 1 / n);
  EXPECT_EQ(points.back().x, sorted.back());
  EXPECT_EQ(points.back().probability, 1.0);
  for (std::size_t i = 0; i < points.size(); ++i) {
    // Exact: the fraction of samples at or below x, counted independently.
    const auto atOrBelow = std::upper_bound(sorted.begin(), sorted.end(), points[i].x) - sorted.begin();
    EXPECT_DOUBLE_EQ(points[i].probability, static_cast<double>(atOrBelow) / n) << i;
    if (i > 0) {
      EXPECT_GT(points[i].x, points[i - 1].x);
      // Even in probability: steps of 1/(maxPoints-1), give or take the rounding to a whole rank.
      EXPECT_NEAR(points[i].probability - points[i - 1].probability, 1.0 / (maxPoints - 1), 1.0 / n) << i;
    }
  }
}

TEST(EmpiricalCdfPoints, TiesCollapseAndNeverExceedTheLimit) {
  std::vector<double> samples(900, 0.0);
  samples.insert(samples.end(), 100, 1.0);
  const std::vector<CdfPoint> expected = {{0, 0.9}, {1, 1.0}};
  EXPECT_EQ(empiricalCdfPoints(samples, 5), expected);
  EXPECT_EQ(empiricalCdfPoints(std::vector<double>(1000, 5.0), 50), (std::vector<CdfPoint>{{5, 1.0}}));

  // Many distinct values with heavy ties: still at most maxPoints, still ascending and exact.
  RandomStream rng(13);
  std::vector<double> rounded(50'000);
  for (double& x : rounded) x = static_cast<double>(rng.uniformBelow(1000));
  const auto points = empiricalCdfPoints(rounded, 64);
  EXPECT_LE(points.size(), 64u);
  EXPECT_EQ(points.back().probability, 1.0);
  for (std::size_t i = 1; i < points.size(); ++i) EXPECT_GT(points[i].x, points[i - 1].x);
}

TEST(EmpiricalCdfPoints, FromExactQuantilesMatchesFromSpan) {
  ExactQuantiles q;
  std::vector<double> samples;
  RandomStream rng(14);
  for (int i = 0; i < 5000; ++i) {
    const double x = rng.uniform01();
    q.add(x);
    samples.push_back(x);
  }
  EXPECT_EQ(empiricalCdfPoints(q, 100), empiricalCdfPoints(samples, 100));
}

TEST(EmpiricalCdfPoints, EdgeCases) {
  EXPECT_TRUE(empiricalCdfPoints(std::vector<double>{}, 10).empty());
  EXPECT_EQ(empiricalCdfPoints(std::vector<double>{7}, 2), (std::vector<CdfPoint>{{7, 1.0}}));
  EXPECT_THROW((void)empiricalCdfPoints(std::vector<double>{1, 2}, 1), std::invalid_argument);
  EXPECT_THROW((void)empiricalCdfPoints(std::vector<double>{1, std::nan("")}, 10), std::invalid_argument);
}

}  // namespace
}  // namespace wirelab::sim
