#include "models/server/event_loop.h"

namespace wirelab::models::server {

EventLoop::EventLoop(sim::Scheduler& scheduler, const sim::RandomStreams& random, const std::string& name,
                     const EventLoopConfig& config, const ServiceConfig& service)
    : ConcurrencyModel(scheduler, random, name, service), m_config(config) {}

std::string EventLoop::describe() const {
  return std::string("event loop (1 thread, queue ") +
         (m_config.maxQueued ? "bound " + std::to_string(*m_config.maxQueued) : std::string("unbounded")) +
         ")";
}

void EventLoop::admit(std::uint64_t key) {
  if (job(key).record.demand.cpu == sim::Duration::zero()) {
    // Nothing for the loop to compute: the request goes straight to its I/O (or its answer).
    started(key);
    startIo(key);
    return;
  }
  if (!m_running) {
    m_queue.push_back(key);
    runNext();
    return;
  }
  if (m_config.maxQueued && m_queue.size() >= *m_config.maxQueued) {
    reject(key, "rejected: event loop queue full (" + std::to_string(m_queue.size()) + " queued)");
    return;
  }
  job(key).record.waitCause = "queued: event loop busy, " + std::to_string(m_queue.size() + 1) + " ahead";
  m_queue.push_back(key);
  emitQueue();
}

void EventLoop::runNext() {
  if (m_running || m_queue.empty()) return;
  const std::uint64_t key = m_queue.front();
  m_queue.pop_front();
  emitQueue();
  m_running = true;
  emitBusy();
  started(key);
  scheduler().schedule(job(key).record.demand.cpu, [this, key] { onCpuDone(key); });
}

void EventLoop::onCpuDone(std::uint64_t key) {
  m_running = false;
  startIo(key);
  runNext();
  if (!m_running) emitBusy();
}

void EventLoop::startIo(std::uint64_t key) {
  const sim::Duration io = job(key).record.demand.io;
  if (io == sim::Duration::zero()) {
    complete(key);
    return;
  }
  ++m_inIo;
  ioWaitsChanged(now(), m_inIo);
  scheduler().schedule(io, [this, key] { onIoDone(key); });
}

void EventLoop::onIoDone(std::uint64_t key) {
  --m_inIo;
  ioWaitsChanged(now(), m_inIo);
  // The completion callback's own CPU cost is taken as part of the request's CPU demand.
  complete(key);
}

}  // namespace wirelab::models::server
