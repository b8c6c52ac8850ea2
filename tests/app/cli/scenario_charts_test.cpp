// scenarioCharts: what a scenario's results turn into as chart specs; here, how the curves of a
// grid of cases are told apart when there are more of them than colours.
#include "app/cli/scenario_charts.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <set>
#include <string>
#include <utility>
#include <vector>

#include "models/scenario/diagnostics.h"
#include "models/scenario/document.h"
#include "models/scenario/plan.h"
#include "models/scenario/runner.h"

namespace wirelab::app::cli {
namespace {

using namespace models::scenario;

// Two axes: 3 protocols (colours) x 3 losses (dash patterns) = 9 cases, more than the 7 colours.
const char* const kGrid = R"(wirelab: 1
name: grid
seed: 3
replications: 1
duration: 20s
topology:
  nodes: [client, server]
  links:
    - {between: [client, server], rate: 100Mbps, delay: 20ms}
workloads:
  - {kind: page-load, name: page, client: client, server: server, protocol: http1,
     page: {base: 4KB, objects: 4, object_size: 2KB}}
sweep:
  workloads[0].protocol: [http1, http2, http3]
  topology.links[0].loss: [0%, 1%, 2%]
charts:
  - {type: cdf, metrics: [page.request_latency]}
)";

struct Ran {
  ScenarioPlan plan;
  ScenarioOutcome outcome;
  std::map<std::string, RunResults> runs;
};

Ran runAll(const std::string& text) {
  Diagnostics d;
  auto doc = parseDocument(text, "grid.yaml", d);
  EXPECT_TRUE(doc.has_value()) << d.formatAll();
  auto plan = planScenario(std::move(*doc), PlanOptions{}, d);
  EXPECT_TRUE(plan.has_value()) << d.formatAll();
  Ran r{std::move(*plan), {}, {}};
  for (const RunPlan& run : r.plan.runs) r.runs.emplace(run.id, executeRun(r.plan, run));
  r.outcome = aggregateScenario(r.plan, r.runs);
  return r;
}

TEST(ScenarioChartsTest, GridCasesGetAColourPerFirstAxisValueAndADashPerSecond) {
  const Ran r = runAll(kGrid);
  ASSERT_EQ(r.plan.cases.size(), 9u);
  const auto charts = scenarioCharts(r.plan, r.outcome, r.runs);
  ASSERT_FALSE(charts.empty());
  const charts::ChartSpec& cdf = charts.front();
  ASSERT_EQ(cdf.series.size(), 9u);
  std::set<std::pair<int, int>> looks;
  for (std::size_t i = 0; i < cdf.series.size(); ++i) {
    const auto& s = cdf.series[i];
    const auto& parameters = r.plan.cases[i].parameters;
    // Same protocol, same colour; same loss, same dash.
    for (std::size_t j = 0; j < i; ++j) {
      EXPECT_EQ(parameters[0].second == r.plan.cases[j].parameters[0].second,
                s.colourGroup == cdf.series[j].colourGroup)
          << s.name << " vs " << cdf.series[j].name;
      EXPECT_EQ(parameters[1].second == r.plan.cases[j].parameters[1].second,
                s.dashGroup == cdf.series[j].dashGroup)
          << s.name << " vs " << cdf.series[j].name;
    }
    looks.insert({s.colourGroup, s.dashGroup});
  }
  EXPECT_EQ(looks.size(), 9u) << "every case has a look of its own";
}

TEST(ScenarioChartsTest, FewCasesKeepAColourEach) {
  std::string text = kGrid;
  text.replace(text.find("[0%, 1%, 2%]"), 12, "[0%]");
  const Ran r = runAll(text);
  ASSERT_EQ(r.plan.cases.size(), 3u);
  const auto charts = scenarioCharts(r.plan, r.outcome, r.runs);
  ASSERT_FALSE(charts.empty());
  for (const auto& s : charts.front().series) {
    EXPECT_EQ(s.colourGroup, -1);
    EXPECT_EQ(s.dashGroup, -1);
  }
}

TEST(ScenarioChartsTest, LabelsNameTheMetricOnTheAxisAndTheCaseInTheLegend) {
  std::string text = kGrid;
  text.replace(text.find("[0%, 1%, 2%]"), 12, "[0%, 1%]");
  text += "  - {type: sweep, x: \"topology.links[0].loss\", y: [page.page_load_time.mean]}\n";
  const Ran r = runAll(text);
  const auto charts = scenarioCharts(r.plan, r.outcome, r.runs);
  ASSERT_EQ(charts.size(), 2u);
  // One workload: its name would only repeat on every label ("page.page load time").
  const charts::ChartSpec& cdf = charts[0];
  EXPECT_EQ(cdf.xLabel.substr(0, cdf.xLabel.find(" (")), "request latency") << cdf.xLabel;
  const charts::ChartSpec& sweep = charts[1];
  EXPECT_EQ(sweep.yLabel.substr(0, sweep.yLabel.find(" (")), "page load time, mean") << sweep.yLabel;
  std::vector<std::string> names;
  for (const auto& s : sweep.series) names.push_back(s.name);
  EXPECT_EQ(names, (std::vector<std::string>{"protocol=http1", "protocol=http2", "protocol=http3"}));
}

TEST(ScenarioChartsTest, AWaterfallShowsTheTlsHandshakeOnlyWhenThereIsOne) {
  const auto seriesNames = [](const std::string& tls) {
    const Ran r = runAll(R"(wirelab: 1
name: tls
topology:
  nodes: [a, b]
  links: [{between: [a, b], rate: 100Mbps, delay: 10ms}]
workloads:
  - {kind: page-load, name: page, client: a, server: b, protocol: http2, tls: ")" +
                         tls + R"(", page: {base: 4KB, objects: 2, object_size: 2KB}}
charts:
  - {type: waterfall, workload: page}
)");
    const auto charts = scenarioCharts(r.plan, r.outcome, r.runs);
    std::vector<std::string> names;
    if (!charts.empty()) {
      for (const auto& s : charts.front().series) names.push_back(s.name);
    }
    return names;
  };
  EXPECT_EQ(seriesNames("1.3"), (std::vector<std::string>{"connect", "TLS handshake",
                                                          "request sent, awaiting first byte", "receiving"}));
  EXPECT_EQ(seriesNames("none"),
            (std::vector<std::string>{"connect", "request sent, awaiting first byte", "receiving"}));
}

TEST(ScenarioChartsTest, SeriesOfBytesAreScaledToAReadableUnit) {
  const Ran r = runAll(R"(wirelab: 1
name: window
seed: 1
replications: 1
duration: 2s
topology:
  nodes: [a, b]
  links: [{between: [a, b], rate: 100Mbps, delay: 10ms}]
workloads:
  - {kind: bulk, name: flow, from: a, to: b}
charts:
  - {type: series, metrics: [flow.cwnd]}
)");
  const auto charts = scenarioCharts(r.plan, r.outcome, r.runs);
  ASSERT_FALSE(charts.empty());
  const charts::ChartSpec& cwnd = charts.front();
  ASSERT_EQ(cwnd.series.size(), 1u);
  // Slow start without loss takes the window past 1 MB in 2 s: shown in MB, not as 2.1e+06.
  EXPECT_EQ(cwnd.yLabel, "congestion window (MB)");
  double largest = 0;
  for (const double y : cwnd.series.front().y) largest = std::max(largest, y);
  EXPECT_GE(largest, 1.0);
  EXPECT_LT(largest, 1000.0);
}

}  // namespace
}  // namespace wirelab::app::cli
