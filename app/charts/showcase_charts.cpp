// File: app/charts/showcase_charts.cpp
#include "app/charts/showcase_charts.h"

#include <algorithm>
#include <cmath>
#include <cstddef>
#include <cstdio>
#include <limits>
#include <string>

namespace wirelab::app::charts {
namespace {

using models::showcase::LoadPoint;
using models::showcase::QueueingShowcaseConfig;
using models::showcase::QueueingShowcaseResult;

// Enough bins to be indistinguishable from the full trace at any sensible width, few enough to keep
// an SVG small and the GUI responsive.
constexpr std::size_t kMaxTraceBins = 3000;
constexpr std::size_t kMaxCdfPoints = 2000;

ChartSeries makeSeries(std::string name, SeriesStyle style) {
  ChartSeries s;
  s.name = std::move(name);
  s.style = style;
  return s;
}

std::string formatG(double v, int digits = 3) {
  char buf[32];
  std::snprintf(buf, sizeof buf, "%.*g", digits, v);
  return buf;
}

double serviceTimeMs(const QueueingShowcaseConfig& c) {
  const auto bps = static_cast<double>(c.linkRate.bitsPerSecond());
  return bps > 0 ? static_cast<double>(c.packetSize.bits()) / bps * 1e3 : 0.0;
}

// One caption line, short enough for a 900 px export; chart-specific facts go on a second line.
std::string setupNote(const QueueingShowcaseConfig& c) {
  return formatG(c.linkRate.megabitsPerSecond()) + " Mbit/s link · " + std::to_string(c.packetSize.bytes()) +
         " B packets (" + formatG(serviceTimeMs(c)) + " ms service) · Poisson arrivals · " +
         std::to_string(c.replications) + " replications × " + formatG(c.duration.seconds()) + " s after " +
         formatG(c.warmup.seconds()) + " s warm-up · seed " + std::to_string(c.seed);
}

// Keeps, per bin of consecutive samples, the lowest and the highest (in time order), so the drawn
// step trace still reaches every peak.
void thinTrace(const QueueingShowcaseResult& r, ChartSeries& s) {
  const std::size_t n = r.queueTrace.size();
  auto push = [&s](const models::showcase::QueueSample& q) {
    s.x.push_back(q.timeS);
    s.y.push_back(q.packetsQueued);
  };
  if (n <= 2 * kMaxTraceBins) {
    for (const auto& q : r.queueTrace) push(q);
    return;
  }
  const std::size_t binSize = (n + kMaxTraceBins - 1) / kMaxTraceBins;
  for (std::size_t begin = 0; begin < n; begin += binSize) {
    const std::size_t end = std::min(n, begin + binSize);
    std::size_t lo = begin, hi = begin;
    for (std::size_t i = begin; i < end; ++i) {
      if (r.queueTrace[i].packetsQueued < r.queueTrace[lo].packetsQueued) lo = i;
      if (r.queueTrace[i].packetsQueued > r.queueTrace[hi].packetsQueued) hi = i;
    }
    push(r.queueTrace[begin]);
    const std::size_t first = std::min(lo, hi), second = std::max(lo, hi);
    if (first != begin) push(r.queueTrace[first]);
    if (second != first) push(r.queueTrace[second]);
  }
  push(r.queueTrace.back());
}

const LoadPoint* pointNear(const QueueingShowcaseResult& r, double load) {
  const LoadPoint* best = nullptr;
  for (const LoadPoint& p : r.points) {
    if (best == nullptr || std::abs(p.load - load) < std::abs(best->load - load)) best = &p;
  }
  return best;
}

ChartSpec meanWaitChart(const QueueingShowcaseResult& r) {
  const QueueingShowcaseConfig& c = r.config;
  ChartSpec spec;
  spec.id = kMeanWaitChartId;
  spec.title = "Mean queueing delay vs offered load: simulation against M/D/1";
  spec.xLabel = "offered load (ρ)";
  spec.yLabel = "mean waiting time in queue (ms)";
  spec.yMin = 0;
  spec.note = setupNote(c) + "\nError bars: 95% confidence interval of the mean over the replications";

  // The closed form as a smooth curve over the swept range, not a polyline through the few loads.
  ChartSeries theory = makeSeries("M/D/1 closed form", SeriesStyle::Line);
  double lo = 1, hi = 0;
  for (const LoadPoint& p : r.points) {
    lo = std::min(lo, p.load);
    hi = std::max(hi, p.load);
  }
  if (lo <= hi && hi < 1) {
    constexpr int kSteps = 200;
    for (int i = 0; i <= kSteps; ++i) {
      const double load = lo + (hi - lo) * i / kSteps;
      theory.x.push_back(load);
      theory.y.push_back(models::showcase::md1MeanWaitMs(c, load));
    }
  }
  ChartSeries simulated = makeSeries("simulated (mean, 95% CI)", SeriesStyle::Points);
  for (const LoadPoint& p : r.points) {
    simulated.x.push_back(p.load);
    simulated.y.push_back(p.meanWaitMs);
    // A waiting time is never negative: with few replications the symmetric interval can reach below
    // zero, which would only stretch the axis.
    simulated.errorLow.push_back(std::max(0.0, p.meanWaitMs - p.meanWaitCiHalfWidthMs));
    simulated.errorHigh.push_back(p.meanWaitMs + p.meanWaitCiHalfWidthMs);
  }
  // Simulated last, so its markers are drawn over the curve.
  spec.series = {std::move(theory), std::move(simulated)};
  return spec;
}

ChartSpec queueTraceChart(const QueueingShowcaseResult& r) {
  ChartSpec spec;
  spec.id = kQueueTraceChartId;
  spec.title = "Queue length over time at ρ = " + formatG(r.config.traceLoad);
  spec.xLabel = "simulated time (s)";
  spec.yLabel = "packets in queue";
  ChartSeries trace = makeSeries("first replication", SeriesStyle::Step);
  thinTrace(r, trace);
  spec.series = {std::move(trace)};
  spec.note = setupNote(r.config) + "\nFirst replication";
  return spec;
}

ChartSpec waitCdfChart(const QueueingShowcaseResult& r) {
  ChartSpec spec;
  spec.id = kWaitCdfChartId;
  spec.title = "Waiting-time distribution at ρ = " + formatG(r.config.traceLoad);
  spec.xLabel = "waiting time in queue (ms)";
  spec.yLabel = "cumulative probability";
  spec.yMin = 0;
  spec.yMax = 1.02;  // room above 1 so the curve's plateau does not hide in the frame
  ChartSeries cdf = makeSeries("simulated", SeriesStyle::Line);
  const std::size_t n = std::min(r.waitCdfMs.size(), r.waitCdfProb.size());
  // Even steps in index are even steps in probability when the CDF has a point per sample.
  const std::size_t keep = std::min(n, kMaxCdfPoints);
  for (std::size_t k = 0; k < keep; ++k) {
    const std::size_t i = keep == 1 ? 0 : k * (n - 1) / (keep - 1);
    cdf.x.push_back(r.waitCdfMs[i]);
    cdf.y.push_back(r.waitCdfProb[i]);
  }
  spec.series = {std::move(cdf)};
  spec.note = setupNote(r.config) + "\nPackets of all replications after the warm-up";
  if (const LoadPoint* p = pointNear(r, r.config.traceLoad)) {
    spec.note += ": mean " + formatG(p->meanWaitMs) + " ms (M/D/1: " + formatG(p->closedFormWaitMs) +
                 " ms), 99th percentile " + formatG(p->p99WaitMs) + " ms";
  }
  return spec;
}

}  // namespace

std::vector<ChartSpec> showcaseCharts(const QueueingShowcaseResult& result) {
  return {meanWaitChart(result), queueTraceChart(result), waitCdfChart(result)};
}

}  // namespace wirelab::app::charts
