// Planning and running scenarios: sweeps and replications, determinism, expectations, sharding
// and merging equal to an unsharded run, and a batch that survives a failing run.
#include "models/scenario/runner.h"

#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>
#include <map>
#include <sstream>

#include "models/scenario/batch.h"
#include "models/scenario/output.h"
#include "tests/support/test_folder.h"

namespace wirelab::models::scenario {
namespace {

namespace fs = std::filesystem;

const char* const kScenario = R"(wirelab: 1
name: h1-vs-h2
seed: 7
replications: 3
duration: 30s
topology:
  nodes: [client, server]
  links:
    - {between: [client, server], rate: 1Gbps, delay: 50ms}
workloads:
  - {kind: page-load, name: h1, client: client, server: server, protocol: http1,
     page: {base: 8KB, objects: 12, object_size: 1KB}}
  - {kind: page-load, name: h2, client: client, server: server, protocol: http2,
     page: {base: 8KB, objects: 12, object_size: 1KB}}
sweep:
  topology.links[0].loss: [0%, 2%]
expectations:
  - h2.page_load_time.p50 < h1.page_load_time.p50
  - h1.loaded.mean == 1
)";

std::optional<ScenarioPlan> plan(const std::string& text, Diagnostics& d, PlanOptions options = {}) {
  auto doc = parseDocument(text, "s.yaml", d);
  if (!doc) return std::nullopt;
  return planScenario(std::move(*doc), options, d);
}

std::string slurp(const fs::path& p) {
  std::ifstream in(p);
  std::stringstream s;
  s << in.rdbuf();
  return s.str();
}

TEST(ScenarioPlan, ExpandsTheSweepIntoCasesAndReplicationsIntoRuns) {
  Diagnostics d;
  auto p = plan(kScenario, d);
  ASSERT_TRUE(p) << d.formatAll();
  ASSERT_EQ(p->cases.size(), 2u);
  ASSERT_EQ(p->runs.size(), 6u);
  EXPECT_EQ(p->runs[4].id, "case-1-r01");
  EXPECT_EQ(p->cases[1].parameters.at(0).second, "2%");
  EXPECT_EQ(p->cases[1].root["topology"]["links"][0]["loss"].Scalar(), "2%");
}

TEST(ScenarioPlan, SetOverridesAndSeedsApplyBeforeReading) {
  Diagnostics d;
  PlanOptions o;
  o.sets = {"replications=2", "workloads[0].page.objects=3"};
  o.seed = 99;
  auto p = plan(kScenario, d, o);
  ASSERT_TRUE(p) << d.formatAll();
  EXPECT_EQ(p->runs.size(), 4u);
  EXPECT_EQ(p->seed, 99u);
}

TEST(ScenarioPlan, ReportsEveryProblemWithItsPlace) {
  std::string bad = kScenario;
  bad.replace(bad.find("protocol: http2"), 15, "protocol: http5");
  bad.replace(bad.find("[0%, 2%]"), 8, "[0%, 2%%]");
  bad += "  - h9.page_load_time.p5O < 1s\n";
  Diagnostics d;
  EXPECT_FALSE(plan(bad, d));
  const std::string all = d.formatAll();
  EXPECT_NE(all.find("s.yaml:13:75: workloads[1].protocol: unknown value \"http5\""), std::string::npos)
      << all;
  EXPECT_NE(all.find("unknown statistic \"p5O\""), std::string::npos) << all;
  Diagnostics d2;
  PlanOptions o;
  o.sets = {"topology.links[3].delay=1ms"};
  EXPECT_FALSE(plan(kScenario, d2, o));
  EXPECT_NE(
      d2.formatAll().find("--set: topology.links[3].delay: \"topology.links[3]\": the list has 1 element(s)"),
      std::string::npos)
      << d2.formatAll();
}

TEST(ScenarioPlan, ASweptValueIsCheckedLikeAnyValue) {
  std::string bad = kScenario;
  bad.replace(bad.find("[0%, 2%]"), 8, "[0%, 2 %%]");
  Diagnostics d;
  EXPECT_FALSE(plan(bad, d));
  EXPECT_NE(d.formatAll().find("topology.links[0].loss"), std::string::npos) << d.formatAll();
}

TEST(ScenarioRun, IsDeterministicAndMeetsTheClosedFormAtZeroLoss) {
  Diagnostics d;
  auto p = plan(kScenario, d);
  ASSERT_TRUE(p) << d.formatAll();
  JsonWriter a, b;
  executeRun(*p, p->runs[0]).write(a);
  executeRun(*p, p->runs[0]).write(b);
  EXPECT_EQ(a.str(), b.str());
  // At zero loss (RTT 100 ms): HTTP/1.1 = 3 + ceil(11/6) = 5 RTT, HTTP/2 = 3 RTT (docs/http.md).
  const RunResults r = executeRun(*p, p->runs[0]);
  EXPECT_NEAR(r.find("h1.page_load_time")->samples.at(0), 0.5, 0.5 * 0.02);
  EXPECT_NEAR(r.find("h2.page_load_time")->samples.at(0), 0.3, 0.3 * 0.02);
  EXPECT_GT(r.simulatedEvents, 100u);
}

TEST(ScenarioRun, ShardsMergeToTheSameBytesAsOneBatch) {
  Diagnostics d;
  auto p = plan(kScenario, d);
  ASSERT_TRUE(p) << d.formatAll();
  const testing::TestFolder folder("wirelab-runner");
  const fs::path all = folder.path / "all", s1 = folder.path / "shard1", s2 = folder.path / "shard2",
                 merged = folder.path / "merged";
  const auto runInto = [&](const std::vector<RunPlan>& runs, const fs::path& dir, int jobs) {
    std::vector<BatchItem> items;
    for (const RunPlan& r : runs) items.push_back(BatchItem{&*p, r, dir.string(), {}});
    BatchOptions o;
    o.jobs = jobs;
    const BatchOutcome out = runBatch(items, o);
    for (const BatchItemResult& r : out.results) EXPECT_TRUE(r.ok) << r.id << ": " << r.error;
  };
  runInto(p->runs, all, 2);
  runInto(shardRuns(p->runs, 1, 2), s1, 1);
  runInto(shardRuns(p->runs, 2, 2), s2, 1);
  std::vector<std::string> errors;
  const auto unsharded = collectRunFiles(*p, {all.string()}, errors);
  const auto shards = collectRunFiles(*p, {s1.string(), s2.string()}, errors);
  EXPECT_TRUE(errors.empty());
  ASSERT_EQ(unsharded.size(), 6u);
  ASSERT_EQ(shards.size(), 6u);
  ASSERT_EQ(writeResults(all.string(), *p, aggregateScenario(*p, unsharded), unsharded), "");
  ASSERT_EQ(writeResults(merged.string(), *p, aggregateScenario(*p, shards), shards), "");
  EXPECT_EQ(slurp(all / "results.json"), slurp(merged / "results.json"));
  const ScenarioOutcome outcome = aggregateScenario(*p, unsharded);
  ASSERT_EQ(outcome.cases.size(), 2u);
  EXPECT_TRUE(outcome.expectations.at(0).passed) << outcome.expectations.at(0).message;
  EXPECT_TRUE(outcome.expectations.at(2).passed) << outcome.expectations.at(2).message;
  EXPECT_EQ(outcome.expectations.at(2).scope, "case-0 (loss=0%)");
  EXPECT_EQ(outcome.cases[0].metrics.at("h1.page_load_time").replications, 3u);
}

TEST(ScenarioRun, AFailingRunIsReportedAndTheOthersFinish) {
  Diagnostics d;
  auto p = plan(kScenario, d);
  ASSERT_TRUE(p) << d.formatAll();
  const testing::TestFolder dir("wirelab-runner");
  std::vector<BatchItem> items;
  for (const RunPlan& r : p->runs) items.push_back(BatchItem{&*p, r, dir.path.string(), {}});
  items[2].outDir = "/proc/wirelab-cannot-write-here";
  std::size_t progressCalls = 0;
  BatchOptions o;
  o.jobs = 2;
  o.progress = [&](const BatchProgress& pr) {
    ++progressCalls;
    EXPECT_LE(pr.done, pr.total);
  };
  const BatchOutcome out = runBatch(items, o);
  ASSERT_EQ(out.results.size(), 6u);
  EXPECT_EQ(progressCalls, 6u);
  int failed = 0;
  for (const BatchItemResult& r : out.results) failed += r.ok ? 0 : 1;
  EXPECT_EQ(failed, 1);
  EXPECT_FALSE(out.results[2].ok);
  EXPECT_NE(out.results[2].error.find("cannot"), std::string::npos) << out.results[2].error;
  std::vector<std::string> errors;
  const auto runs = collectRunFiles(*p, {dir.path.string()}, errors);
  EXPECT_EQ(runs.size(), 5u);
  const ScenarioOutcome outcome = aggregateScenario(*p, runs);
  ASSERT_EQ(outcome.missingRuns.size(), 1u);
  EXPECT_EQ(outcome.missingRuns[0], p->runs[2].id);
}

// A sweep of protocol x loss with an expectation that compares protocols at each loss rate.
TEST(ScenarioRun, CaseSelectorsCompareCasesOncePerValueOfTheOtherAxes) {
  const std::string text = R"(name: selectors
replications: 2
duration: 30s
topology:
  nodes: [client, server]
  links: [{between: [client, server], rate: 1Gbps, delay: 50ms}]
workloads:
  - {kind: page-load, name: page, client: client, server: server, protocol: http1,
     page: {base: 8KB, objects: 12, object_size: 1KB}}
sweep:
  workloads[0].protocol: [http1, http2]
  topology.links[0].loss: [0%, 0.1%]
expectations:
  - page.page_load_time.p50[protocol=http2] < page.page_load_time.p50[protocol=http1]
)";
  Diagnostics d;
  auto p = plan(text, d);
  ASSERT_TRUE(p) << d.formatAll();
  std::map<std::string, RunResults> runs;
  for (const RunPlan& r : p->runs) runs.emplace(r.id, executeRun(*p, r));
  const ScenarioOutcome outcome = aggregateScenario(*p, runs);
  ASSERT_EQ(outcome.expectations.size(), 2u);  // once per loss rate
  EXPECT_EQ(outcome.expectations[0].scope, "loss=0%");
  EXPECT_EQ(outcome.expectations[1].scope, "loss=0.1%");
  // Zero loss: HTTP/2 3 RTT against HTTP/1.1's 5.
  EXPECT_TRUE(outcome.expectations[0].passed) << outcome.expectations[0].message;
  EXPECT_NEAR(outcome.expectations[0].lhs, 0.3, 0.006);
  EXPECT_NEAR(outcome.expectations[0].rhs, 0.5, 0.01);

  std::string bad = text;
  bad.replace(bad.find("[protocol=http1]"), 16, "[protocol=http9]");
  Diagnostics d2;
  EXPECT_FALSE(plan(bad, d2));
  EXPECT_NE(d2.formatAll().find("\"http9\" is not a value of the sweep axis workloads[0].protocol"),
            std::string::npos)
      << d2.formatAll();
}

}  // namespace
}  // namespace wirelab::models::scenario
