// File: models/server/event_loop.h
// One thread running an event loop (Node.js, nginx's worker, Redis): the CPU part of each request
// runs to completion, one request at a time in arrival order (requests whose CPU part has not
// started wait: "queued: event loop busy, 3 ahead"); I/O waits are non-blocking, so any number of
// them overlap while the loop serves other requests, and the response goes out when the request's
// I/O completes. A request's CPU part comes first, then its I/O wait. With pure CPU demand this is
// the M/M/1 queue; with pure I/O waits, an infinite-server queue (response time = service time).
#pragma once

#include <cstdint>
#include <deque>
#include <optional>
#include <string>

#include "models/server/concurrency_model.h"

namespace wirelab::models::server {

struct EventLoopConfig {
  std::optional<std::size_t> maxQueued;  // none: unbounded; beyond the bound, 503 at once
};

class EventLoop final : public ConcurrencyModel {
 public:
  EventLoop(sim::Scheduler& scheduler, const sim::RandomStreams& random, const std::string& name,
            const EventLoopConfig& config, const ServiceConfig& service);

  std::string describe() const override;
  std::size_t queueLength() const override { return m_queue.size(); }
  std::size_t busy() const override { return m_running ? 1 : 0; }
  std::size_t waitingOnIo() const { return m_inIo; }
  // waitingOnIo(), on each change.
  sim::Signal<sim::SimTime, std::size_t> ioWaitsChanged;

 private:
  void admit(std::uint64_t key) override;
  void runNext();
  void onCpuDone(std::uint64_t key);
  void startIo(std::uint64_t key);
  void onIoDone(std::uint64_t key);

  EventLoopConfig m_config;
  std::deque<std::uint64_t> m_queue;
  bool m_running = false;
  std::size_t m_inIo = 0;
};

}  // namespace wirelab::models::server
