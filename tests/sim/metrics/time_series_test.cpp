#include "sim/metrics/time_series.h"

#include <gtest/gtest.h>

#include <stdexcept>

#include "sim/core/random.h"

namespace wirelab::sim {
namespace {

SimTime at(Duration d) { return SimTime::zero() + d; }

TEST(TimeSeries, ValueAtIsAStepFunction) {
  TimeSeries s;
  s.append(at(Seconds(1)), 0);
  s.append(at(Seconds(2)), 10);
  s.append(at(Seconds(4)), 2);
  EXPECT_THROW((void)s.valueAt(at(Milliseconds(999))), std::out_of_range);
  EXPECT_EQ(s.valueAt(at(Seconds(1))), 0);
  EXPECT_EQ(s.valueAt(at(Milliseconds(1999))), 0);
  EXPECT_EQ(s.valueAt(at(Seconds(2))), 10);
  EXPECT_EQ(s.valueAt(at(Seconds(4) - Nanoseconds(1))), 10);
  EXPECT_EQ(s.valueAt(at(Seconds(4))), 2);
  EXPECT_EQ(s.valueAt(at(Seconds(1000))), 2);  // the last value holds
  EXPECT_THROW((void)TimeSeries().valueAt(SimTime::zero()), std::out_of_range);
}

TEST(TimeSeries, TimeAverageWeightsByDurationNotBySampleCount) {
  // 10 packets for 1 s, then empty for 9 s: average 1, although 5 of the 6 samples say 10.
  TimeSeries queue;
  queue.append(at(Seconds(0)), 10);
  for (int i = 1; i <= 4; ++i) queue.append(at(Milliseconds(200 * i)), 10);
  queue.append(at(Seconds(1)), 0);
  EXPECT_DOUBLE_EQ(queue.timeAverage(at(Seconds(0)), at(Seconds(10))), 1.0);
  EXPECT_DOUBLE_EQ(queue.timeAverage(at(Milliseconds(500)), at(Milliseconds(1500))), 5.0);
  EXPECT_DOUBLE_EQ(queue.timeAverage(at(Seconds(2)), at(Seconds(3))), 0.0);
  EXPECT_EQ(queue.timeAverage(at(Milliseconds(300)), at(Milliseconds(300))), 10.0);  // empty window
}

TEST(TimeSeries, SameTimeSamplesLastOneWinsWithZeroWeight) {
  TimeSeries s;
  s.append(at(Seconds(0)), 0);
  s.append(at(Seconds(1)), 5);
  s.append(at(Seconds(1)), 7);  // grew twice within one instant
  EXPECT_EQ(s.valueAt(at(Seconds(1))), 7);
  EXPECT_DOUBLE_EQ(s.timeAverage(at(Seconds(0)), at(Seconds(2))), 3.5);
  EXPECT_EQ(s.size(), 3u);
}

TEST(TimeSeries, TimeAverageMatchesBruteForceOnRandomSeries) {
  // Steps fall on whole microseconds, so averaging valueAt() over every microsecond of a window
  // is the exact integral; the two must agree to rounding (1e-12 relative).
  RandomStream rng(3);
  TimeSeries s;
  std::int64_t us = 0;
  for (int i = 0; i < 300; ++i) {
    s.append(at(Microseconds(us)), static_cast<double>(rng.uniformBelow(50)));
    us += static_cast<std::int64_t>(rng.uniformBelow(40));  // 0 allowed: same-time samples
  }
  for (int w = 0; w < 50; ++w) {
    std::int64_t a = static_cast<std::int64_t>(rng.uniformBelow(static_cast<std::uint64_t>(us) + 100));
    std::int64_t b = static_cast<std::int64_t>(rng.uniformBelow(static_cast<std::uint64_t>(us) + 100));
    if (a > b) std::swap(a, b);
    if (a == b) ++b;
    double sum = 0;
    for (std::int64_t t = a; t < b; ++t) sum += s.valueAt(at(Microseconds(t)));
    const double brute = sum / static_cast<double>(b - a);
    EXPECT_NEAR(s.timeAverage(at(Microseconds(a)), at(Microseconds(b))), brute, 1e-12 * (1 + brute))
        << a << ".." << b;
  }
}

TEST(TimeSeries, RejectsMisuse) {
  TimeSeries s;
  s.append(at(Seconds(5)), 1);
  EXPECT_THROW(s.append(at(Seconds(4)), 1), std::invalid_argument);
  EXPECT_THROW((void)s.timeAverage(at(Seconds(6)), at(Seconds(5))), std::invalid_argument);
  EXPECT_THROW((void)s.timeAverage(at(Seconds(4)), at(Seconds(6))), std::out_of_range);
}

}  // namespace
}  // namespace wirelab::sim
