#include "models/workload/two_node_path.h"

#include <stdexcept>

namespace wirelab::models::workload {

TwoNodePath buildTwoNodePath(sim::Network& network, const TwoNodePathConfig& config) {
  TwoNodePath path;
  path.client = network.addNode(config.clientName);
  path.server = network.addNode(config.serverName);
  sim::LinkConfig link;
  link.rate = config.rate;
  link.delay = config.rtt / 2;
  link.queue.maxPackets = config.queuePackets;
  if (config.lossRate > 0) {
    link.loss.kind = sim::LossSpec::Kind::Bernoulli;
    link.loss.probability = config.lossRate;
  }
  network.connect(path.client, path.server, link);
  network.node(path.client).setRoute(path.server, 0);
  network.node(path.server).setRoute(path.client, 0);
  return path;
}

void validatePathParameters(const std::string& experiment, sim::DataRate rate, sim::Duration rtt,
                            double lossRate) {
  const auto fail = [&experiment](const std::string& what) {
    throw std::invalid_argument(experiment + "." + what);
  };
  if (rate.bitsPerSecond() <= 0) fail("rate: must be positive, got " + std::to_string(rate.bitsPerSecond()));
  if (rtt < sim::Duration::zero()) fail("rtt: must not be negative, got " + sim::toString(rtt));
  if (!(lossRate >= 0 && lossRate < 1)) fail("lossRate: must lie in [0, 1), got " + std::to_string(lossRate));
}

}  // namespace wirelab::models::workload
