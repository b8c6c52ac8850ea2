#include "models/workload/rpc_client.h"

#include <algorithm>
#include <cmath>
#include <sstream>
#include <stdexcept>
#include <utility>

namespace wirelab::models::workload {

namespace {

[[noreturn]] void reject(const std::string& parameter, const std::string& rule, double got) {
  std::ostringstream s;
  s << "rpc." << parameter << ": " << rule << ", got " << got;
  throw std::invalid_argument(s.str());
}

sim::Duration fromSeconds(double s) { return sim::Nanoseconds(std::llround(s * 1e9)); }

}  // namespace

const char* toString(RpcMode mode) {
  switch (mode) {
    case RpcMode::Sync:
      return "sync";
    case RpcMode::Window:
      return "window";
    case RpcMode::Poisson:
      return "poisson";
    case RpcMode::Periodic:
      return "periodic";
  }
  return "?";
}

void RpcClientConfig::validate() const {
  if (calls < 1) reject("calls", "must be at least 1", static_cast<double>(calls));
  if (requestBytes < 1) reject("requestBytes", "must be positive", requestBytes);
  if (responseBytes < 1) reject("responseBytes", "must be positive", static_cast<double>(responseBytes));
  if (thinkTimeMs.mean() < 0) reject("thinkTimeMs", "mean must not be negative", thinkTimeMs.mean());
  if (mode == RpcMode::Window && window < 1) reject("window", "must be at least 1", window);
  if ((mode == RpcMode::Poisson || mode == RpcMode::Periodic) && !(callsPerSecond > 0)) {
    reject("callsPerSecond", "must be positive", callsPerSecond);
  }
}

RpcClient::RpcClient(PageLoad::Requester request, sim::Scheduler& scheduler, sim::RandomStream rng,
                     transport::Endpoint origin, const RpcClientConfig& config)
    : m_request(std::move(request)),
      m_sched(&scheduler),
      m_rng(rng),
      m_origin(origin),
      m_config(config),
      m_alive(std::make_shared<bool>(true)) {
  config.validate();
  m_firstIssue = m_lastChange = scheduler.now();
  switch (config.mode) {
    case RpcMode::Sync:
      issue();
      break;
    case RpcMode::Window:
      for (int i = 0; i < config.window && m_issued < config.calls; ++i) issue();
      break;
    case RpcMode::Poisson:
    case RpcMode::Periodic:
      issue();
      scheduleNextOpenLoopCall();
      break;
  }
}

RpcClient::~RpcClient() {
  *m_alive = false;
  if (!m_timer.isNone()) m_sched->cancel(m_timer);
}

void RpcClient::issue() {
  RpcCall call;
  call.index = m_issued;
  call.issuedAt = m_sched->now();
  closeInFlightInterval();
  ++m_issued;
  m_maxInFlight = std::max(m_maxInFlight, inFlight());
  inFlightChanged(call.issuedAt, inFlight());
  http::HttpRequestSpec spec{m_origin, m_config.requestBytes, m_config.responseBytes,
                             "rpc-" + std::to_string(call.index)};
  std::weak_ptr<bool> alive = m_alive;
  m_request(spec, [this, alive, call](const http::HttpWaterfall& w) {
    if (alive.expired()) return;
    onDone(call, w);
  });
}

void RpcClient::onDone(RpcCall call, const http::HttpWaterfall& w) {
  call.sentAt = w.sentAt;
  call.firstByteAt = w.firstByteAt;
  call.doneAt = m_sched->now();
  closeInFlightInterval();
  m_completed.push_back(call);
  inFlightChanged(call.doneAt, inFlight());
  callCompleted(m_completed.back());
  if (m_issued >= m_config.calls) return;
  if (m_config.mode == RpcMode::Window) {
    issue();
  } else if (m_config.mode == RpcMode::Sync) {
    const double thinkMs = std::max(0.0, m_config.thinkTimeMs.sample(m_rng));
    if (thinkMs <= 0) {
      issue();
    } else {
      m_timer = m_sched->schedule(fromSeconds(thinkMs / 1e3), [this] {
        m_timer = sim::EventId{};
        issue();
      });
    }
  }
}

// Open loop: the next call's time is drawn when this one is issued, whatever the responses do.
void RpcClient::scheduleNextOpenLoopCall() {
  if (m_issued >= m_config.calls) return;
  const double mean = 1.0 / m_config.callsPerSecond;
  const double gap = m_config.mode == RpcMode::Poisson ? sim::Exponential(mean).sample(m_rng) : mean;
  m_timer = m_sched->schedule(fromSeconds(gap), [this] {
    m_timer = sim::EventId{};
    issue();
    scheduleNextOpenLoopCall();
  });
}

// Called just before the outstanding count changes: adds the area under the current count.
void RpcClient::closeInFlightInterval() {
  const sim::SimTime now = m_sched->now();
  m_inFlightArea += static_cast<double>(inFlight()) * (now - m_lastChange).seconds();
  m_lastChange = now;
}

double RpcClient::throughput(std::size_t warmup) const {
  if (m_completed.size() < warmup + 2) return 0;
  const double span = (m_completed.back().doneAt - m_completed[warmup].doneAt).seconds();
  return span > 0 ? static_cast<double>(m_completed.size() - 1 - warmup) / span : 0;
}

double RpcClient::meanInFlight() const {
  const double span = (m_lastChange - m_firstIssue).seconds();
  return span > 0 ? m_inFlightArea / span : 0;
}

double RpcClient::meanLatencySeconds(std::size_t warmup) const {
  if (m_completed.size() <= warmup) return 0;
  double sum = 0;
  for (std::size_t i = warmup; i < m_completed.size(); ++i) sum += m_completed[i].latency().seconds();
  return sum / static_cast<double>(m_completed.size() - warmup);
}

}  // namespace wirelab::models::workload
