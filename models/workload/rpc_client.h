// File: models/workload/rpc_client.h
// Request/response RPC over any HTTP client (through PageLoad::Requester, so HTTP/1.1 with its
// connection pool, HTTP/2 with one multiplexed connection, or HTTP/3), in the four ways callers
// issue calls:
//   - Sync: one call outstanding; the next is issued when the previous response has arrived, after
//     an optional client think time (a blocking stub, as a gRPC blocking call in a loop).
//   - Window: W calls kept outstanding; each completion issues the next (an async stub with a
//     concurrency limit, as a bounded semaphore around gRPC's async API).
//   - Poisson / Periodic: open loop, calls issued at a rate whatever the responses do.
// Every call is recorded (issued, sent, first byte, done), and the number outstanding is a trace
// source and a time-weighted mean, so throughput, latency, time to first byte and requests in
// flight over time all come from one run.
#pragma once

#include <cstdint>
#include <memory>
#include <string>
#include <vector>

#include "models/workload/page_load.h"
#include "sim/core/distributions.h"
#include "sim/core/random.h"
#include "sim/core/scheduler.h"
#include "sim/core/signal.h"

namespace wirelab::models::workload {

enum class RpcMode { Sync, Window, Poisson, Periodic };
const char* toString(RpcMode mode);

struct RpcClientConfig {
  RpcMode mode = RpcMode::Sync;
  std::uint64_t calls = 100;                           // issued in total, then the client stops
  std::uint32_t requestBytes = 400;                    // request line + headers + body
  std::uint64_t responseBytes = 1000;                  // status line + headers + body
  sim::Distribution thinkTimeMs = sim::Constant(0.0);  // Sync: pause after each response
  int window = 1;                                      // Window: calls kept outstanding (W)
  double callsPerSecond = 10.0;                        // Poisson / Periodic: issue rate
  // Throws std::invalid_argument naming the parameter ("rpc.window: must be at least 1, got 0").
  void validate() const;
};

struct RpcCall {
  std::uint64_t index = 0;
  sim::SimTime issuedAt;     // the application made the call
  sim::SimTime sentAt;       // the request went onto a connection (later if it queued for one)
  sim::SimTime firstByteAt;  // first response byte
  sim::SimTime doneAt;       // last response byte
  sim::Duration latency() const { return doneAt - issuedAt; }
  sim::Duration timeToFirstByte() const { return firstByteAt - issuedAt; }
};

class RpcClient {
 public:
  // Starts issuing now. `origin` is where the calls go; `rng` drives think times and Poisson gaps.
  RpcClient(PageLoad::Requester request, sim::Scheduler& scheduler, sim::RandomStream rng,
            transport::Endpoint origin, const RpcClientConfig& config);
  RpcClient(const RpcClient&) = delete;
  RpcClient& operator=(const RpcClient&) = delete;
  ~RpcClient();

  bool finished() const { return m_completed.size() == m_config.calls; }
  std::uint64_t issued() const { return m_issued; }
  std::uint64_t inFlight() const { return m_issued - m_completed.size(); }
  std::uint64_t maxInFlight() const { return m_maxInFlight; }
  // Completed calls in completion order.
  const std::vector<RpcCall>& completed() const { return m_completed; }

  // Calls per second between the completion of call number `warmup` (in completion order) and the
  // last completion: the steady-state rate, without the connection setup of the first calls.
  double throughput(std::size_t warmup) const;
  // Time-weighted mean of the calls outstanding from the first issue to the last completion.
  double meanInFlight() const;
  double meanLatencySeconds(std::size_t warmup) const;

  // Outstanding calls, each time the count changes (time, count).
  sim::Signal<sim::SimTime, std::uint64_t> inFlightChanged;
  sim::Signal<const RpcCall&> callCompleted;

 private:
  void issue();
  void onDone(RpcCall call, const http::HttpWaterfall& w);
  void scheduleNextOpenLoopCall();
  void closeInFlightInterval();

  PageLoad::Requester m_request;
  sim::Scheduler* m_sched;
  sim::RandomStream m_rng;
  transport::Endpoint m_origin;
  RpcClientConfig m_config;
  std::uint64_t m_issued = 0;
  std::uint64_t m_maxInFlight = 0;
  std::vector<RpcCall> m_completed;
  sim::SimTime m_firstIssue, m_lastChange;
  double m_inFlightArea = 0;      // integral of the outstanding count over time, in call-seconds
  sim::EventId m_timer;           // the pending think time or open-loop arrival, if any
  std::shared_ptr<bool> m_alive;  // responses that arrive after destruction are ignored
};

}  // namespace wirelab::models::workload
