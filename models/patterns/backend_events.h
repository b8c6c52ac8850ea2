// File: models/patterns/backend_events.h
// The backend whose events the notification patterns deliver: a source creates events (Poisson,
// periodic, or a trace of creation times), each with a monotonic id starting at 1, a creation time
// and a payload size drawn from a sim::Distribution; the EventLog retains all of them so a server
// can answer "everything after id X" (a poll's `since`, SSE's Last-Event-ID).
#pragma once

#include <cstdint>
#include <memory>
#include <string>
#include <vector>

#include "sim/core/distributions.h"
#include "sim/core/random.h"
#include "sim/core/scheduler.h"
#include "sim/core/signal.h"
#include "sim/core/time.h"

namespace wirelab::models::patterns {

struct BackendEvent {
  std::uint64_t id = 0;  // 1, 2, 3, ... in creation order
  sim::SimTime createdAt;
  std::uint32_t payloadBytes = 0;
};

struct EventSourceConfig {
  enum class Kind { Poisson, Periodic, Trace };
  Kind kind = Kind::Poisson;
  double ratePerSecond = 0.5;                   // Poisson
  sim::Duration interval = sim::Seconds(1);     // Periodic: one event every interval ...
  sim::Duration phase = sim::Duration::zero();  // ... the first at start + phase
  std::vector<sim::Duration> traceTimes;        // Trace: creation times after start, non-decreasing
  // Payload bytes of each event (the real server's JSON event is about 80 bytes).
  sim::Distribution payloadBytes = sim::Constant(80.0);
  sim::Duration start = sim::Duration::zero();  // no event before ...
  sim::Duration stop = sim::Duration::max();    // ... or at/after these times
  // Throws std::invalid_argument naming the first bad parameter ("events.rate_per_s: ...").
  void validate() const;
};

const char* toString(EventSourceConfig::Kind kind);

class EventLog {
 public:
  EventLog() = default;
  EventLog(const EventLog&) = delete;
  EventLog& operator=(const EventLog&) = delete;

  const BackendEvent& append(sim::SimTime at, std::uint32_t payloadBytes);
  std::uint64_t lastId() const { return m_events.size(); }
  std::size_t size() const { return m_events.size(); }
  // id in [1, lastId()].
  const BackendEvent& event(std::uint64_t id) const { return m_events[id - 1]; }
  const std::vector<BackendEvent>& events() const { return m_events; }
  // How many events have an id above `since` (what "everything after X" returns).
  std::uint64_t countAfter(std::uint64_t since) const { return since >= lastId() ? 0 : lastId() - since; }
  // Sum of the payloads of events (since, upTo].
  std::uint64_t payloadBytes(std::uint64_t since, std::uint64_t upTo) const;

  // Trace source: every new event, as it is created (servers holding requests subscribe).
  sim::Signal<const BackendEvent&> created;

 private:
  std::vector<BackendEvent> m_events;
  std::vector<std::uint64_t> m_payloadPrefix{0};  // payload bytes of events 1..k, for O(1) sums
};

// Creates the events of one EventSourceConfig into a log, one scheduler event per backend event.
class EventSource {
 public:
  EventSource(sim::Scheduler& sched, const sim::RandomStreams& random, const EventSourceConfig& config,
              EventLog& log);
  EventSource(const EventSource&) = delete;
  EventSource& operator=(const EventSource&) = delete;

  // Schedules the first creation; the run's clock origin is SimTime::zero().
  void start();

 private:
  void scheduleNext(sim::SimTime after);
  void create();

  sim::Scheduler* m_sched;
  EventSourceConfig m_config;
  EventLog* m_log;
  sim::RandomStream m_arrivals;
  sim::RandomStream m_payload;
  std::size_t m_traceIndex = 0;
  std::uint64_t m_periodicCount = 0;
};

}  // namespace wirelab::models::patterns
