// File: app/cli/scenario_commands.cpp
#include "app/cli/scenario_commands.h"

#include <unistd.h>

#include <algorithm>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <map>
#include <memory>
#include <set>
#include <sstream>
#include <stdexcept>

#include "app/charts/chart_export.h"
#include "app/charts/headless_qt.h"
#include "app/cli/background_removal.h"
#include "app/cli/cli_options.h"
#include "app/cli/progress.h"
#include "app/cli/scenario_charts.h"
#include "app/cli/test_hooks.h"
#include "models/scenario/atomic_file.h"
#include "models/scenario/batch.h"
#include "models/scenario/json_reader.h"
#include "models/scenario/junit.h"
#include "models/scenario/output.h"
#include "models/scenario/plan.h"
#include "models/scenario/run_captures.h"
#include "models/scenario/schema.h"

namespace wirelab::app::cli {

namespace {

namespace fs = std::filesystem;
namespace sc = models::scenario;

int fail(int code, const std::string& message) {
  std::cerr << "wirelab: error: " << message << "\n";
  return code;
}

struct Prepared {
  std::string file;
  std::string folder;  // the scenario's folder name inside a batch's output
  sc::ScenarioPlan plan;
  fs::path outDir;
  std::vector<sc::RunPlan> toRun;
};

// Earlier run files set aside by a batch that does not resume (removed while the runs go on).
const std::string kStaleRunsPrefix = ".stale-runs-";

std::string slurp(const fs::path& p) {
  std::ifstream in(p, std::ios::binary);
  std::stringstream s;
  s << in.rdbuf();
  return s.str();
}

// Plans every file; prints every diagnostic of every file. False if any has a problem.
bool planAll(const std::vector<std::string>& files, const sc::PlanOptions& options,
             std::vector<Prepared>& out) {
  bool ok = true;
  for (const std::string& f : files) {
    sc::Diagnostics d;
    auto plan = sc::planScenario(f, options, d);
    if (!plan) {
      std::cerr << d.formatAll();
      ok = false;
      continue;
    }
    out.push_back(Prepared{f, fs::path(f).stem().string(), std::move(*plan), {}, {}});
  }
  return ok;
}

// Scenario files named on the command line, with folders expanded to their *.yaml, *.yml and
// *.json files (sorted, so a batch's order and shards do not depend on the file system), except
// JSON Schemas (schema.json, *.schema.json) that sit beside them.
std::optional<std::string> expandInputs(const std::vector<std::string>& inputs,
                                        std::vector<std::string>& files) {
  for (const std::string& in : inputs) {
    std::error_code ec;
    if (fs::is_directory(in, ec)) {
      std::vector<std::string> found;
      for (const auto& e : fs::directory_iterator(in, ec)) {
        const std::string ext = e.path().extension().string();
        const std::string name = e.path().filename().string();
        const bool schema = name == "schema.json" || name.ends_with(".schema.json");
        if (e.is_regular_file() && !schema && (ext == ".yaml" || ext == ".yml" || ext == ".json")) {
          found.push_back(e.path().string());
        }
      }
      std::sort(found.begin(), found.end());
      if (found.empty()) return "no scenario files (*.yaml, *.yml, *.json) in folder '" + in + "'";
      files.insert(files.end(), found.begin(), found.end());
    } else {
      files.push_back(in);
    }
  }
  return std::nullopt;
}

// Creates the folder and the effective scenario file; decides which runs are still to do. With
// `resume`, the folder must hold the same scenario, and finished runs are kept; without it, the
// folder's earlier run files are set aside (runs/ renamed, added to `stale` for removal in the
// background) so that a failed run can never be covered by an old file. Set-aside folders that an
// interrupted earlier batch left behind are added to `stale` too.
std::optional<std::string> prepareOutput(Prepared& p, bool resume, std::vector<fs::path>& stale) {
  std::error_code ec;
  fs::create_directories(p.outDir, ec);
  if (ec) return "cannot create '" + p.outDir.string() + "': " + ec.message();
  const fs::path scenarioFile = p.outDir / "scenario.yaml";
  const std::string fresh = sc::scenarioFileText(p.plan);
  const bool same = fs::exists(scenarioFile) && slurp(scenarioFile) == fresh;
  if (resume && !same && fs::exists(scenarioFile)) {
    return "'" + p.outDir.string() +
           "' holds runs of a different scenario (or other options); remove it or drop --resume";
  }
  if (!same) {  // a rerun of the same scenario leaves the file as it is (no write, no fsync)
    const std::string error = sc::writeFileAtomically(scenarioFile.string(), fresh);
    if (!error.empty()) return error;
  }
  for (const auto& e : fs::directory_iterator(p.outDir, ec)) {
    if (e.path().filename().string().starts_with(kStaleRunsPrefix)) stale.push_back(e.path());
  }
  // Without --resume nothing of an earlier batch stays: its run files and its captures (pcap/,
  // qlog/) are set aside whole and removed in the background.
  for (const char* folder : {"runs", "pcap", "qlog"}) {
    const fs::path old = p.outDir / folder;
    if (resume || !fs::exists(old)) continue;
    fs::path aside;
    for (int n = 0; aside.empty() || fs::exists(aside); ++n) {
      aside = p.outDir / (kStaleRunsPrefix + std::to_string(::getpid()) + "-" + std::to_string(n));
    }
    fs::rename(old, aside, ec);
    if (ec) return "cannot set '" + old.string() + "' aside: " + ec.message();
    stale.push_back(aside);
  }
  fs::create_directories(p.outDir / "runs", ec);
  for (const sc::RunPlan& r : p.plan.runs) {
    if (resume && fs::exists(sc::runFilePath(p.outDir.string(), r))) continue;
    if (resume) {
      // Captures of an unfinished earlier attempt at this run would not match the new run.
      fs::remove_all(sc::pcapFolder(p.outDir.string(), r.id), ec);
      fs::remove_all(sc::qlogFolder(p.outDir.string(), r.id), ec);
    }
    p.toRun.push_back(r);
  }
  return std::nullopt;
}

// The node names of a scenario's topology (every case: a sweep may not change them, but a merged
// include could).
std::set<std::string> topologyNodes(const sc::ScenarioPlan& plan) {
  std::set<std::string> names;
  for (const sc::CasePlan& c : plan.cases) {
    const YAML::Node nodes = c.root["topology"]["nodes"];
    if (!nodes || !nodes.IsSequence()) continue;
    for (const YAML::Node& n : nodes) {
      const YAML::Node name = n.IsMap() ? n["name"] : n;
      if (name && name.IsScalar()) names.insert(name.Scalar());
    }
  }
  return names;
}

// What --pcap and --qlog ask for. A node named in --pcap=... must be in the topology of at least
// one of the scenarios (so a typo is an error, not an empty capture).
std::optional<std::string> captureOptions(const ScenarioCommandOptions& options,
                                          const std::vector<Prepared>& prepared, sc::CaptureOptions& out) {
  out.pcap = options.pcap;
  out.pcapNodes = options.pcapNodes;
  out.qlog = options.qlog;
  std::set<std::string> known;
  for (const Prepared& p : prepared) known.merge(topologyNodes(p.plan));
  for (const std::string& node : options.pcapNodes) {
    if (known.count(node) != 0) continue;
    std::string list;
    for (const std::string& k : known) list += (list.empty() ? "" : ", ") + k;
    return "option '--pcap' names node '" + node + "', which no scenario's topology has (nodes: " + list +
           ")";
  }
  return std::nullopt;
}

std::string formatValue(double v, const std::string& unit) {
  char buf[64];
  if (unit == "s" && std::abs(v) < 1) {
    std::snprintf(buf, sizeof buf, "%.3f ms", v * 1e3);
  } else {
    std::snprintf(buf, sizeof buf, "%.4g %s", v, unit == "1" ? "" : unit.c_str());
  }
  return buf;
}

void printSummary(const sc::ScenarioPlan& plan, const sc::ScenarioOutcome& outcome) {
  std::printf("%s: %zu case(s) x %d replication(s)\n", plan.name.c_str(), plan.cases.size(),
              plan.replications);
  for (const sc::CaseResults& c : outcome.cases) {
    std::string params;
    for (const auto& [path, value] : c.parameters)
      params += (params.empty() ? "" : ", ") + path + "=" + value;
    std::printf("  %s%s\n", c.id.c_str(), params.empty() ? "" : (" (" + params + ")").c_str());
    for (const auto& [name, m] : c.metrics) {
      if (m.distribution) {
        std::printf("    %-34s mean %-12s p50 %-12s p99 %-12s n=%zu\n", name.c_str(),
                    formatValue(m.pooled.mean, m.unit).c_str(), formatValue(m.pooled.p50, m.unit).c_str(),
                    formatValue(m.pooled.p99, m.unit).c_str(), m.pooled.count);
      } else {
        std::printf("    %-34s %s\n", name.c_str(), formatValue(m.pooled.mean, m.unit).c_str());
      }
    }
  }
  for (const sc::ExpectationResult& e : outcome.expectations) {
    std::printf("  [%s] %s%s  (%s)\n", e.passed ? "PASS" : "FAIL",
                e.scope.empty() ? "" : (e.scope + ": ").c_str(), e.text.c_str(), e.message.c_str());
  }
  for (const std::string& id : outcome.missingRuns) std::printf("  missing run: %s\n", id.c_str());
}

struct Finalized {
  sc::ScenarioOutcome outcome;
  bool ok = false;
};

// Aggregates a scenario folder from its run files (from `runDirs`) into results.json, series,
// events and charts in `outDir`. The plan is rebuilt from the saved scenario.yaml, so a run, a
// batch and a merge of shards all aggregate the same way and write the same bytes.
std::optional<Finalized> finalizeScenario(const fs::path& outDir, const std::vector<std::string>& runDirs,
                                          const std::vector<std::string>& formats, bool quiet) {
  sc::Diagnostics d;
  auto plan = sc::planScenario((outDir / "scenario.yaml").string(), sc::PlanOptions{}, d);
  if (!plan) {
    std::cerr << d.formatAll();
    return std::nullopt;
  }
  std::vector<std::string> errors;
  const auto runs = sc::collectRunFiles(*plan, runDirs, errors);
  for (const std::string& e : errors) std::cerr << "wirelab: warning: " << e << "\n";
  Finalized f;
  f.outcome = sc::aggregateScenario(*plan, runs);
  // What is derived from the run files is rebuilt whole, so nothing of an earlier run lingers.
  std::error_code ec;
  for (const char* derived : {"charts", "series", "events"}) fs::remove_all(outDir / derived, ec);
  const std::string error = sc::writeResults(outDir.string(), *plan, f.outcome, runs);
  if (!error.empty()) {
    std::cerr << "wirelab: error: " << error << "\n";
    return std::nullopt;
  }
  if (!formats.empty()) {
    charts::HeadlessQt qt(charts::HeadlessQt::Platform::Offscreen);
    fs::create_directories(outDir / "charts", ec);
    for (const charts::ChartSpec& chart : scenarioCharts(*plan, f.outcome, runs)) {
      if (chart.series.empty()) continue;
      for (const std::string& format : formats) {
        if (auto e = charts::exportChart(chart, outDir / "charts" / (chart.id + "." + format))) {
          std::cerr << "wirelab: warning: chart " << chart.id << ": " << *e << "\n";
        }
      }
    }
  }
  if (!quiet) printSummary(*plan, f.outcome);
  f.ok = f.outcome.missingRuns.empty() && f.outcome.expectationsPassed;
  return f;
}

// What a finalized folder's results.json says about its expectations and missing runs (for the
// JUnit report and the exit code when the folders were finalized in child processes).
std::optional<sc::ScenarioOutcome> readOutcome(const fs::path& resultsFile) {
  std::string error;
  auto doc = sc::parseJson(slurp(resultsFile), error);
  if (!doc) return std::nullopt;
  sc::ScenarioOutcome o;
  if (const auto* missing = doc->find("missing_runs")) {
    for (const auto& m : missing->items) o.missingRuns.push_back(m.string);
  }
  if (const auto* expectations = doc->find("expectations")) {
    for (const auto& e : expectations->items) {
      sc::ExpectationResult r;
      const auto* text = e.find("expectation");
      const auto* scope = e.find("scope");
      const auto* passed = e.find("passed");
      const auto* detail = e.find("detail");
      if (text == nullptr || scope == nullptr || passed == nullptr || detail == nullptr) return std::nullopt;
      r.text = text->string;
      r.scope = scope->string;
      r.passed = passed->boolean;
      r.message = detail->string;
      o.expectationsPassed = o.expectationsPassed && r.passed;
      o.expectations.push_back(std::move(r));
    }
  }
  return o;
}

int exitCodeFor(bool anyRunFailed, bool anyExpectationFailed) {
  if (anyRunFailed) return kExitInternal;
  return anyExpectationFailed ? kExitExpectationFailed : kExitOk;
}

}  // namespace

int runValidateCommand(const ScenarioCommandOptions& options) {
  if (options.schema) std::cout << sc::scenarioJsonSchema();
  bool ok = true;
  for (const std::string& f : options.inputs) {
    sc::Diagnostics d;
    auto plan = sc::planScenario(f, sc::PlanOptions{}, d);
    if (!plan) {
      std::cerr << d.formatAll();
      ok = false;
      continue;
    }
    std::printf("%s: ok (%s: %zu case(s) x %d replication(s) = %zu run(s))\n", f.c_str(), plan->name.c_str(),
                plan->cases.size(), plan->replications, plan->runs.size());
  }
  return ok ? kExitOk : kExitUsage;
}

int runRunCommand(const ScenarioCommandOptions& options) {
  sc::PlanOptions po;
  po.sets = options.sets;
  po.seed = options.seed;
  std::vector<Prepared> prepared;
  if (!planAll(options.inputs, po, prepared)) return kExitUsage;
  Prepared& p = prepared.front();
  sc::CaptureOptions captures;
  if (auto e = captureOptions(options, prepared, captures)) return fail(kExitUsage, *e);
  p.outDir = options.outDir ? *options.outDir : fs::path("wirelab-out") / p.plan.name;
  std::vector<fs::path> stale;
  if (auto e = prepareOutput(p, false, stale)) return fail(kExitUsage, *e);
  const BackgroundRemoval staleRemoval(stale);
  std::vector<sc::BatchItem> items;
  for (const sc::RunPlan& r : p.toRun)
    items.push_back(sc::BatchItem{&p.plan, r, p.outDir.string(), captures});
  ProgressReporter progress(options.quiet);
  sc::BatchOptions bo;
  bo.jobs = options.jobs;
  bo.progress = [&progress](const sc::BatchProgress& pr) { progress(pr); };
  bo.work = batchWorkWithTestHooks();
  const sc::BatchOutcome batch = sc::runBatch(items, bo);
  progress.finish();
  bool runFailed = batch.interrupted;
  for (const auto& r : batch.results) runFailed = runFailed || !r.ok;
  auto f = finalizeScenario(p.outDir, {p.outDir.string()}, options.formats, options.quiet);
  if (!f) return kExitInternal;
  if (batch.interrupted) std::cerr << "wirelab: interrupted; finished runs are kept in " << p.outDir << "\n";
  if (!options.quiet) std::printf("results: %s\n", (p.outDir / "results.json").string().c_str());
  return exitCodeFor(runFailed, !f->outcome.expectationsPassed);
}

int runBatchCommand(const ScenarioCommandOptions& options) {
  std::vector<std::string> files;
  if (auto e = expandInputs(options.inputs, files)) return fail(kExitUsage, *e);
  std::vector<Prepared> prepared;
  if (!planAll(files, sc::PlanOptions{}, prepared)) return kExitUsage;
  sc::CaptureOptions captures;
  if (auto e = captureOptions(options, prepared, captures)) return fail(kExitUsage, *e);
  const fs::path out = options.outDir ? *options.outDir : fs::path("wirelab-out") / "batch";
  std::set<std::string> folders;
  for (Prepared& p : prepared) {
    if (!folders.insert(p.folder).second)
      return fail(kExitUsage, "two scenarios are named '" + p.folder + "' (file stems must differ)");
    p.outDir = out / p.folder;
  }
  // Shards take every N-th run of the whole batch, counted in a fixed order.
  std::vector<sc::BatchItem> items;
  std::size_t index = 0;
  std::vector<fs::path> stale;
  for (Prepared& p : prepared) {
    if (auto e = prepareOutput(p, options.resume, stale)) return fail(kExitUsage, *e);
    std::set<std::string> pending;
    for (const auto& r : p.toRun) pending.insert(r.id);
    for (const sc::RunPlan& r : p.plan.runs) {
      const bool mine =
          static_cast<int>(index++ % static_cast<std::size_t>(options.shardCount)) == options.shardIndex - 1;
      if (mine && pending.count(r.id))
        items.push_back(sc::BatchItem{&p.plan, r, p.outDir.string(), captures});
    }
  }
  const BackgroundRemoval staleRemoval(stale);
  const bool sharded = options.shardCount > 1;
  const bool parallelFinalize = !sharded && options.jobs > 1 && prepared.size() > 1;
  ProgressReporter progress(options.quiet);
  sc::BatchOptions bo;
  bo.jobs = options.jobs;
  bo.progress = [&progress](const sc::BatchProgress& pr) { progress(pr); };
  bo.work = batchWorkWithTestHooks();
  std::map<const sc::ScenarioPlan*, fs::path> outDirOf;
  if (parallelFinalize) {
    // Each scenario's aggregation and charts run in a worker as soon as its runs have ended,
    // overlapping the other scenarios' runs; the results are read back from results.json.
    for (const Prepared& p : prepared) {
      outDirOf[&p.plan] = p.outDir;
      bo.followUpPlans.push_back(&p.plan);
    }
    bo.afterPlan = [&outDirOf, &options](const sc::ScenarioPlan& plan) {
      const fs::path& dir = outDirOf.at(&plan);
      if (!finalizeScenario(dir, {dir.string()}, options.formats, true)) {
        throw std::runtime_error("aggregating " + dir.string() + " failed");
      }
    };
  }
  const sc::BatchOutcome batch = sc::runBatch(items, bo);
  progress.finish();
  bool runFailed = batch.interrupted;
  for (const auto& r : batch.results) runFailed = runFailed || !r.ok;
  bool expectationFailed = false;
  std::vector<sc::ScenarioOutcome> outcomes;
  outcomes.reserve(prepared.size());
  std::vector<sc::JUnitSuite> suites;
  if (parallelFinalize) {
    std::set<const sc::ScenarioPlan*> finalized;
    for (const sc::BatchFollowUpResult& f : batch.followUps) {
      if (f.ok) {
        finalized.insert(f.plan);
      } else if (!batch.interrupted) {
        return fail(kExitInternal, "aggregating the results failed: " + f.error);
      }
    }
    // An interrupt stops the workers; what they had not aggregated yet is aggregated here.
    for (const Prepared& p : prepared) {
      if (!finalized.count(&p.plan) &&
          !finalizeScenario(p.outDir, {p.outDir.string()}, options.formats, true))
        return fail(kExitInternal, "aggregating the results failed");
    }
  }
  for (Prepared& p : prepared) {
    sc::JUnitSuite suite;
    suite.name = p.plan.name;
    for (const auto& r : batch.results) {
      if (r.plan == &p.plan) suite.runs.push_back(r);
    }
    if (!sharded) {
      std::optional<sc::ScenarioOutcome> outcome;
      if (parallelFinalize) {
        outcome = readOutcome(p.outDir / "results.json");
        if (!outcome) return fail(kExitInternal, "cannot read " + (p.outDir / "results.json").string());
        if (!options.quiet) {
          std::size_t passed = 0;
          for (const auto& e : outcome->expectations) passed += e.passed ? 1 : 0;
          std::printf("%s: %zu of %zu expectation checks passed, %zu missing run(s): %s\n",
                      p.plan.name.c_str(), passed, outcome->expectations.size(), outcome->missingRuns.size(),
                      (p.outDir / "results.json").string().c_str());
          for (const auto& e : outcome->expectations) {
            if (!e.passed)
              std::printf("  [FAIL] %s: %s  (%s)\n", e.scope.c_str(), e.text.c_str(), e.message.c_str());
          }
        }
      } else {
        auto f = finalizeScenario(p.outDir, {p.outDir.string()}, options.formats, options.quiet);
        if (!f) return kExitInternal;
        outcome = std::move(f->outcome);
      }
      expectationFailed = expectationFailed || !outcome->expectationsPassed;
      runFailed = runFailed || !outcome->missingRuns.empty();
      outcomes.push_back(std::move(*outcome));
      suite.outcome = &outcomes.back();
    }
    suites.push_back(std::move(suite));
  }
  if (options.junit) {
    const std::string error = sc::writeFileAtomically(options.junit->string(), sc::junitXml(suites));
    if (!error.empty()) return fail(kExitInternal, error);
  }
  if (batch.interrupted)
    std::cerr << "wirelab: interrupted; finished runs are kept; complete them with --resume\n";
  if (sharded && !options.quiet) {
    std::printf("shard %d/%d: %zu run(s) in %s; combine the shards with 'wirelab merge'\n",
                options.shardIndex, options.shardCount, items.size(), out.string().c_str());
  }
  return exitCodeFor(runFailed, expectationFailed);
}

int runMergeCommand(const ScenarioCommandOptions& options) {
  // Each input is a scenario folder (it has scenario.yaml) or a batch folder of scenario folders.
  std::map<std::string, std::vector<fs::path>> groups;
  bool direct = false, nested = false;
  for (const std::string& in : options.inputs) {
    const fs::path dir(in);
    std::error_code ec;
    if (!fs::is_directory(dir, ec)) return fail(kExitUsage, "'" + in + "' is not a folder");
    if (fs::exists(dir / "scenario.yaml")) {
      direct = true;
      groups["."].push_back(dir);
      continue;
    }
    bool any = false;
    for (const auto& e : fs::directory_iterator(dir, ec)) {
      if (e.is_directory() && fs::exists(e.path() / "scenario.yaml")) {
        groups[e.path().filename().string()].push_back(e.path());
        any = nested = true;
      }
    }
    if (!any)
      return fail(kExitUsage, "'" + in + "' holds no Wirelab output (no scenario.yaml in it or its folders)");
  }
  if (direct && nested) return fail(kExitUsage, "cannot merge scenario folders with batch folders");
  bool runFailed = false, expectationFailed = false;
  for (const auto& [name, dirs] : groups) {
    const std::string reference = slurp(dirs.front() / "scenario.yaml");
    for (const fs::path& d : dirs) {
      if (slurp(d / "scenario.yaml") != reference) {
        return fail(kExitUsage,
                    "'" + d.string() + "' holds a different scenario than '" + dirs.front().string() + "'");
      }
    }
    const fs::path outDir = name == "." ? *options.outDir : *options.outDir / name;
    std::error_code ec;
    fs::create_directories(outDir / "runs", ec);
    if (ec) return fail(kExitUsage, "cannot create '" + outDir.string() + "': " + ec.message());
    std::string error = sc::writeFileAtomically((outDir / "scenario.yaml").string(), reference);
    if (!error.empty()) return fail(kExitInternal, error);
    // The merged folder holds every run file, so it can be merged or resumed again.
    for (const fs::path& d : dirs) {
      for (const auto& e : fs::directory_iterator(d / "runs", ec)) {
        const fs::path target = outDir / "runs" / e.path().filename();
        if (e.path().extension() != ".json" || fs::exists(target)) continue;
        error = sc::writeFileAtomically(target.string(), slurp(e.path()));
        if (!error.empty()) return fail(kExitInternal, error);
      }
      // Captures (--pcap, --qlog) belong to runs: each shard's are copied beside its run files.
      for (const char* captures : {"pcap", "qlog"}) {
        for (const auto& e : fs::recursive_directory_iterator(d / captures, ec)) {
          const fs::path target = outDir / fs::relative(e.path(), d, ec);
          if (!e.is_regular_file() || e.path().string().find(".tmp.") != std::string::npos ||
              fs::exists(target))
            continue;
          error = sc::writeFileAtomically(target.string(), slurp(e.path()));
          if (!error.empty()) return fail(kExitInternal, error);
        }
      }
    }
    auto f = finalizeScenario(outDir, {outDir.string()}, options.formats, options.quiet);
    if (!f) return kExitInternal;
    runFailed = runFailed || !f->outcome.missingRuns.empty();
    expectationFailed = expectationFailed || !f->outcome.expectationsPassed;
  }
  return exitCodeFor(runFailed, expectationFailed);
}

}  // namespace wirelab::app::cli
