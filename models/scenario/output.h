// File: models/scenario/output.h
// The output folder of a scenario:
//   scenario.yaml       the effective scenario (after --set), so `merge` can rebuild the plan
//   runs/<run id>.json  one file per finished run (what shards exchange; `--resume` skips these)
//   results.json        every case aggregated over its replications, and its expectations
//   series/<case>/<name>.csv  time series of the first replication
//   events/<case>.csv   cause-tagged events of the first replication
// Every file is written atomically. results.json depends only on the run files, so merged shards
// equal an unsharded batch byte for byte.
#pragma once

#include <map>
#include <optional>
#include <string>
#include <vector>

#include "models/scenario/case_results.h"
#include "models/scenario/plan.h"

namespace wirelab::models::scenario {

std::string runFilePath(const std::string& outDir, const RunPlan& run);
// Returns an empty string on success, else the error.
std::string writeRunFile(const std::string& outDir, const RunPlan& run, const RunResults& results);
std::optional<RunResults> readRunFile(const std::string& path, std::string& error);
// The effective scenario as YAML (includes merged in, so it stands alone).
std::string scenarioFileText(const ScenarioPlan& plan);
std::string writeScenarioFile(const std::string& outDir, const ScenarioPlan& plan);

struct ScenarioOutcome {
  std::vector<CaseResults> cases;
  std::vector<ExpectationResult> expectations;  // every expectation in every case or group
  std::vector<std::string> missingRuns;         // planned runs without a run file (failed or not run)
  bool expectationsPassed = true;
};

// Aggregates the runs found for each case and evaluates the expectations (a case with no
// finished run fails every expectation).
ScenarioOutcome aggregateScenario(const ScenarioPlan& plan, const std::map<std::string, RunResults>& runs);

// Reads the run files of `plan` from `dirs` (the first found wins; identical by determinism).
std::map<std::string, RunResults> collectRunFiles(const ScenarioPlan& plan,
                                                  const std::vector<std::string>& dirs,
                                                  std::vector<std::string>& errors);

// results.json, series/ and events/. Returns an empty string on success, else the error.
std::string writeResults(const std::string& outDir, const ScenarioPlan& plan, const ScenarioOutcome& outcome,
                         const std::map<std::string, RunResults>& runs);

// The results.json text (exposed for tests).
std::string resultsJson(const ScenarioPlan& plan, const ScenarioOutcome& outcome);

}  // namespace wirelab::models::scenario
