#include "models/patterns/backend_events.h"

#include <algorithm>
#include <cmath>
#include <stdexcept>

namespace wirelab::models::patterns {

namespace {

[[noreturn]] void reject(const std::string& parameter, const std::string& why) {
  throw std::invalid_argument(parameter + ": " + why);
}

std::string secondsText(sim::Duration d) { return std::to_string(d.seconds()) + " s"; }

}  // namespace

const char* toString(EventSourceConfig::Kind kind) {
  switch (kind) {
    case EventSourceConfig::Kind::Poisson:
      return "poisson";
    case EventSourceConfig::Kind::Periodic:
      return "periodic";
    case EventSourceConfig::Kind::Trace:
      return "trace";
  }
  return "?";
}

void EventSourceConfig::validate() const {
  switch (kind) {
    case Kind::Poisson:
      if (!(ratePerSecond > 0.0) || !std::isfinite(ratePerSecond)) {
        reject("events.rate_per_s", "must be positive, got " + std::to_string(ratePerSecond));
      }
      break;
    case Kind::Periodic:
      if (interval <= sim::Duration::zero()) {
        reject("events.interval", "must be positive, got " + secondsText(interval));
      }
      if (phase < sim::Duration::zero())
        reject("events.phase", "must not be negative, got " + secondsText(phase));
      break;
    case Kind::Trace:
      for (std::size_t i = 0; i < traceTimes.size(); ++i) {
        if (traceTimes[i] < sim::Duration::zero()) {
          reject("events.trace_times[" + std::to_string(i) + "]",
                 "must not be negative, got " + secondsText(traceTimes[i]));
        }
        if (i > 0 && traceTimes[i] < traceTimes[i - 1]) {
          reject("events.trace_times[" + std::to_string(i) + "]", "must not be earlier than the one before");
        }
      }
      break;
  }
  if (start < sim::Duration::zero())
    reject("events.start", "must not be negative, got " + secondsText(start));
  if (stop <= start) reject("events.stop", "must be after events.start");
  if (payloadBytes.quantile(0.0) < 0.0) reject("events.payload_bytes", "must not take negative values");
}

const BackendEvent& EventLog::append(sim::SimTime at, std::uint32_t payloadBytes) {
  m_events.push_back({m_events.size() + 1, at, payloadBytes});
  m_payloadPrefix.push_back(m_payloadPrefix.back() + payloadBytes);
  created(m_events.back());
  return m_events.back();
}

std::uint64_t EventLog::payloadBytes(std::uint64_t since, std::uint64_t upTo) const {
  if (upTo > lastId()) upTo = lastId();
  if (since >= upTo) return 0;
  return m_payloadPrefix[upTo] - m_payloadPrefix[since];
}

EventSource::EventSource(sim::Scheduler& sched, const sim::RandomStreams& random,
                         const EventSourceConfig& config, EventLog& log)
    : m_sched(&sched),
      m_config(config),
      m_log(&log),
      m_arrivals(random.stream("patterns/events/arrivals")),
      m_payload(random.stream("patterns/events/payload")) {
  m_config.validate();
}

void EventSource::start() { scheduleNext(sim::SimTime::zero() + m_config.start); }

// Schedules the creation after `after` (the previous creation, or the window's start).
void EventSource::scheduleNext(sim::SimTime after) {
  const sim::SimTime origin = sim::SimTime::zero() + m_config.start;
  sim::SimTime at;
  switch (m_config.kind) {
    case EventSourceConfig::Kind::Poisson:
      // Exponential gaps give a Poisson process of the configured rate.
      at = after + sim::SecondsF(-std::log(m_arrivals.uniformOpen01()) / m_config.ratePerSecond);
      break;
    case EventSourceConfig::Kind::Periodic:
      at = origin + m_config.phase + m_config.interval * static_cast<std::int64_t>(m_periodicCount);
      break;
    case EventSourceConfig::Kind::Trace:
      if (m_traceIndex >= m_config.traceTimes.size()) return;
      at = origin + m_config.traceTimes[m_traceIndex];
      break;
  }
  if (m_config.stop != sim::Duration::max() && at >= sim::SimTime::zero() + m_config.stop) return;
  if (at < m_sched->now()) at = m_sched->now();
  m_sched->scheduleAt(at, [this] { create(); });
}

void EventSource::create() {
  const double drawn = m_config.payloadBytes.sample(m_payload);
  const auto payload = static_cast<std::uint32_t>(std::llround(std::max(0.0, drawn)));
  m_log->append(m_sched->now(), payload);
  ++m_periodicCount;
  ++m_traceIndex;
  scheduleNext(m_sched->now());
}

}  // namespace wirelab::models::patterns
