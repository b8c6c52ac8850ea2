// File: models/scenario/batch_worker.h
// A batch's worker process. It is forked once (after planning, so it shares the plans with the
// parent) and runs the items the parent sends it, one at a time, answering each with a report,
// until the parent closes its command pipe. Forking once per worker instead of once per run saves
// the fork and the copy-on-write faults of every run; since a worker holds one item at a time, a
// worker that dies loses only that item, and the parent knows exactly which run crashed.
#pragma once

#include <sys/types.h>

#include <chrono>
#include <cstddef>
#include <optional>
#include <string>
#include <vector>

#include "models/scenario/batch.h"

namespace wirelab::models::scenario {

struct BatchWorker {
  pid_t pid = -1;
  int commands = -1;                // write end: item indices for the worker
  int reports = -1;                 // read end: the worker's reports
  std::optional<std::size_t> item;  // the item the worker holds, if any
  std::chrono::steady_clock::time_point sentAt;
};

// Forks a worker over `items`. The child restores the default SIGINT, SIGTERM and SIGPIPE
// actions and unblocks them, and closes `othersFds` (the pipes of the other workers), so
// a worker's report pipe reaches end-of-file exactly when that worker ends. nullopt (errno set)
// if a pipe or the fork fails.
std::optional<BatchWorker> startBatchWorker(const std::vector<BatchItem>& items, const BatchWork& work,
                                            const std::vector<int>& othersFds);

// Hands item `index` to an idle worker. False if the worker is gone (its pipe is closed).
bool sendBatchItem(BatchWorker& worker, std::size_t index);

struct BatchWorkerReport {
  std::size_t item = 0;
  bool ok = false;
  std::string error;
  double wallSeconds = 0;  // the item's work, measured in the worker
};

// Reads the report of the worker's item (blocks until it is whole). nullopt at end of file: the
// worker ended (crashed, was killed or exited) without finishing its item.
std::optional<BatchWorkerReport> readBatchWorkerReport(const BatchWorker& worker);

// Closes the worker's pipes (an idle worker then exits) and reaps it; returns its wait status.
int stopBatchWorker(BatchWorker& worker);

}  // namespace wirelab::models::scenario
