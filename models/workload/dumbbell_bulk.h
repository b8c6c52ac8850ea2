// File: models/workload/dumbbell_bulk.h
// The tcp-bulk experiment of the ns-3 anchors (../shared/anchors/ns3/tcp-bulk.cc), as one
// function: N bulk TCP flows across a dumbbell (left[i] -> right[i]), random loss on the
// bottleneck in the data direction only, flows starting at 0.1 s + U(0, 1 s). Used by the
// validation tests (Mathis, fairness, utilisation) and by the benchmark against ns-3.
#pragma once

#include <cstdint>
#include <vector>

#include "models/transport/tcp/tcp_config.h"
#include "sim/core/quantity.h"
#include "sim/core/time.h"

namespace wirelab::models::workload {

struct DumbbellBulkConfig {
  std::size_t flows = 1;
  double lossRate = 0.0;  // Bernoulli, on the bottleneck, data direction only
  sim::Duration simTime = sim::Seconds(30);
  sim::DataRate bottleneckRate = sim::Mbps(100);
  sim::Duration bottleneckDelay = sim::Milliseconds(10);
  sim::DataRate accessRate = sim::Gbps(1);
  sim::Duration accessDelay = sim::Milliseconds(5);
  std::int64_t bottleneckQueuePackets = 333;  // ~1 BDP at 100 Mbit/s x 40 ms
  std::int64_t accessQueuePackets = 1000;
  std::uint32_t framingBytes = 2;  // PPP, as the anchor's PointToPoint links
  transport::tcp::TcpConfig tcp = *transport::tcp::tcpProfile("ns3");
  std::uint64_t seed = 1;
  std::uint64_t run = 0;
};

struct DumbbellBulkResult {
  std::vector<double> flowGoodputMbps;  // sink bytes x 8 / (T - flow start)
  std::vector<double> flowStartS;
  double aggregateGoodputMbps = 0;  // all sink bytes x 8 / (T - first start)
  std::uint64_t events = 0;
  std::uint64_t dataPacketsDelivered = 0;  // TCP segments with payload that reached a receiver
  std::uint64_t bottleneckLosses = 0;
  std::uint64_t queueDrops = 0;
  std::uint64_t retransmittedBytes = 0;
  std::uint64_t timeouts = 0;
  std::uint64_t fastRetransmits = 0;
  sim::Duration baseRtt;  // propagation only
};

DumbbellBulkResult runDumbbellBulk(const DumbbellBulkConfig& config);

// Jain's fairness index of the values: (sum x)^2 / (n sum x^2), 1 when all are equal.
double jainFairnessIndex(const std::vector<double>& values);

// Mathis et al. (1997): B = (MSS / RTT) * C / sqrt(p), in Mbit/s.
double mathisGoodputMbps(std::uint32_t mssBytes, sim::Duration rtt, double lossRate, double c);

}  // namespace wirelab::models::workload
