// File: models/server/thread_per_request.h
// A thread per request (Apache's prefork/worker MPM, a classic Java servlet container without a
// pool bound): every request gets a new thread at once, or, with a cap, waits in a FIFO queue for
// one ("queued: 200 threads busy"; optionally bounded, then 503). The threads share `cores` CPUs:
// a thread's CPU part runs under processor sharing, and one blocked in I/O uses no CPU, so I/O
// waits overlap freely.
//
// The cost of many threads, stated: with n runnable threads on c cores and n > c, the scheduler
// time-slices like Linux CFS (kernel/sched/fair.c): each core's period is
// max(sched_latency, m * min_granularity) for m = n / c threads per core, so a slice lasts
// max(sched_latency / m, min_granularity) and every slice ends with a context switch costing
// `contextSwitchCost` of CPU (direct cost and cache/TLB refill). The useful fraction of CPU time is
// slice / (slice + contextSwitchCost), which falls as threads are added until slices reach the
// minimum granularity; each runnable thread progresses at (c / n) times that fraction. Each new
// thread also costs `threadStartCpu` of CPU (creating it: stack mapping, clone, scheduling in).
// With n <= c there is no switching: each thread runs at full speed.
#pragma once

#include <cstdint>
#include <deque>
#include <map>
#include <optional>
#include <string>

#include "models/server/concurrency_model.h"
#include "sim/core/scheduler.h"

namespace wirelab::models::server {

struct ThreadPerRequestConfig {
  int cores = 4;
  std::optional<int> maxThreads;                         // none: a thread for every request
  std::optional<std::size_t> maxQueued;                  // with maxThreads: the most that wait, beyond it 503
  sim::Duration threadStartCpu = sim::Microseconds(10);  // pthread_create + exit, order of 10 us
  sim::Duration contextSwitchCost = sim::Microseconds(5);     // a few us direct, more with cache refill
  sim::Duration schedulingLatency = sim::Milliseconds(6);     // CFS sched_latency_ns (one CPU)
  sim::Duration minimumGranularity = sim::Microseconds(750);  // CFS sched_min_granularity_ns
  void validate() const;  // "thread_per_request.cores: must be at least 1, got 0"
};

class ThreadPerRequest final : public ConcurrencyModel {
 public:
  ThreadPerRequest(sim::Scheduler& scheduler, const sim::RandomStreams& random, const std::string& name,
                   const ThreadPerRequestConfig& config, const ServiceConfig& service);
  ~ThreadPerRequest() override;

  std::string describe() const override;
  std::size_t queueLength() const override { return m_queue.size(); }
  std::size_t busy() const override { return m_threads; }  // live threads (computing or in I/O)
  std::size_t runnable() const { return m_runnable.size(); }
  // The rate at which each of n runnable threads progresses (1 = a core to itself).
  double perThreadRate(std::size_t n) const;
  // The useful fraction of CPU time with n runnable threads (1 when n <= cores).
  double efficiency(std::size_t n) const;

 private:
  void admit(std::uint64_t key) override;
  void startThread(std::uint64_t key);
  void advance();
  void reschedule();
  void onCpuEvent();
  void startIo(std::uint64_t key);
  void endThread(std::uint64_t key);

  ThreadPerRequestConfig m_config;
  std::deque<std::uint64_t> m_queue;
  std::size_t m_threads = 0;
  std::map<std::uint64_t, double> m_runnable;  // key -> CPU work left, in ns of a whole core
  sim::SimTime m_lastAdvance;
  sim::EventId m_next;
};

}  // namespace wirelab::models::server
