// File: app/cli/scenario_charts.cpp
#include "app/cli/scenario_charts.h"

#include <algorithm>
#include <cmath>
#include <set>
#include <string_view>
#include <utility>

#include "models/scenario/expectation.h"
#include "sim/metrics/cdf.h"

namespace wirelab::app::cli {

namespace {

using models::scenario::CaseResults;
using models::scenario::ChartSpec;
using models::scenario::RunResults;
using models::scenario::ScenarioOutcome;
using models::scenario::ScenarioPlan;

std::string caseLabel(const models::scenario::CasePlan& c, const std::string& skipPath = "") {
  std::string label;
  for (const auto& [path, value] : c.parameters) {
    if (path == skipPath) continue;
    // The last key of the path is what a reader recognises ("loss=1%").
    const auto dot = path.find_last_of('.');
    label +=
        (label.empty() ? "" : ", ") + (dot == std::string::npos ? path : path.substr(dot + 1)) + "=" + value;
  }
  return label;
}

// With more cases than colours, the cases of a grid get a colour per value of the first axis and a
// dash pattern per combination of the others, so "http2, loss=1%" reads off the legend at a glance.
void groupByAxes(const ScenarioPlan& plan, charts::ChartSpec& chart, const std::vector<std::size_t>& caseOf) {
  constexpr std::size_t kColours = 7;
  if (chart.series.size() <= kColours || plan.cases.empty() || plan.cases.front().parameters.size() < 2)
    return;
  std::vector<std::string> firstValues, otherValues;
  const auto indexOf = [](std::vector<std::string>& seen, const std::string& v) {
    const auto it = std::find(seen.begin(), seen.end(), v);
    if (it != seen.end()) return static_cast<int>(it - seen.begin());
    seen.push_back(v);
    return static_cast<int>(seen.size() - 1);
  };
  for (std::size_t i = 0; i < chart.series.size(); ++i) {
    const auto& parameters = plan.cases[caseOf[i]].parameters;
    std::string others;
    for (std::size_t k = 1; k < parameters.size(); ++k) others += parameters[k].second + "\n";
    chart.series[i].colourGroup = indexOf(firstValues, parameters.front().second);
    chart.series[i].dashGroup = indexOf(otherValues, others);
  }
  // More first-axis values than colours: grouping would repeat colours within a dash; keep positions.
  if (firstValues.size() > kColours || otherValues.size() > 5) {
    for (auto& s : chart.series) s.colourGroup = s.dashGroup = -1;
  }
}

// Metric names use underscores; charts show words ("page.page load time").
std::string display(std::string name) {
  for (char& c : name) c = c == '_' ? ' ' : c;
  return name;
}

// "<workload>.<metric>.<stat>" or "<workload>.<metric>" (the mean) as {metric, stat}.
std::pair<std::string, std::string> splitStatistic(const std::string& metricStat) {
  const auto last = metricStat.rfind('.');
  if (last == std::string::npos || last == metricStat.find('.')) return {metricStat, "mean"};
  return {metricStat.substr(0, last), metricStat.substr(last + 1)};
}

// A metric as a reader names it: "page load time" for "page.page_load_time" when the scenario has
// one workload, "page: page load time" when several could have made it.
std::string metricWords(const ScenarioOutcome& outcome, const std::string& metric) {
  const auto dot = metric.find('.');
  if (dot == std::string::npos) return display(metric);
  const std::string_view workload(metric.data(), dot + 1);  // "page."
  bool others = false;
  if (!outcome.cases.empty()) {
    for (const auto& [name, m] : outcome.cases.front().metrics) {
      others = others || !std::string_view(name).starts_with(workload);
    }
  }
  const std::string words = display(metric.substr(dot + 1));
  return others ? metric.substr(0, dot) + ": " + words : words;
}

std::string lastKey(const std::string& path) {
  const auto dot = path.find_last_of('.');
  return dot == std::string::npos ? path : path.substr(dot + 1);
}

// Readable axes: bit/s in Mbit/s or kbit/s, seconds in ms below a second, bytes in KB or MB.
struct Scale {
  double factor = 1;
  std::string unit;
};
Scale scaleFor(const std::string& unit, double largest) {
  const double m = std::abs(largest);
  if (unit == "bit/s" && m >= 1e6) return {1e-6, "Mbit/s"};
  if (unit == "bit/s" && m >= 1e3) return {1e-3, "kbit/s"};
  if (unit == "s" && m > 0 && m < 1) return {1e3, "ms"};
  if (unit == "B" && m >= 1e6) return {1e-6, "MB"};
  if (unit == "B" && m >= 1e4) return {1e-3, "KB"};
  return {1, unit};
}
void rescale(std::vector<double>& v, double f) {
  for (double& x : v) x *= f;
}

std::string withUnit(const std::string& what, const std::string& unit) {
  if (unit.empty() || unit == "1") return what;
  return what + " (" + unit + ")";
}

std::string fileStem(std::string s) {
  for (char& c : s) {
    if (!std::isalnum(static_cast<unsigned char>(c)) && c != '-' && c != '_') c = '_';
  }
  return s;
}

std::vector<double> pooledSamples(const ScenarioPlan& plan, std::size_t caseIndex, const std::string& metric,
                                  const std::map<std::string, RunResults>& runs) {
  std::vector<double> all;
  for (const auto& r : plan.runs) {
    if (r.caseIndex != caseIndex) continue;
    auto it = runs.find(r.id);
    if (it == runs.end()) continue;
    if (const auto* m = it->second.find(metric)) all.insert(all.end(), m->samples.begin(), m->samples.end());
  }
  return all;
}

const RunResults* firstReplication(const ScenarioPlan& plan, std::size_t caseIndex,
                                   const std::map<std::string, RunResults>& runs) {
  for (const auto& r : plan.runs) {
    if (r.caseIndex != caseIndex || r.replication != 0) continue;
    auto it = runs.find(r.id);
    return it == runs.end() ? nullptr : &it->second;
  }
  return nullptr;
}

charts::ChartSpec cdfChart(const ScenarioPlan& plan, const ScenarioOutcome& outcome,
                           const std::vector<std::string>& metrics, const std::string& title,
                           const std::map<std::string, RunResults>& runs) {
  charts::ChartSpec chart;
  chart.id = "cdf_" + fileStem(metrics.empty() ? std::string("none") : metrics.front());
  chart.title = title.empty() ? "CDF of " + metricWords(outcome, metrics.front()) : title;
  chart.yLabel = "fraction of samples ≤ x";
  std::string unit;
  std::vector<std::size_t> caseOf;
  for (std::size_t c = 0; c < plan.cases.size(); ++c) {
    for (const std::string& metric : metrics) {
      auto m = outcome.cases[c].metrics.find(metric);
      if (m == outcome.cases[c].metrics.end()) continue;
      unit = m->second.unit;
      const std::vector<double> samples = pooledSamples(plan, c, metric, runs);
      if (samples.empty()) continue;
      charts::ChartSeries s;
      const std::string label = caseLabel(plan.cases[c]);
      s.name = metrics.size() > 1 || label.empty()
                   ? metricWords(outcome, metric) + (label.empty() ? "" : ", " + label)
                   : label;
      s.style = charts::SeriesStyle::Step;
      for (const auto& p : sim::empiricalCdfPoints(samples, 400)) {
        s.x.push_back(p.x);
        s.y.push_back(p.probability);
      }
      chart.series.push_back(std::move(s));
      caseOf.push_back(c);
    }
  }
  if (metrics.size() == 1) groupByAxes(plan, chart, caseOf);
  double largest = 0;
  for (const auto& s : chart.series) {
    for (const double x : s.x) largest = std::max(largest, std::abs(x));
  }
  const Scale scale = scaleFor(unit, largest);
  for (auto& s : chart.series) rescale(s.x, scale.factor);
  chart.xLabel = withUnit(metrics.size() == 1 ? metricWords(outcome, metrics.front()) : "value", scale.unit);
  chart.yMin = 0;
  chart.yMax = 1;
  chart.note = std::to_string(plan.replications) + " replication(s) per case, samples pooled";
  return chart;
}

charts::ChartSpec seriesChart(const ScenarioPlan& plan, const std::vector<std::string>& names,
                              const std::string& title, const std::map<std::string, RunResults>& runs) {
  charts::ChartSpec chart;
  chart.id = "series_" + fileStem(names.empty() ? std::string("none") : names.front());
  chart.title = title.empty() ? names.front() + " over time" : title;
  std::vector<std::size_t> caseOf;
  for (std::size_t c = 0; c < plan.cases.size(); ++c) {
    const RunResults* r = firstReplication(plan, c, runs);
    if (r == nullptr) continue;
    for (const auto& series : r->series()) {
      bool wanted = false;
      for (const std::string& n : names) wanted = wanted || n == series.name;
      if (!wanted) continue;
      chart.xLabel = series.xLabel;
      chart.yLabel = series.yLabel;
      charts::ChartSeries s;
      const std::string label = caseLabel(plan.cases[c]);
      s.name =
          names.size() > 1 || label.empty() ? series.name + (label.empty() ? "" : " (" + label + ")") : label;
      s.style = charts::SeriesStyle::Step;
      for (const auto& [x, y] : series.points) {
        s.x.push_back(x);
        s.y.push_back(y);
      }
      chart.series.push_back(std::move(s));
      caseOf.push_back(c);
    }
  }
  if (names.size() == 1) groupByAxes(plan, chart, caseOf);
  // Byte counts and seconds read better scaled ("2 MB", "40 ms" rather than "2e+06", "0.04").
  std::string unit, base = chart.yLabel;
  for (const char* u : {"B", "s"}) {
    const std::string suffix = std::string(" (") + u + ")";
    if (base.ends_with(suffix)) {
      unit = u;
      base.resize(base.size() - suffix.size());
    }
  }
  if (unit.empty() && base.find("bytes") != std::string::npos) unit = "B";
  if (!unit.empty()) {
    double largest = 0;
    for (const auto& s : chart.series) {
      for (const double y : s.y) largest = std::max(largest, std::abs(y));
    }
    const Scale scale = scaleFor(unit, largest);
    for (auto& s : chart.series) rescale(s.y, scale.factor);
    chart.yLabel = withUnit(base, scale.unit);
  }
  chart.note = "first replication of each case";
  return chart;
}

charts::ChartSpec sweepChart(const ScenarioPlan& plan, const ScenarioOutcome& outcome,
                             const std::string& axis, const std::vector<std::string>& metricStats,
                             const std::string& title) {
  charts::ChartSpec chart;
  // Named after what it shows: "page_page_load_time_vs_loss".
  chart.id = fileStem(metricStats.empty() ? std::string("sweep") : metricStats.front()) + "_vs_" +
             fileStem(lastKey(axis));
  chart.title = title.empty() ? "against " + axis : title;
  // Percentages stay percentages on the axis ("loss (%)"), not fractions.
  bool percent = true;
  for (const auto& c : plan.cases) {
    for (const auto& [path, value] : c.parameters) {
      if (path == axis) percent = percent && !value.empty() && value.back() == '%';
    }
  }
  chart.xLabel = display(lastKey(axis)) + (percent ? " (%)" : "");
  std::string unit;
  for (const std::string& ms : metricStats) {
    const auto [metric, stat] = splitStatistic(ms);
    const std::string what = metricWords(outcome, metric) + ", " + stat;
    // One curve per combination of the other axes.
    std::map<std::string, charts::ChartSeries> curves;
    std::vector<std::string> order;
    for (std::size_t c = 0; c < plan.cases.size(); ++c) {
      const CaseResults& cr = outcome.cases[c];
      auto m = cr.metrics.find(metric);
      if (m == cr.metrics.end()) continue;
      unit = m->second.unit;
      std::string xText;
      for (const auto& [path, value] : plan.cases[c].parameters) {
        if (path == axis) xText = value;
      }
      const auto x = models::scenario::parseConstant(xText);
      const auto y = models::scenario::statistic(m->second, stat);
      if (!x || !y) continue;
      // One metric: the legend names the case ("protocol=http2"), the y axis the metric.
      const std::string others = caseLabel(plan.cases[c], axis);
      const std::string key =
          metricStats.size() > 1 || others.empty() ? what + (others.empty() ? "" : "; " + others) : others;
      if (!curves.count(key)) order.push_back(key);
      charts::ChartSeries& s = curves[key];
      s.name = key;
      s.style = charts::SeriesStyle::LinePoints;
      s.x.push_back(percent ? *x * 100 : *x);
      s.y.push_back(*y);
      // A confidence interval belongs to the mean only.
      const bool ci = stat == "mean" && std::isfinite(m->second.ciLow);
      s.errorLow.push_back(ci ? m->second.ciLow : *y);
      s.errorHigh.push_back(ci ? m->second.ciHigh : *y);
    }
    for (const std::string& k : order) chart.series.push_back(std::move(curves[k]));
  }
  double largest = 0;
  for (const auto& s : chart.series) {
    for (const double y : s.y) largest = std::max(largest, std::abs(y));
  }
  const Scale scale = scaleFor(unit, largest);
  for (auto& s : chart.series) {
    rescale(s.y, scale.factor);
    rescale(s.errorLow, scale.factor);
    rescale(s.errorHigh, scale.factor);
  }
  std::string yWords = "value";
  if (metricStats.size() == 1) {
    const auto [metric, stat] = splitStatistic(metricStats.front());
    yWords = metricWords(outcome, metric) + ", " + stat;
  }
  chart.yLabel = withUnit(yWords, scale.unit);
  chart.note = "mean of " + std::to_string(plan.replications) + " replications with 95% Student-t intervals";
  return chart;
}

// The requests of one workload in the first replication of the first case, one row each (the
// first request at the top): waiting for a connection, connecting, request to first byte, and
// receiving the response.
charts::ChartSpec waterfallChart(const ScenarioPlan& plan, const std::string& workload,
                                 const std::string& title, const std::map<std::string, RunResults>& runs) {
  charts::ChartSpec chart;
  chart.id = "waterfall_" + fileStem(workload);
  chart.title = title.empty() ? "Requests of " + workload : title;
  chart.xLabel = "time (s)";
  chart.yLabel = "request (first at the top)";
  const RunResults* r = plan.cases.empty() ? nullptr : firstReplication(plan, 0, runs);
  if (r == nullptr) return chart;
  std::vector<models::scenario::WaterfallRow> rows;
  for (const auto& row : r->waterfall()) {
    if (row.workload == workload) rows.push_back(row);
  }
  std::stable_sort(rows.begin(), rows.end(),
                   [](const auto& a, const auto& b) { return a.queued < b.queued; });
  charts::ChartSeries queued{"queued", {}, {}, {}, {}, charts::SeriesStyle::Segments};
  charts::ChartSeries connect{"connect", {}, {}, {}, {}, charts::SeriesStyle::Segments};
  charts::ChartSeries tls{"TLS handshake", {}, {}, {}, {}, charts::SeriesStyle::Segments};
  charts::ChartSeries waiting{"request sent, awaiting first byte", {}, {}, {}, {},
                              charts::SeriesStyle::Segments};
  charts::ChartSeries receiving{"receiving", {}, {}, {}, {}, charts::SeriesStyle::Segments};
  // Each phase keeps its colour whether or not the chart has a TLS phase: both handshakes in warm
  // tones, side by side.
  queued.colourGroup = 0;
  connect.colourGroup = 1;
  waiting.colourGroup = 2;
  receiving.colourGroup = 3;
  tls.colourGroup = 4;
  const auto bar = [](charts::ChartSeries& s, double from, double to, double y) {
    if (!(to > from)) return;
    s.x.insert(s.x.end(), {from, to});
    s.y.insert(s.y.end(), {y, y});
  };
  for (std::size_t i = 0; i < rows.size(); ++i) {
    const auto& w = rows[i];
    const double y = static_cast<double>(rows.size() - i);
    const bool connected = w.connectEnd > w.connectStart;
    bar(queued, w.queued, connected ? w.connectStart : w.sent, y);
    if (connected) bar(connect, w.connectStart, w.connectEnd, y);
    if (connected) bar(tls, w.connectEnd, w.tlsEnd, y);
    bar(waiting, w.sent, w.firstByte, y);
    bar(receiving, w.firstByte, w.done, y);
  }
  for (auto* s : {&queued, &connect, &tls, &waiting, &receiving}) {
    if (!s->x.empty()) chart.series.push_back(std::move(*s));
  }
  chart.yMin = 0;
  chart.yMax = static_cast<double>(rows.size()) + 1;
  const std::string label = caseLabel(plan.cases.front());
  chart.note =
      std::to_string(rows.size()) + " requests, first replication" + (label.empty() ? "" : " of " + label);
  return chart;
}

}  // namespace

std::vector<charts::ChartSpec> scenarioCharts(const ScenarioPlan& plan, const ScenarioOutcome& outcome,
                                              const std::map<std::string, RunResults>& runs) {
  std::vector<charts::ChartSpec> out;
  if (!plan.charts.empty()) {
    for (const ChartSpec& c : plan.charts) {
      if (c.type == "cdf") out.push_back(cdfChart(plan, outcome, c.metrics, c.title, runs));
      if (c.type == "series") out.push_back(seriesChart(plan, c.metrics, c.title, runs));
      if (c.type == "sweep") out.push_back(sweepChart(plan, outcome, c.x, c.metrics, c.title));
      if (c.type == "waterfall") out.push_back(waterfallChart(plan, c.workload, c.title, runs));
    }
  } else if (!outcome.cases.empty()) {
    // Defaults: a CDF per distribution metric (the first eight), and against the first sweep axis.
    std::size_t n = 0;
    for (const auto& [name, m] : outcome.cases.front().metrics) {
      if (!m.distribution || n++ >= 8) continue;
      out.push_back(cdfChart(plan, outcome, {name}, "", runs));
      if (!plan.sweepPaths.empty()) {
        charts::ChartSpec s = sweepChart(plan, outcome, plan.sweepPaths.front(), {name},
                                         name + " against " + plan.sweepPaths.front());
        out.push_back(std::move(s));
      }
    }
  }
  // Ids must be unique file names.
  std::set<std::string> seen;
  for (auto& c : out) {
    std::string id = c.id;
    for (int k = 2; !seen.insert(id).second; ++k) id = c.id + "_" + std::to_string(k);
    c.id = id;
  }
  return out;
}

}  // namespace wirelab::app::cli
