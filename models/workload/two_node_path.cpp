#include "models/workload/two_node_path.h"

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

}  // namespace wirelab::models::workload
