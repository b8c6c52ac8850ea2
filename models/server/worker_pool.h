// File: models/server/worker_pool.h
// A bounded pool of K workers (a thread pool: Tomcat's maxThreads, a gunicorn sync worker
// count): a request takes a free worker, which holds it for its whole service, CPU and I/O wait
// alike (blocking I/O); when all K are busy requests wait in a FIFO queue ("queued: 8 workers
// busy"), optionally bounded, beyond which they are answered 503 at once ("rejected: queue full").
// Each worker runs on its own core (no CPU contention between workers). With Poisson arrivals
// and exponential service this is the M/M/c queue (M/M/c/c+N with a bound N).
#pragma once

#include <cstdint>
#include <deque>
#include <optional>
#include <string>

#include "models/server/concurrency_model.h"

namespace wirelab::models::server {

struct WorkerPoolConfig {
  int workers = 8;
  std::optional<std::size_t> maxQueued;  // none: unbounded; 0: reject whenever all workers are busy
  void validate() const;                 // "worker_pool.workers: must be at least 1, got 0"
};

class WorkerPool final : public ConcurrencyModel {
 public:
  WorkerPool(sim::Scheduler& scheduler, const sim::RandomStreams& random, const std::string& name,
             const WorkerPoolConfig& config, const ServiceConfig& service);

  std::string describe() const override;
  std::size_t queueLength() const override { return m_queue.size(); }
  std::size_t busy() const override { return m_busy; }

 private:
  void admit(std::uint64_t key) override;
  void startService(std::uint64_t key);
  void onServiceDone(std::uint64_t key);

  WorkerPoolConfig m_config;
  std::deque<std::uint64_t> m_queue;
  std::size_t m_busy = 0;
};

}  // namespace wirelab::models::server
