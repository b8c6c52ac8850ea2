// File: models/scenario/batch.h
// Runs many independent runs on local cores: `jobs` worker processes (fork, models/scenario/
// batch_worker.h) each run one item at a time, handed out in order as workers become free. A run
// that throws is reported and its worker goes on; a run that crashes or is killed takes only its
// worker down: it is reported ("crashed: signal 11"), its run file is simply missing, and a fresh
// worker takes the next items. Follow-up work per plan (BatchOptions::afterPlan) runs in the same
// workers once the plan's runs have ended. An interrupt (SIGINT/SIGTERM) stops handing out items, ends the
// workers, and returns: every run that finished has its run file (written atomically), so
// `--resume` completes only the rest. POSIX only; no threads, so fork is safe.
#pragma once

#include <functional>
#include <string>
#include <vector>

#include "models/scenario/plan.h"
#include "models/scenario/run_captures.h"

namespace wirelab::models::scenario {

struct BatchItem {
  const ScenarioPlan* plan = nullptr;
  RunPlan run;
  std::string outDir;
  CaptureOptions captures;  // pcap/ and qlog/ of the run, when asked for
};

struct BatchItemResult {
  const ScenarioPlan* plan = nullptr;
  std::string scenario;
  std::string id;
  bool ok = false;
  std::string error;  // why it failed ("crashed: signal 11", the exception's message, ...)
  double wallSeconds = 0;
};

struct BatchProgress {
  std::size_t done = 0, failed = 0, total = 0;
  double elapsedSeconds = 0;
  const BatchItemResult* last = nullptr;  // the run that just ended
};

// What a worker does with one item; it throws to fail the item.
using BatchWork = std::function<void(const BatchItem&)>;

// The default work: executeRun, then writeRunFile into the item's outDir.
void runAndWriteRunFile(const BatchItem& item);

struct BatchOptions {
  int jobs = 1;
  std::function<void(const BatchProgress&)> progress;
  BatchWork work = runAndWriteRunFile;
  // Follow-up work per plan (a scenario's aggregation and charts): for each plan in
  // `followUpPlans`, afterPlan(plan) runs in a worker as soon as every item of that plan has
  // ended (at once for a plan with none), ahead of the items not handed out yet, so it overlaps
  // the other plans' runs. It throws to fail. None is started once the batch is interrupted.
  std::function<void(const ScenarioPlan&)> afterPlan;
  std::vector<const ScenarioPlan*> followUpPlans;
};

struct BatchFollowUpResult {
  const ScenarioPlan* plan = nullptr;
  bool ok = false;
  std::string error;
};

struct BatchOutcome {
  std::vector<BatchItemResult> results;        // in the order the items were given (ended ones only)
  std::vector<BatchFollowUpResult> followUps;  // in the order of followUpPlans (ended ones only)
  bool interrupted = false;
};

BatchOutcome runBatch(const std::vector<BatchItem>& items, const BatchOptions& options);

}  // namespace wirelab::models::scenario
