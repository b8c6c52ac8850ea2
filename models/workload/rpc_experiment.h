// File: models/workload/rpc_experiment.h
// One RPC client against one HTTP server across a single link (rate, RTT, optional random loss in
// both directions): HTTP/1.1 with a pool of connections or HTTP/2 with one, the server spending a
// service time per request. Everything a scenario file needs is a parameter here.
#pragma once

#include <cstdint>
#include <utility>
#include <vector>

#include "models/workload/page_load_experiment.h"
#include "models/workload/rpc_client.h"
#include "sim/core/distributions.h"
#include "sim/core/quantity.h"
#include "sim/core/time.h"

namespace wirelab::models::workload {

struct RpcExperimentConfig {
  HttpVersion version = HttpVersion::Http2;  // Http1 (connection pool) or Http2 (one connection)
  sim::DataRate rate = sim::Mbps(10);
  sim::Duration rtt = sim::Milliseconds(50);  // propagation, both ways
  double lossRate = 0.0;                      // Bernoulli, each direction
  sim::Distribution serviceTimeMs = sim::Constant(0.0);
  int http1Connections = 6;                 // HTTP/1.1 pool size per origin (browsers: 6)
  std::uint32_t http2WindowBytes = 65'535;  // initial stream and connection windows (RFC 9113 6.9.2)
  RpcClientConfig client;
  std::size_t warmupCalls = 1;  // completions excluded from throughput and latency (connection setup)
  std::uint64_t seed = 1;
  sim::Duration timeLimit = sim::Seconds(600);
  void validate() const;
};

struct RpcExperimentResult {
  bool finished = false;  // every call completed within timeLimit
  std::vector<RpcCall> calls;
  double throughputPerSecond = 0;  // steady state, after warmupCalls
  double meanLatencySeconds = 0;
  double meanTimeToFirstByteSeconds = 0;
  double meanInFlight = 0;  // time-weighted
  std::uint64_t maxInFlight = 0;
  std::vector<std::pair<double, std::uint64_t>> inFlightOverTime;  // (seconds, outstanding calls)
  std::uint64_t wireBytesToServer = 0;                             // IP packets on the link, both directions
  std::uint64_t wireBytesToClient = 0;
  double serverLinkUtilisation = 0;  // server->client busy fraction over the steady-state span
};

RpcExperimentResult runRpcExperiment(const RpcExperimentConfig& config);

}  // namespace wirelab::models::workload
