#include "models/scenario/plan.h"

#include <cstdio>

#include "models/scenario/expectation.h"
#include "models/scenario/overrides.h"

namespace wirelab::models::scenario {

std::optional<ScenarioPlan> planScenario(const std::string& file, const PlanOptions& options,
                                         Diagnostics& diagnostics) {
  auto doc = loadDocument(file, diagnostics);
  if (!doc) return std::nullopt;
  return planScenario(std::move(*doc), options, diagnostics);
}

std::optional<ScenarioPlan> planScenario(Document document, const PlanOptions& options,
                                         Diagnostics& diagnostics) {
  // Overrides go on a fresh parse: YAML nodes share structure with whoever parsed them.
  document = document.reparse();
  const auto applyOptions = [&options](Document& doc, Diagnostics* report) {
    for (const std::string& set : options.sets) {
      std::string path, value;
      if (!splitAssignment(set, path, value)) {
        if (report)
          report->add(SourceLocation{"--set", 0, 0}, "", "expected PATH=VALUE, got \"" + set + "\"");
        continue;
      }
      const std::string error = setAtPath(doc.root, path, value);
      if (!error.empty() && report) report->add(SourceLocation{"--set", 0, 0}, path, error);
    }
    if (options.seed) doc.root["seed"] = *options.seed;
    if (options.replications) doc.root["replications"] = *options.replications;
  };
  applyOptions(document, &diagnostics);
  if (!diagnostics.empty()) return std::nullopt;

  const ScenarioSpec base = readScenario(document, diagnostics);
  ScenarioPlan plan;
  plan.name = base.name;
  plan.description = base.description;
  plan.seed = base.seed;
  plan.replications = base.replications;
  plan.expectations = base.expectations;
  plan.charts = base.charts;
  for (const ExpectationSpec& e : base.expectations) {
    std::string error;
    auto parsed = parseExpectation(e.text, error);
    if (!parsed) {
      diagnostics.add(e.where, "expectations", error);
    } else if (auto problem = checkSelectors(*parsed, base.sweep)) {
      diagnostics.add(e.where, "expectations", *problem);
    }
  }
  for (const ChartSpec& c : base.charts) {
    if (c.type != "sweep") continue;
    bool known = false;
    for (const SweepAxis& a : base.sweep) known = known || a.path == c.x;
    if (!known) diagnostics.add(c.where, "charts", "x \"" + c.x + "\" is not an axis of the sweep");
  }
  if (!diagnostics.empty()) return std::nullopt;

  // The grid, first axis slowest.
  std::size_t cases = 1;
  for (const SweepAxis& a : base.sweep) {
    plan.sweepPaths.push_back(a.path);
    cases *= a.values.size();
    if (cases > 100'000) {
      diagnostics.add(SourceLocation{document.file, 0, 0}, "sweep", "more than 100,000 cases");
      return std::nullopt;
    }
  }
  for (std::size_t c = 0; c < cases; ++c) {
    CasePlan cp;
    cp.id = "case-" + std::to_string(c);
    Document fresh = document.reparse();
    applyOptions(fresh, nullptr);
    cp.root = fresh.root;
    cp.root.remove("sweep");
    std::size_t rest = c;
    std::vector<std::size_t> index(base.sweep.size());
    for (std::size_t a = base.sweep.size(); a-- > 0;) {
      index[a] = rest % base.sweep[a].values.size();
      rest /= base.sweep[a].values.size();
    }
    for (std::size_t a = 0; a < base.sweep.size(); ++a) {
      const SweepAxis& axis = base.sweep[a];
      const std::string error = setAtPath(cp.root, axis.path, axis.values[index[a]]);
      if (!error.empty()) diagnostics.add(SourceLocation{document.file, 0, 0}, "sweep." + axis.path, error);
      cp.parameters.emplace_back(axis.path, axis.labels[index[a]]);
    }
    if (!base.sweep.empty() && diagnostics.empty()) {
      // Each case is read on its own: a swept value is checked like any value, and its
      // diagnostics point at the value in the sweep section.
      Document caseDoc{cp.root, document.file, document.sectionFile, {}, {}};
      (void)readScenario(caseDoc, diagnostics);
    }
    plan.cases.push_back(std::move(cp));
  }
  if (!diagnostics.empty()) return std::nullopt;
  const int width = plan.replications > 100 ? 4 : plan.replications > 10 ? 3 : 2;
  for (std::size_t c = 0; c < plan.cases.size(); ++c) {
    for (int r = 0; r < plan.replications; ++r) {
      char rep[16];
      std::snprintf(rep, sizeof rep, "r%0*d", width, r);
      plan.runs.push_back(RunPlan{c, r, plan.cases[c].id + "-" + rep});
    }
  }
  plan.document = std::move(document);
  return plan;
}

std::vector<RunPlan> shardRuns(const std::vector<RunPlan>& runs, int i, int n) {
  std::vector<RunPlan> out;
  for (std::size_t k = 0; k < runs.size(); ++k) {
    if (static_cast<int>(k % static_cast<std::size_t>(n)) == i - 1) out.push_back(runs[k]);
  }
  return out;
}

}  // namespace wirelab::models::scenario
