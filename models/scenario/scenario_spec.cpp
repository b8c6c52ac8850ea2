#include "models/scenario/scenario_spec.h"

#include <set>

#include "models/scenario/overrides.h"

namespace wirelab::models::scenario {

const std::vector<std::string>& scenarioKeys() {
  static const std::vector<std::string> keys = {"wirelab",   "name",         "description",  "include",
                                                "seed",      "replications", "duration",     "topology",
                                                "workloads", "sweep",        "expectations", "charts"};
  return keys;
}

namespace {

std::vector<SweepAxis> readSweep(const SpecNode& node) {
  std::vector<SweepAxis> axes;
  for (auto& [path, values] : node.entries()) {
    SweepAxis axis;
    axis.path = path;
    std::vector<PathStep> steps;
    std::string error;
    if (!parseKeyPath(path, steps, error)) {
      values.error(error);
      continue;
    }
    if (!steps.empty() &&
        (steps[0].key == "sweep" || steps[0].key == "replications" || steps[0].key == "include")) {
      values.error("\"" + steps[0].key + "\" cannot be swept");
      continue;
    }
    for (const SpecNode& v : values.items()) {
      axis.values.push_back(v.yaml());
      axis.labels.push_back(v.isScalar() ? v.asText() : YAML::Dump(v.yaml()));
    }
    if (values.defined() && values.isSequence() && axis.values.empty())
      values.error("a sweep axis needs at least one value");
    if (!axis.values.empty()) axes.push_back(std::move(axis));
  }
  return axes;
}

std::vector<ChartSpec> readCharts(const SpecNode& node) {
  std::vector<ChartSpec> charts;
  for (const SpecNode& c : node.items()) {
    ChartSpec chart;
    chart.where = c.location();
    chart.type = c.choice("type", {"cdf", "series", "sweep", "waterfall"});
    chart.title = c.text("title", "");
    if (chart.type == "waterfall") {
      c.checkKeys({"type", "title", "workload"});
      chart.workload = c.text("workload");
    } else {
      c.checkKeys(chart.type == "sweep" ? std::vector<std::string>{"type", "title", "x", "y"}
                                        : std::vector<std::string>{"type", "title", "metrics"});
      const SpecNode list = c[chart.type == "sweep" ? "y" : "metrics"];
      for (const SpecNode& m : list.items()) chart.metrics.push_back(m.asText());
      if (!list.defined())
        c.error(std::string("missing required key \"") + (chart.type == "sweep" ? "y" : "metrics") + "\"");
      if (chart.type == "sweep") chart.x = c.text("x");
    }
    charts.push_back(std::move(chart));
  }
  return charts;
}

}  // namespace

ScenarioSpec readScenario(const Document& document, Diagnostics& diagnostics) {
  ScenarioSpec spec;
  spec.file = document.file;
  SpecNode root = document.rootNode(diagnostics);
  root.checkKeys(scenarioKeys());
  const std::int64_t version = root.integer("wirelab", kScenarioFormatVersion, 1);
  if (version != kScenarioFormatVersion) {
    root["wirelab"].error("this Wirelab reads scenario format " + std::to_string(kScenarioFormatVersion) +
                          ", the file is format " + std::to_string(version));
  }
  spec.name = root.text("name");
  spec.description = root.text("description", "");
  spec.seed = static_cast<std::uint64_t>(root.integer("seed", 1, 0));
  spec.replications = static_cast<int>(root.integer("replications", 1, 1, 10'000));
  spec.duration = root.duration("duration", sim::Seconds(60), sim::Milliseconds(1));
  spec.topology = readTopology(root["topology"]);

  std::set<std::string> names;
  const auto workloads = root["workloads"].items();
  if (workloads.empty() && !root["workloads"].defined()) root.error("missing required section \"workloads\"");
  std::vector<std::string> kindNames;
  for (const WorkloadKind& k : workloadKinds()) kindNames.push_back(k.name);
  for (const SpecNode& w : workloads) {
    const std::string kindName = w.choice("kind", kindNames, "");
    const WorkloadKind* kind = findWorkloadKind(kindName);
    const std::string name = w.text("name");
    if (!name.empty() && !names.insert(name).second)
      w["name"].error("workload \"" + name + "\" is defined twice");
    if (name.find('.') != std::string::npos)
      w["name"].error("a workload name cannot contain '.' (metric names use it)");
    if (kind == nullptr) continue;
    std::vector<std::string> keys = {"kind", "name"};
    keys.insert(keys.end(), kind->keys.begin(), kind->keys.end());
    w.checkKeys(keys);
    auto spec1 = kind->read(w, spec.topology);
    spec1->name = name;
    spec1->kind = kind->name;
    spec.workloads.push_back(std::move(spec1));
  }
  spec.sweep = readSweep(root["sweep"]);
  for (const SpecNode& e : root["expectations"].items())
    spec.expectations.push_back(ExpectationSpec{e.asText(), e.location()});
  spec.charts = readCharts(root["charts"]);
  return spec;
}

}  // namespace wirelab::models::scenario
