// File: models/scenario/batch.h
// Runs many independent runs on local cores: each run in its own child process (fork), at most
// `jobs` at a time. A run that throws, crashes or is killed is reported and the others go on; its
// run file is simply missing. An interrupt (SIGINT/SIGTERM) stops launching, ends the running
// children, and returns: every run that finished has its run file (written atomically), so
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

struct BatchOptions {
  int jobs = 1;
  std::function<void(const BatchProgress&)> progress;
};

struct BatchOutcome {
  std::vector<BatchItemResult> results;  // in the order the items were given (ended ones only)
  bool interrupted = false;
};

BatchOutcome runBatch(const std::vector<BatchItem>& items, const BatchOptions& options);

}  // namespace wirelab::models::scenario
