// File: models/server/concurrency_factory.h
// A concurrency model built from plain parameters, as a scenario file names it:
//   kind: worker-pool | thread-per-request | event-loop
// with the kind's own section and the service profile common to all.
#pragma once

#include <memory>
#include <optional>
#include <string>
#include <string_view>

#include "models/server/event_loop.h"
#include "models/server/thread_per_request.h"
#include "models/server/worker_pool.h"

namespace wirelab::models::server {

enum class ConcurrencyKind { WorkerPool, ThreadPerRequest, EventLoop };
const char* toString(ConcurrencyKind kind);  // "worker-pool", "thread-per-request", "event-loop"
std::optional<ConcurrencyKind> parseConcurrencyKind(std::string_view text);

struct ConcurrencyConfig {
  ConcurrencyKind kind = ConcurrencyKind::WorkerPool;
  ServiceConfig service;
  WorkerPoolConfig workerPool;
  ThreadPerRequestConfig threadPerRequest;
  EventLoopConfig eventLoop;
  void validate() const;  // the chosen kind's section and the service profile
};

// `name` makes the model's random streams unique ("server/<name>/cpu", "server/<name>/io").
std::unique_ptr<ConcurrencyModel> makeConcurrencyModel(sim::Scheduler& scheduler,
                                                       const sim::RandomStreams& random,
                                                       const std::string& name,
                                                       const ConcurrencyConfig& config);

}  // namespace wirelab::models::server
