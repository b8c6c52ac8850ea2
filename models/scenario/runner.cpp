#include "models/scenario/runner.h"

#include <optional>
#include <stdexcept>

namespace wirelab::models::scenario {

RunResults executeRun(const ScenarioPlan& plan, const RunPlan& run, const CaptureOptions& captures,
                      const std::string& outDir) {
  const CasePlan& c = plan.cases.at(run.caseIndex);
  Diagnostics diagnostics;
  const ScenarioSpec spec =
      readScenario(Document{c.root, plan.document.file, plan.document.sectionFile, {}, {}}, diagnostics);
  if (!diagnostics.empty()) throw std::runtime_error(diagnostics.formatAll());

  sim::Simulation sim(spec.seed, static_cast<std::uint64_t>(run.replication));
  RunResults results;
  results.seed = spec.seed;
  results.replication = static_cast<std::uint64_t>(run.replication);
  {
    RunContext ctx(sim, spec.topology);
    std::vector<std::unique_ptr<RunningWorkload>> running;
    bool anyEndless = false;
    for (const auto& w : spec.workloads) anyEndless = anyEndless || w->endless();
    if (!anyEndless) ctx.expectWorkloads(spec.workloads.size());
    // Declared after `running`: it stops listening before the workloads are destroyed.
    std::optional<RunCaptures> recording;
    if (captures.any()) recording.emplace(ctx, captures, run.id, outDir);
    try {
      for (const auto& w : spec.workloads) running.push_back(w->launch(ctx));
    } catch (const std::invalid_argument& e) {
      throw std::runtime_error(std::string("a model rejected its parameters: ") + e.what());
    }
    sim.scheduler.runUntil(sim::SimTime::zero() + spec.duration);
    results.simulatedEvents = sim.scheduler.eventsDispatched();
    results.simulatedSeconds = (sim.scheduler.now() - sim::SimTime::zero()).seconds();
    for (const auto& w : running) w->collect(results);
    if (recording) {
      const std::string error = recording->finish();
      if (!error.empty()) throw std::runtime_error(error);
    }
    running.clear();
  }
  return results;
}

}  // namespace wirelab::models::scenario
