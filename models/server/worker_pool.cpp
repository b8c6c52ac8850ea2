#include "models/server/worker_pool.h"

#include <stdexcept>

namespace wirelab::models::server {

void WorkerPoolConfig::validate() const {
  if (workers < 1)
    throw std::invalid_argument("worker_pool.workers: must be at least 1, got " + std::to_string(workers));
}

WorkerPool::WorkerPool(sim::Scheduler& scheduler, const sim::RandomStreams& random, const std::string& name,
                       const WorkerPoolConfig& config, const ServiceConfig& service)
    : ConcurrencyModel(scheduler, random, name, service), m_config(config) {
  config.validate();
}

std::string WorkerPool::describe() const {
  return "worker pool (" + std::to_string(m_config.workers) + " workers, queue " +
         (m_config.maxQueued ? "bound " + std::to_string(*m_config.maxQueued) : std::string("unbounded")) +
         ")";
}

void WorkerPool::admit(std::uint64_t key) {
  if (m_busy < static_cast<std::size_t>(m_config.workers)) {
    startService(key);
    return;
  }
  if (m_config.maxQueued && m_queue.size() >= *m_config.maxQueued) {
    reject(key, "rejected: queue full (" + std::to_string(m_queue.size()) + " queued, " +
                    std::to_string(m_busy) + " workers busy)");
    return;
  }
  job(key).record.waitCause = "queued: " + std::to_string(m_busy) + " workers busy";
  m_queue.push_back(key);
  emitQueue();
}

void WorkerPool::startService(std::uint64_t key) {
  ++m_busy;
  emitBusy();
  started(key);
  const ServiceDemand& d = job(key).record.demand;
  // Blocking I/O: the worker is held through the CPU part and the wait alike.
  scheduler().schedule(d.cpu + d.io, [this, key] { onServiceDone(key); });
}

void WorkerPool::onServiceDone(std::uint64_t key) {
  --m_busy;
  if (!m_queue.empty()) {
    const std::uint64_t next = m_queue.front();
    m_queue.pop_front();
    emitQueue();
    startService(next);
  } else {
    emitBusy();
  }
  complete(key);
}

}  // namespace wirelab::models::server
