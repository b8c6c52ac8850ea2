// Two hosts joined by one link (or a dumbbell), with a TCP stack on each: the harness of the TCP
// tests. Everything is exact and seeded; link parameters come from the test.
#pragma once

#include <memory>

#include "models/transport/tcp/tcp_stack.h"
#include "sim/net/network.h"

namespace wirelab::models::transport::tcp::testing {

struct TcpPair {
  explicit TcpPair(const sim::LinkConfig& clientToServer, const sim::LinkConfig& serverToClient,
                   std::uint64_t seed = 1)
      : sim(seed, 0) {
    client = sim.network.addNode("client");
    server = sim.network.addNode("server");
    sim.network.connect(client, server, clientToServer, serverToClient);
    sim.network.node(client).setRoute(server, 0);
    sim.network.node(server).setRoute(client, 0);
    clientStack = std::make_unique<TcpStack>(sim.network, client);
    serverStack = std::make_unique<TcpStack>(sim.network, server);
  }
  explicit TcpPair(const sim::LinkConfig& both, std::uint64_t seed = 1) : TcpPair(both, both, seed) {}

  sim::Simulation sim;
  sim::NodeId client = sim::kNoNode, server = sim::kNoNode;
  std::unique_ptr<TcpStack> clientStack, serverStack;
};

inline sim::LinkConfig link(sim::DataRate rate, sim::Duration delay) {
  sim::LinkConfig c;
  c.rate = rate;
  c.delay = delay;
  return c;
}

inline sim::LinkConfig withLostPackets(sim::LinkConfig c, std::vector<std::uint64_t> positions) {
  c.loss.kind = sim::LossSpec::Kind::List;
  c.loss.positions = std::move(positions);
  return c;
}

}  // namespace wirelab::models::transport::tcp::testing
