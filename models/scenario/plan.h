// File: models/scenario/plan.h
// What running a scenario means, before anything runs: the document (with `--set` overrides
// applied), one case per point of the sweep grid (the first axis varies slowest), and one run per
// case and replication. Every case is read and checked up front, so a bad sweep value is reported
// before the first run starts. Run ids are stable ("case-2-r07"), which is what `--shard`,
// `--resume` and `merge` key on.
#pragma once

#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "models/scenario/document.h"
#include "models/scenario/scenario_spec.h"

namespace wirelab::models::scenario {

struct CasePlan {
  std::string id;
  std::vector<std::pair<std::string, std::string>> parameters;  // sweep path -> value label
  YAML::Node root;                                              // the document of this case
};

struct RunPlan {
  std::size_t caseIndex = 0;
  int replication = 0;
  std::string id;
};

struct ScenarioPlan {
  Document document;  // after overrides
  std::string name;
  std::string description;
  std::uint64_t seed = 1;
  int replications = 1;
  std::vector<std::string> sweepPaths;
  std::vector<CasePlan> cases;
  std::vector<RunPlan> runs;
  std::vector<ExpectationSpec> expectations;
  std::vector<ChartSpec> charts;
};

struct PlanOptions {
  std::vector<std::string> sets;  // "PATH=VALUE"
  std::optional<std::uint64_t> seed;
  std::optional<int> replications;
};

// nullopt when the scenario has problems (all of them in `diagnostics`).
std::optional<ScenarioPlan> planScenario(const std::string& file, const PlanOptions& options,
                                         Diagnostics& diagnostics);
std::optional<ScenarioPlan> planScenario(Document document, const PlanOptions& options,
                                         Diagnostics& diagnostics);

// Keeps the runs with index % n == i - 1 (1 <= i <= n): a deterministic split a CI matrix or a
// job array can share out.
std::vector<RunPlan> shardRuns(const std::vector<RunPlan>& runs, int i, int n);

}  // namespace wirelab::models::scenario
