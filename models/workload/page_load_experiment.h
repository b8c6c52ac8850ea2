// File: models/workload/page_load_experiment.h
// One page load over HTTP/1.1 (6 connections), HTTP/2 or HTTP/3, on a client-server path with a
// bottleneck rate, an RTT and random loss in both directions: the experiment behind the
// "page load time against loss" comparison. Loss streams are named after the links, so every
// protocol meets the same loss realisation for the same seed (common random numbers).
#pragma once

#include <cstdint>
#include <vector>

#include "sim/core/quantity.h"
#include "sim/core/time.h"

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

}  // namespace wirelab::models::workload
