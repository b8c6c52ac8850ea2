// File: models/workload/page_load_experiment.h
// One page load over HTTP/1.1 (6 connections), HTTP/2 or HTTP/3, on a client-server path with a
// bottleneck rate, an RTT and random loss in both directions: the experiment behind the
// "page load time against loss" comparison. Loss streams are named after the links, so every
// protocol meets the same loss realisation for the same seed (common random numbers).
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "sim/core/quantity.h"
#include "sim/core/time.h"
#include "sim/metrics/summary.h"

namespace wirelab::models::workload {

enum class HttpVersion { Http1, Http2, Http3 };
const char* toString(HttpVersion v);

struct PageLoadExperiment {
  HttpVersion version = HttpVersion::Http1;
  double lossRate = 0.0;  // Bernoulli, each direction
  sim::DataRate rate = sim::Mbps(20);
  sim::Duration rtt = sim::Milliseconds(100);
  std::uint64_t baseDocumentBytes = 30'000;
  std::vector<std::uint64_t> objectBytes = std::vector<std::uint64_t>(40, 15'000);
  std::uint64_t seed = 1;
  sim::Duration timeLimit = sim::Seconds(120);
};

// The page load time in seconds; a negative value when the page did not load within timeLimit.
double runPageLoadExperiment(const PageLoadExperiment& e);

// One point of the "page load time against loss" comparison: the load times of seeds 1..n for one
// protocol and loss rate. Seed k meets the same loss realisation whatever the protocol (common
// random numbers), so the protocols' differences are not noise between draws.
struct PageLoadPoint {
  HttpVersion version = HttpVersion::Http1;
  double lossRate = 0.0;
  sim::ReplicationSummary seconds;  // pages that loaded
  std::uint64_t failures = 0;       // pages that did not load within timeLimit
};

// Every protocol at every loss rate, seeds 1..seeds, on `base`'s path and page. Points are ordered
// by loss rate, then HTTP/1.1 x 6, HTTP/2, HTTP/3.
std::vector<PageLoadPoint> runPageLoadSweep(const PageLoadExperiment& base,
                                            const std::vector<double>& lossRates, std::uint64_t seeds);

// The transports beneath the page loads, on the same path: one object of `bytes` downloaded over
// one TCP connection or one QUIC stream (no HTTP), with the same loss draws for the same seed.
// It separates what the transports do under loss from what the HTTP versions add.
enum class Transport { Tcp, Quic };
struct BulkDownloadExperiment {
  Transport transport = Transport::Tcp;
  std::string congestionControl = "newreno";  // "newreno" or "cubic", for both transports
  std::uint64_t bytes = 2'000'000;
  double lossRate = 0.0;  // Bernoulli, each direction
  sim::DataRate rate = sim::Mbps(20);
  sim::Duration rtt = sim::Milliseconds(100);
  std::uint64_t seed = 1;
  sim::Duration timeLimit = sim::Seconds(300);
};
struct BulkDownloadResult {
  double seconds = -1;          // from connect to the last byte; negative when not done within timeLimit
  std::uint64_t dataDrops = 0;  // random losses in the server -> client direction
  // QUIC only: 1-RTT packets the server declared lost, and those of them the client had received.
  std::uint64_t declaredLost = 0;
  std::uint64_t spuriousLosses = 0;
};
BulkDownloadResult runBulkDownload(const BulkDownloadExperiment& e);

}  // namespace wirelab::models::workload
