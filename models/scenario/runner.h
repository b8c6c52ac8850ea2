// File: models/scenario/runner.h
// One run of one case: a fresh simulation seeded (seed, replication) (so case k and case j of a
// sweep see the same random numbers in replication r: common random numbers), the topology and
// workloads built from the case's document, the kernel run until every finite workload is done
// or the duration ends, and the results collected. Single-threaded; runs are independent, so a
// batch runs them in parallel processes.
#pragma once

#include "models/scenario/plan.h"
#include "models/scenario/run_captures.h"
#include "models/scenario/run_results.h"

namespace wirelab::models::scenario {

// Throws std::runtime_error if the case cannot be built (a model rejecting its parameters). With
// `captures` asking for any, the run also writes its pcap/ and qlog/ files under `outDir`
// (run_captures.h), and throws std::runtime_error if it cannot.
RunResults executeRun(const ScenarioPlan& plan, const RunPlan& run, const CaptureOptions& captures = {},
                      const std::string& outDir = {});

}  // namespace wirelab::models::scenario
