#include "models/server/thread_per_request.h"

#include <algorithm>
#include <cmath>
#include <stdexcept>
#include <vector>

namespace wirelab::models::server {

void ThreadPerRequestConfig::validate() const {
  const auto fail = [](const std::string& field, const std::string& why) {
    throw std::invalid_argument("thread_per_request." + field + ": " + why);
  };
  if (cores < 1) fail("cores", "must be at least 1, got " + std::to_string(cores));
  if (maxThreads && *maxThreads < 1)
    fail("maxThreads", "must be at least 1, got " + std::to_string(*maxThreads));
  if (maxQueued && !maxThreads) fail("maxQueued", "needs maxThreads: without a cap no request ever waits");
  if (threadStartCpu < sim::Duration::zero()) fail("threadStartCpu", "must not be negative");
  if (contextSwitchCost < sim::Duration::zero()) fail("contextSwitchCost", "must not be negative");
  if (minimumGranularity <= sim::Duration::zero()) fail("minimumGranularity", "must be positive");
  if (schedulingLatency < minimumGranularity)
    fail("schedulingLatency", "must be at least minimumGranularity");
}

ThreadPerRequest::ThreadPerRequest(sim::Scheduler& scheduler, const sim::RandomStreams& random,
                                   const std::string& name, const ThreadPerRequestConfig& config,
                                   const ServiceConfig& service)
    : ConcurrencyModel(scheduler, random, name, service), m_config(config), m_lastAdvance(scheduler.now()) {
  config.validate();
}

ThreadPerRequest::~ThreadPerRequest() { scheduler().cancel(m_next); }

std::string ThreadPerRequest::describe() const {
  return "thread per request (" + std::to_string(m_config.cores) + " cores, threads " +
         (m_config.maxThreads ? "capped at " + std::to_string(*m_config.maxThreads)
                              : std::string("unbounded")) +
         ")";
}

double ThreadPerRequest::efficiency(std::size_t n) const {
  const auto cores = static_cast<double>(m_config.cores);
  if (static_cast<double>(n) <= cores) return 1.0;
  const double perCore = static_cast<double>(n) / cores;
  const double slice = std::max(static_cast<double>(m_config.schedulingLatency.nanoseconds()) / perCore,
                                static_cast<double>(m_config.minimumGranularity.nanoseconds()));
  return slice / (slice + static_cast<double>(m_config.contextSwitchCost.nanoseconds()));
}

double ThreadPerRequest::perThreadRate(std::size_t n) const {
  if (n == 0) return 1.0;
  const double share = std::min(1.0, static_cast<double>(m_config.cores) / static_cast<double>(n));
  return share * efficiency(n);
}

void ThreadPerRequest::admit(std::uint64_t key) {
  if (!m_config.maxThreads || m_threads < static_cast<std::size_t>(*m_config.maxThreads)) {
    startThread(key);
    return;
  }
  if (m_config.maxQueued && m_queue.size() >= *m_config.maxQueued) {
    reject(key, "rejected: queue full (" + std::to_string(m_queue.size()) + " queued, " +
                    std::to_string(m_threads) + " threads busy)");
    return;
  }
  job(key).record.waitCause = "queued: " + std::to_string(m_threads) + " threads busy";
  m_queue.push_back(key);
  emitQueue();
}

void ThreadPerRequest::startThread(std::uint64_t key) {
  ++m_threads;
  emitBusy();
  started(key);
  const sim::Duration work = m_config.threadStartCpu + job(key).record.demand.cpu;
  if (work == sim::Duration::zero()) {
    startIo(key);
    return;
  }
  advance();
  m_runnable.emplace(key, static_cast<double>(work.nanoseconds()));
  reschedule();
}

// Brings every runnable thread's remaining work up to now at the rate that held since the last
// change of the runnable set.
void ThreadPerRequest::advance() {
  const sim::SimTime t = now();
  const double elapsed = static_cast<double>((t - m_lastAdvance).nanoseconds());
  m_lastAdvance = t;
  if (elapsed <= 0 || m_runnable.empty()) return;
  const double done = elapsed * perThreadRate(m_runnable.size());
  for (auto& [key, left] : m_runnable) left -= done;
}

void ThreadPerRequest::reschedule() {
  scheduler().cancel(m_next);
  m_next = sim::EventId();
  if (m_runnable.empty()) return;
  double least = m_runnable.begin()->second;
  for (const auto& [key, left] : m_runnable) least = std::min(least, left);
  const double rate = perThreadRate(m_runnable.size());
  const auto delay = static_cast<std::int64_t>(std::ceil(std::max(0.0, least) / rate));
  m_next = scheduler().schedule(sim::Nanoseconds(delay), [this] { onCpuEvent(); });
}

void ThreadPerRequest::onCpuEvent() {
  m_next = sim::EventId();
  advance();
  std::vector<std::uint64_t> finished;
  for (auto it = m_runnable.begin(); it != m_runnable.end();) {
    if (it->second <= 1.0) {  // within a nanosecond of done (rounding of the event time)
      finished.push_back(it->first);
      it = m_runnable.erase(it);
    } else {
      ++it;
    }
  }
  reschedule();
  for (const std::uint64_t key : finished) startIo(key);
}

void ThreadPerRequest::startIo(std::uint64_t key) {
  const sim::Duration io = job(key).record.demand.io;
  if (io == sim::Duration::zero()) {
    endThread(key);
    return;
  }
  // Blocked in I/O: off the run queue, using no CPU.
  scheduler().schedule(io, [this, key] { endThread(key); });
}

void ThreadPerRequest::endThread(std::uint64_t key) {
  --m_threads;
  if (!m_queue.empty()) {
    const std::uint64_t next = m_queue.front();
    m_queue.pop_front();
    emitQueue();
    startThread(next);
  } else {
    emitBusy();
  }
  complete(key);
}

}  // namespace wirelab::models::server
