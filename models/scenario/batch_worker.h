// File: models/scenario/batch_worker.h
// A batch's worker process. It is forked once (after planning, so it shares the plans with the
// parent) and does the tasks the parent sends it (by index: a run, or a scenario's follow-up),
// one at a time, answering each with a report, until the parent closes its command pipe. Forking once per
// worker instead of once per run saves the fork and the copy-on-write faults of every run; since a worker
// holds one task at a time, a worker that dies loses only that task, and the parent knows exactly which run
// crashed.
#pragma once

#include <sys/types.h>

#include <chrono>
#include <cstddef>
#include <functional>
#include <optional>
#include <string>
#include <vector>

namespace wirelab::models::scenario {

struct BatchWorker {
  pid_t pid = -1;
  int commands = -1;                // write end: task indices for the worker
  int reports = -1;                 // read end: the worker's reports
  std::optional<std::size_t> task;  // the task the worker holds, if any
  std::chrono::steady_clock::time_point sentAt;
};

// What a worker does with task `index`; it throws to fail the task.
using BatchTask = std::function<void(std::size_t index)>;

// Forks a worker that does `task`. The child restores the default SIGINT, SIGTERM and SIGPIPE
// actions and unblocks them, and closes `othersFds` (the pipes of the other workers), so
// a worker's report pipe reaches end-of-file exactly when that worker ends. nullopt (errno set)
// if a pipe or the fork fails.
std::optional<BatchWorker> startBatchWorker(const BatchTask& task, const std::vector<int>& othersFds);

// Hands task `index` to an idle worker. False if the worker is gone (its pipe is closed).
bool sendBatchTask(BatchWorker& worker, std::size_t index);

struct BatchWorkerReport {
  std::size_t task = 0;
  bool ok = false;
  std::string error;
  double wallSeconds = 0;  // the task's work, measured in the worker
};

// Reads the report of the worker's task (blocks until it is whole). nullopt at end of file: the
// worker ended (crashed, was killed or exited) without finishing its task.
std::optional<BatchWorkerReport> readBatchWorkerReport(const BatchWorker& worker);

// Closes the worker's pipes (an idle worker then exits) and reaps it; returns its wait status.
int stopBatchWorker(BatchWorker& worker);

}  // namespace wirelab::models::scenario
