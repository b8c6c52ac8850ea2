// File: models/showcase/queueing_showcase.h
// The kernel-level showcase that the README's main command runs until the protocol models exist:
// Poisson packet arrivals into one drop-tail bottleneck link, swept over offered load, each load
// replicated with independent random streams. It shows queueing delay exploding as load nears the
// link rate, and checks the kernel against the M/D/1 closed form (Pollaczek-Khinchine):
//   mean waiting time Wq = rho * S / (2 * (1 - rho)),  S = packet size / link rate.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "sim/core/quantity.h"
#include "sim/core/time.h"

namespace wirelab::models::showcase {

struct QueueingShowcaseConfig {
  sim::DataRate linkRate = sim::Mbps(10);
  sim::ByteCount packetSize = sim::Bytes(1250);  // 1 ms of service at 10 Mbit/s
  sim::Duration propagationDelay = sim::Milliseconds(10);
  std::vector<double> loads = {0.1, 0.2, 0.3, 0.4, 0.5, 0.6, 0.7, 0.8, 0.85, 0.9, 0.95};
  int replications = 5;
  sim::Duration warmup = sim::Seconds(2);     // samples before this are discarded
  sim::Duration duration = sim::Seconds(60);  // measured time after the warm-up
  std::int64_t queueLimitPackets = 100000;    // effectively unbounded for the M/D/1 check
  double traceLoad = 0.9;                     // the load whose queue length over time is kept
  std::uint64_t seed = 1;
};

// One offered load: the replications' mean and 95% confidence half-width next to the closed form.
struct LoadPoint {
  double load = 0;
  double meanWaitMs = 0;
  double meanWaitCiHalfWidthMs = 0;
  double closedFormWaitMs = 0;
  double p99WaitMs = 0;      // over all replications' samples
  double meanSojournMs = 0;  // wait + service + propagation: what an application would see
  std::int64_t packetsSent = 0;
  std::int64_t packetsDelivered = 0;
  std::int64_t packetsDropped = 0;
  std::uint64_t events = 0;
};

struct QueueSample {
  double timeS = 0;
  double packetsQueued = 0;
};

struct QueueingShowcaseResult {
  QueueingShowcaseConfig config;
  std::vector<LoadPoint> points;
  std::vector<QueueSample> queueTrace;         // replication 0 at config.traceLoad
  std::vector<double> waitCdfMs, waitCdfProb;  // waiting-time CDF at config.traceLoad
  std::uint64_t totalEvents = 0;
};

// Runs every load x replication. Throws std::invalid_argument for a configuration it cannot run
// (a load outside (0, 1), fewer than 2 replications, a non-positive rate, size or duration).
QueueingShowcaseResult runQueueingShowcase(const QueueingShowcaseConfig& config);

// The showcase's expectation, checked on every run: at each load the simulated mean waiting time
// agrees with the M/D/1 closed form within 5% of it, or within the replications' 95% confidence
// half-width where that is wider (near rho = 1 waiting times are so autocorrelated that a few
// minutes of simulated time cannot pin the mean to 5%). Returns one message per load that fails.
std::vector<std::string> closedFormDisagreements(const QueueingShowcaseResult& result);

// The M/D/1 (Pollaczek-Khinchine) mean waiting time in ms at `load` for the config's link rate
// and packet size; infinity at or above load 1.
double md1MeanWaitMs(const QueueingShowcaseConfig& config, double load);

}  // namespace wirelab::models::showcase
