#include "models/scenario/output.h"

#include <filesystem>
#include <fstream>
#include <sstream>

#include "models/scenario/atomic_file.h"
#include "models/scenario/expectation.h"

namespace wirelab::models::scenario {

namespace fs = std::filesystem;

std::string runFilePath(const std::string& outDir, const RunPlan& run) {
  return (fs::path(outDir) / "runs" / (run.id + ".json")).string();
}

std::string writeRunFile(const std::string& outDir, const RunPlan& run, const RunResults& results) {
  JsonWriter w;
  results.write(w);
  return writeFileAtomically(runFilePath(outDir, run), w.str());
}

std::optional<RunResults> readRunFile(const std::string& path, std::string& error) {
  std::ifstream in(path, std::ios::binary);
  std::stringstream text;
  text << in.rdbuf();
  if (!in && !in.eof()) {
    error = "cannot read the file";
    return std::nullopt;
  }
  return RunResults::read(text.str(), error);
}

std::string scenarioFileText(const ScenarioPlan& plan) {
  // Includes are merged in already: the saved file stands alone.
  YAML::Node root = YAML::Clone(plan.document.root);
  root.remove("include");
  YAML::Emitter out;
  out << root;
  return std::string(out.c_str()) + "\n";
}

std::string writeScenarioFile(const std::string& outDir, const ScenarioPlan& plan) {
  return writeFileAtomically((fs::path(outDir) / "scenario.yaml").string(), scenarioFileText(plan));
}

ScenarioOutcome aggregateScenario(const ScenarioPlan& plan, const std::map<std::string, RunResults>& runs) {
  ScenarioOutcome outcome;
  std::vector<std::vector<RunResults>> byCase(plan.cases.size());
  for (const RunPlan& r : plan.runs) {
    auto it = runs.find(r.id);
    if (it == runs.end()) {
      outcome.missingRuns.push_back(r.id);
      continue;
    }
    byCase[r.caseIndex].push_back(it->second);
  }
  for (std::size_t c = 0; c < plan.cases.size(); ++c) {
    CaseResults cr = aggregate(byCase[c]);
    cr.id = plan.cases[c].id;
    cr.parameters = plan.cases[c].parameters;
    outcome.cases.push_back(std::move(cr));
  }
  for (const ExpectationSpec& spec : plan.expectations) {
    std::string error;
    auto e = parseExpectation(spec.text, error);
    if (!e) {
      ExpectationResult result;
      result.text = spec.text;
      result.message = error;
      outcome.expectations.push_back(result);
      continue;
    }
    for (ExpectationResult& r : evaluate(*e, plan, outcome.cases))
      outcome.expectations.push_back(std::move(r));
  }
  for (const ExpectationResult& r : outcome.expectations)
    outcome.expectationsPassed = outcome.expectationsPassed && r.passed;
  return outcome;
}

std::map<std::string, RunResults> collectRunFiles(const ScenarioPlan& plan,
                                                  const std::vector<std::string>& dirs,
                                                  std::vector<std::string>& errors) {
  std::map<std::string, RunResults> runs;
  for (const RunPlan& r : plan.runs) {
    for (const std::string& dir : dirs) {
      const std::string path = runFilePath(dir, r);
      std::error_code ec;
      if (!fs::exists(path, ec)) continue;
      std::string error;
      auto results = readRunFile(path, error);
      if (!results) {
        errors.push_back(path + ": " + error);
        continue;
      }
      runs.emplace(r.id, std::move(*results));
      break;
    }
  }
  return runs;
}

std::string resultsJson(const ScenarioPlan& plan, const ScenarioOutcome& outcome) {
  JsonWriter w;
  w.beginObject();
  w.key("format").value("wirelab-results/1");
  w.key("scenario").value(plan.name);
  w.key("description").value(plan.description);
  w.key("seed").value(plan.seed);
  w.key("replications").value(plan.replications);
  w.key("sweep").beginArray();
  for (const std::string& p : plan.sweepPaths) w.value(p);
  w.endArray();
  w.key("passed").value(outcome.expectationsPassed && outcome.missingRuns.empty());
  w.key("missing_runs").beginArray();
  for (const std::string& id : outcome.missingRuns) w.value(id);
  w.endArray();
  w.key("cases").beginArray();
  for (const CaseResults& c : outcome.cases) {
    w.beginObject();
    w.key("id").value(c.id);
    w.key("parameters").beginObject();
    for (const auto& [path, value] : c.parameters) w.key(path).value(value);
    w.endObject();
    w.key("replications").value(static_cast<std::uint64_t>(c.replications));
    w.key("simulated_events").value(c.simulatedEvents);
    w.key("metrics").beginObject();
    for (const auto& [name, m] : c.metrics) {
      w.key(name).beginObject();
      w.key("unit").value(m.unit);
      w.key("kind").value(m.distribution ? "distribution" : "value");
      w.key("replications").value(static_cast<std::uint64_t>(m.replications));
      w.key("count").value(static_cast<std::uint64_t>(m.pooled.count));
      w.key("mean").value(m.pooled.mean);
      w.key("ci95").beginArray().value(m.ciLow).value(m.ciHigh).endArray();
      w.key("min").value(m.pooled.min);
      w.key("p50").value(m.pooled.p50);
      w.key("p90").value(m.pooled.p90);
      w.key("p99").value(m.pooled.p99);
      w.key("max").value(m.pooled.max);
      w.endObject();
    }
    w.endObject();
    w.endObject();
  }
  w.endArray();
  w.key("expectations").beginArray();
  for (const ExpectationResult& e : outcome.expectations) {
    w.beginObject();
    w.key("expectation").value(e.text);
    w.key("scope").value(e.scope);
    w.key("passed").value(e.passed);
    w.key("detail").value(e.message);
    w.endObject();
  }
  w.endArray();
  w.endObject();
  return w.str();
}

namespace {

std::string csvField(const std::string& s) {
  if (s.find_first_of(",\"\n") == std::string::npos) return s;
  std::string out = "\"";
  for (const char c : s) out += c == '"' ? std::string("\"\"") : std::string(1, c);
  return out + "\"";
}

}  // namespace

std::string writeResults(const std::string& outDir, const ScenarioPlan& plan, const ScenarioOutcome& outcome,
                         const std::map<std::string, RunResults>& runs) {
  // The first replication of each case gives its series and events.
  for (const RunPlan& r : plan.runs) {
    if (r.replication != 0) continue;
    auto it = runs.find(r.id);
    if (it == runs.end()) continue;
    const std::string caseId = plan.cases[r.caseIndex].id;
    for (const Series& s : it->second.series()) {
      std::string csv = csvField(s.xLabel) + "," + csvField(s.yLabel) + "\n";
      for (const auto& [x, y] : s.points) csv += JsonWriter::number(x) + "," + JsonWriter::number(y) + "\n";
      const std::string error =
          writeFileAtomically((fs::path(outDir) / "series" / caseId / (s.name + ".csv")).string(), csv);
      if (!error.empty()) return error;
    }
    if (!it->second.events().empty()) {
      std::string csv = "time (s),source,cause\n";
      for (const TaggedEvent& e : it->second.events()) {
        csv += JsonWriter::number(e.time) + "," + csvField(e.source) + "," + csvField(e.cause) + "\n";
      }
      const std::string error =
          writeFileAtomically((fs::path(outDir) / "events" / (caseId + ".csv")).string(), csv);
      if (!error.empty()) return error;
    }
  }
  return writeFileAtomically((fs::path(outDir) / "results.json").string(), resultsJson(plan, outcome));
}

}  // namespace wirelab::models::scenario
