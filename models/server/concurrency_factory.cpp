#include "models/server/concurrency_factory.h"

namespace wirelab::models::server {

const char* toString(ConcurrencyKind kind) {
  switch (kind) {
    case ConcurrencyKind::WorkerPool:
      return "worker-pool";
    case ConcurrencyKind::ThreadPerRequest:
      return "thread-per-request";
    case ConcurrencyKind::EventLoop:
      return "event-loop";
  }
  return "?";
}

std::optional<ConcurrencyKind> parseConcurrencyKind(std::string_view text) {
  for (const ConcurrencyKind k :
       {ConcurrencyKind::WorkerPool, ConcurrencyKind::ThreadPerRequest, ConcurrencyKind::EventLoop}) {
    if (text == toString(k)) return k;
  }
  return std::nullopt;
}

void ConcurrencyConfig::validate() const {
  service.validate("server.service");
  switch (kind) {
    case ConcurrencyKind::WorkerPool:
      workerPool.validate();
      break;
    case ConcurrencyKind::ThreadPerRequest:
      threadPerRequest.validate();
      break;
    case ConcurrencyKind::EventLoop:
      break;
  }
}

std::unique_ptr<ConcurrencyModel> makeConcurrencyModel(sim::Scheduler& scheduler,
                                                       const sim::RandomStreams& random,
                                                       const std::string& name,
                                                       const ConcurrencyConfig& config) {
  config.validate();
  switch (config.kind) {
    case ConcurrencyKind::WorkerPool:
      return std::make_unique<WorkerPool>(scheduler, random, name, config.workerPool, config.service);
    case ConcurrencyKind::ThreadPerRequest:
      return std::make_unique<ThreadPerRequest>(scheduler, random, name, config.threadPerRequest,
                                                config.service);
    case ConcurrencyKind::EventLoop:
      return std::make_unique<EventLoop>(scheduler, random, name, config.eventLoop, config.service);
  }
  return nullptr;
}

}  // namespace wirelab::models::server
