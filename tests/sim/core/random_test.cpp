#include "sim/core/random.h"

#include <gtest/gtest.h>

#include <cmath>
#include <vector>

namespace wirelab::sim {
namespace {

std::vector<std::uint64_t> draws(RandomStream s, int n) {
  std::vector<std::uint64_t> out;
  for (int i = 0; i < n; ++i) out.push_back(s.nextU64());
  return out;
}

TEST(RandomStreams, SameSeedRunAndNameGiveTheSameStream) {
  const RandomStreams a(42, 3);
  const RandomStreams b(42, 3);
  EXPECT_EQ(draws(a.stream("link/0/loss"), 100), draws(b.stream("link/0/loss"), 100));
}

TEST(RandomStreams, SeedRunAndNameEachChangeTheStream) {
  const auto base = draws(RandomStreams(42, 0).stream("x"), 8);
  EXPECT_NE(base, draws(RandomStreams(43, 0).stream("x"), 8));
  EXPECT_NE(base, draws(RandomStreams(42, 1).stream("x"), 8));
  EXPECT_NE(base, draws(RandomStreams(42, 0).stream("y"), 8));
}

TEST(RandomStreams, CreatingOtherStreamsFirstLeavesAStreamUnchanged) {
  const RandomStreams streams(7, 0);
  const auto alone = draws(streams.stream("server/think"), 50);
  RandomStream noise = streams.stream("client/arrivals");
  for (int i = 0; i < 1000; ++i) noise.nextU64();
  const auto afterOthers = draws(streams.stream("server/think"), 50);
  EXPECT_EQ(alone, afterOthers);
}

TEST(RandomStream, KnownFirstDrawsPinTheAlgorithm) {
  // xoshiro256** seeded by SplitMix64(0): pinned so that a change of algorithm (which would change
  // every published result) cannot slip in unnoticed.
  RandomStream s(0);
  const std::uint64_t first = s.nextU64();
  RandomStream again(0);
  EXPECT_EQ(first, again.nextU64());
  EXPECT_EQ(first, 0x99ec5f36cb75f2b4ULL);
}

TEST(RandomStream, Uniform01MomentsMatch) {
  RandomStream s(99);
  const int n = 200000;
  double sum = 0, sumSq = 0;
  for (int i = 0; i < n; ++i) {
    const double u = s.uniform01();
    ASSERT_GE(u, 0.0);
    ASSERT_LT(u, 1.0);
    sum += u;
    sumSq += u * u;
  }
  const double mean = sum / n;
  const double var = sumSq / n - mean * mean;
  // Standard error of the mean is sqrt(1/12/n) = 0.00065; allow 5 of them.
  EXPECT_NEAR(mean, 0.5, 5 * std::sqrt(1.0 / 12 / n));
  EXPECT_NEAR(var, 1.0 / 12, 0.002);
}

TEST(RandomStream, UniformBelowIsUnbiasedAndInRange) {
  RandomStream s(5);
  std::vector<int> counts(6, 0);
  const int n = 60000;
  for (int i = 0; i < n; ++i) {
    const auto v = s.uniformBelow(6);
    ASSERT_LT(v, 6u);
    ++counts[v];
  }
  // Each count is Binomial(n, 1/6): sd = sqrt(n*1/6*5/6) = 91; allow 5 sd.
  for (const int c : counts) EXPECT_NEAR(c, n / 6, 5 * 91.3);
}

}  // namespace
}  // namespace wirelab::sim
