// File: tests/app/charts/showcase_charts_test.cpp
// showcaseCharts on a made-up result: the three charts, their series, and the thinning of long
// traces (the CSV files, not the charts, keep every sample).
#include "app/charts/showcase_charts.h"

#include <gtest/gtest.h>

#include <cmath>

namespace wirelab::app::charts {
namespace {

using models::showcase::QueueingShowcaseResult;

QueueingShowcaseResult fakeResult(std::size_t traceSamples, std::size_t cdfPoints) {
  QueueingShowcaseResult r;
  for (double load : r.config.loads) {
    const double wq = models::showcase::md1MeanWaitMs(r.config, load);
    models::showcase::LoadPoint p;
    p.load = load;
    p.meanWaitMs = wq * 1.01;
    p.meanWaitCiHalfWidthMs = 0.05 * wq;
    p.closedFormWaitMs = wq;
    p.p99WaitMs = 5 * wq;
    r.points.push_back(p);
  }
  for (std::size_t i = 0; i < traceSamples; ++i) {
    r.queueTrace.push_back(
        {.timeS = 0.001 * static_cast<double>(i), .packetsQueued = static_cast<double>((i * 7919) % 23)});
  }
  for (std::size_t i = 0; i < cdfPoints; ++i) {
    r.waitCdfMs.push_back(0.01 * static_cast<double>(i));
    r.waitCdfProb.push_back(static_cast<double>(i + 1) / static_cast<double>(cdfPoints));
  }
  return r;
}

TEST(ShowcaseChartsTest, BuildsThreeChartsWithTheExpectedSeries) {
  const auto charts = showcaseCharts(fakeResult(500, 300));
  ASSERT_EQ(charts.size(), 3u);
  EXPECT_EQ(charts[0].id, kMeanWaitChartId);
  EXPECT_EQ(charts[1].id, kQueueTraceChartId);
  EXPECT_EQ(charts[2].id, kWaitCdfChartId);
  for (const ChartSpec& c : charts) {
    EXPECT_FALSE(c.title.empty());
    EXPECT_NE(c.xLabel.find('('), std::string::npos) << "x label has units: " << c.xLabel;
    EXPECT_FALSE(c.yLabel.empty());
  }

  const ChartSpec& wait = charts[0];
  ASSERT_EQ(wait.series.size(), 2u);
  const ChartSeries& theory = wait.series[0];
  const ChartSeries& sim = wait.series[1];
  EXPECT_EQ(theory.style, SeriesStyle::Line);
  EXPECT_GT(theory.x.size(), 50u) << "a smooth curve, not a polyline through the loads";
  EXPECT_EQ(sim.style, SeriesStyle::Points);
  ASSERT_EQ(sim.y.size(), 11u);
  ASSERT_EQ(sim.errorLow.size(), 11u);
  ASSERT_EQ(sim.errorHigh.size(), 11u);
  for (std::size_t i = 0; i < sim.y.size(); ++i) {
    EXPECT_LT(sim.errorLow[i], sim.y[i]);
    EXPECT_GT(sim.errorHigh[i], sim.y[i]);
  }

  EXPECT_EQ(charts[1].series.at(0).style, SeriesStyle::Step);
  EXPECT_EQ(charts[1].series.at(0).x.size(), 500u) << "short traces are drawn whole";
  EXPECT_EQ(charts[2].series.at(0).y.back(), 1.0);
}

TEST(ShowcaseChartsTest, ThinsLongTracesButKeepsPeaksAndEnds) {
  const QueueingShowcaseResult r = fakeResult(200'000, 100'000);
  const auto charts = showcaseCharts(r);
  const ChartSeries& trace = charts[1].series.at(0);
  EXPECT_LE(trace.x.size(), 10'000u);
  EXPECT_EQ(trace.x.front(), r.queueTrace.front().timeS);
  EXPECT_EQ(trace.x.back(), r.queueTrace.back().timeS);
  EXPECT_EQ(*std::max_element(trace.y.begin(), trace.y.end()), 22.0);
  EXPECT_TRUE(std::is_sorted(trace.x.begin(), trace.x.end()));

  const ChartSeries& cdf = charts[2].series.at(0);
  EXPECT_LE(cdf.x.size(), 2'000u);
  EXPECT_EQ(cdf.x.front(), r.waitCdfMs.front());
  EXPECT_EQ(cdf.y.back(), 1.0);
}

}  // namespace
}  // namespace wirelab::app::charts
