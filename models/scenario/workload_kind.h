// File: models/scenario/workload_kind.h
// The seam between scenario files and the models: each workload kind ("bulk", "page-load",
// "short-polling", ...) reads its own section into a WorkloadSpec (recording diagnostics), and the
// spec starts a RunningWorkload in a run. Kinds are listed in one registry (workload_registry.cpp),
// so the loader, `wirelab validate`, the JSON Schema and the GUI's designer see the same set.
#pragma once

#include <functional>
#include <memory>
#include <string>
#include <vector>

#include "models/scenario/run_context.h"
#include "models/scenario/run_results.h"
#include "models/scenario/spec_node.h"
#include "models/scenario/topology_spec.h"

namespace wirelab::models::scenario {

class RunningWorkload {
 public:
  virtual ~RunningWorkload() = default;
  // Metrics are named "<workload name>.<metric>".
  virtual void collect(RunResults& out) const = 0;
};

class WorkloadSpec {
 public:
  virtual ~WorkloadSpec() = default;
  // Builds the workload's objects in `ctx` and starts it. Endless workloads (polling, pub/sub)
  // never call ctx.workloadFinished(); the scenario's duration ends them.
  virtual std::unique_ptr<RunningWorkload> launch(RunContext& ctx) const = 0;
  // Endless workloads run until the scenario's duration; finite ones may end the run earlier.
  virtual bool endless() const { return false; }

  std::string name;
  std::string kind;
};

struct WorkloadKind {
  std::string name;
  std::string summary;            // one line, for `wirelab validate --list` and the schema
  std::vector<std::string> keys;  // the keys of its section besides "kind" and "name"
  std::function<std::unique_ptr<WorkloadSpec>(const SpecNode&, const TopologySpec&)> read;
};

const std::vector<WorkloadKind>& workloadKinds();
const WorkloadKind* findWorkloadKind(const std::string& name);

}  // namespace wirelab::models::scenario
