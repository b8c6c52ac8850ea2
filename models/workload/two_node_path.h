// File: models/workload/two_node_path.h
// The network of the workload experiments: a client and a server joined by one link of `rate`
// with rtt / 2 of delay each way and Bernoulli loss in both directions (each direction draws from
// its own random stream, named after the link, so the node names are part of the seed's meaning),
// each node routing to the other through its only interface.
#pragma once

#include <cstdint>
#include <string>

#include "sim/core/quantity.h"
#include "sim/core/time.h"
#include "sim/net/link_config.h"
#include "sim/net/network.h"

namespace wirelab::models::workload {

struct TwoNodePathConfig {
  sim::DataRate rate;
  sim::Duration rtt;
  double lossRate = 0;
  std::int64_t queuePackets = sim::LinkConfig{}.queue.maxPackets;  // drop-tail limit per direction
  std::string clientName = "client";
  std::string serverName = "server";
};

struct TwoNodePath {
  sim::NodeId client = sim::kNoNode;
  sim::NodeId server = sim::kNoNode;
};

TwoNodePath buildTwoNodePath(sim::Network& network, const TwoNodePathConfig& config);

// The checks of an experiment's path parameters, so that each names the experiment's own field:
// throws std::invalid_argument "<experiment>.rate: ...", "<experiment>.rtt: ..." or
// "<experiment>.lossRate: ..." for a rate that is not positive, a negative RTT or a loss rate
// outside [0, 1).
void validatePathParameters(const std::string& experiment, sim::DataRate rate, sim::Duration rtt,
                            double lossRate);

}  // namespace wirelab::models::workload
