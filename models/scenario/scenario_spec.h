// File: models/scenario/scenario_spec.h
// A whole scenario file read into plain data: identity, seed and replications, the run's duration,
// the topology, the workloads (each read by its kind), a sweep, expectations and charts. Reading
// records every problem on the Diagnostics; a spec with diagnostics must not be run.
//
//   wirelab: 1
//   name: page-load-vs-loss
//   seed: 1
//   replications: 10
//   duration: 60s
//   topology: {...}
//   workloads:
//     - {kind: page-load, name: h1, client: client, server: server, protocol: http1}
//   sweep:
//     topology.links[0].loss: [0%, 1%, 2%]
//   expectations:
//     - h2.page_load_time.p50 < h1.page_load_time.p50
//   charts:
//     - {type: sweep, x: topology.links[0].loss, y: [h1.page_load_time.mean, h2.page_load_time.mean]}
#pragma once

#include <cstdint>
#include <memory>
#include <string>
#include <utility>
#include <vector>

#include "models/scenario/document.h"
#include "models/scenario/topology_spec.h"
#include "models/scenario/workload_kind.h"

namespace wirelab::models::scenario {

inline constexpr int kScenarioFormatVersion = 1;

struct SweepAxis {
  std::string path;                 // a key path into the scenario ("topology.links[0].loss")
  std::vector<YAML::Node> values;   // as written (scalars or maps)
  std::vector<std::string> labels;  // the values as text, for file names and chart ticks
};

struct ChartSpec {
  std::string type;  // "cdf", "series", "sweep", "waterfall"
  std::string title;
  std::vector<std::string> metrics;  // cdf: distributions; series: series names; sweep: "metric.stat"
  std::string x;                     // sweep: the axis path
  std::string workload;              // waterfall
  SourceLocation where;
};

struct ExpectationSpec {
  std::string text;
  SourceLocation where;
};

struct ScenarioSpec {
  std::string file;
  std::string name;
  std::string description;
  std::uint64_t seed = 1;
  int replications = 1;
  sim::Duration duration = sim::Seconds(60);
  TopologySpec topology;
  std::vector<std::unique_ptr<WorkloadSpec>> workloads;
  std::vector<SweepAxis> sweep;
  std::vector<ExpectationSpec> expectations;
  std::vector<ChartSpec> charts;
};

// Reads a parsed document. Every problem goes to `diagnostics`.
ScenarioSpec readScenario(const Document& document, Diagnostics& diagnostics);

// The top-level keys a scenario may have (for did-you-mean and the JSON Schema).
const std::vector<std::string>& scenarioKeys();

}  // namespace wirelab::models::scenario
