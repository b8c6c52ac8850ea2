#include "sim/topology/builders.h"

#include <set>
#include <string>
#include <utility>

#include "sim/topology/routing.h"

namespace wirelab::sim {

std::vector<NodeId> buildChain(Network& network, std::size_t n, const LinkConfig& config) {
  std::vector<NodeId> nodes;
  for (std::size_t i = 0; i < n; ++i) nodes.push_back(network.addNode("n" + std::to_string(i)));
  for (std::size_t i = 1; i < n; ++i) network.connect(nodes[i - 1], nodes[i], config);
  computeShortestPathRoutes(network);
  return nodes;
}

Dumbbell buildDumbbell(Network& network, std::size_t pairs, const LinkConfig& access,
                       const LinkConfig& bottleneck) {
  Dumbbell d;
  d.leftRouter = network.addNode("routerL");
  d.rightRouter = network.addNode("routerR");
  network.connect(d.leftRouter, d.rightRouter, bottleneck);
  for (std::size_t i = 0; i < pairs; ++i) {
    d.left.push_back(network.addNode("left" + std::to_string(i)));
    d.right.push_back(network.addNode("right" + std::to_string(i)));
    network.connect(d.left.back(), d.leftRouter, access);
    network.connect(d.right.back(), d.rightRouter, access);
  }
  computeShortestPathRoutes(network);
  return d;
}

std::vector<NodeId> buildRandomConnected(Network& network, std::size_t n, std::size_t extraLinks,
                                         RandomStream& rng, const LinkConfig& base, Duration minDelay,
                                         Duration maxDelay) {
  std::vector<NodeId> nodes;
  for (std::size_t i = 0; i < n; ++i) nodes.push_back(network.addNode("r" + std::to_string(i)));
  std::set<std::pair<std::size_t, std::size_t>> linked;
  const auto randomConfig = [&] {
    LinkConfig c = base;
    const auto span = static_cast<std::uint64_t>((maxDelay - minDelay).nanoseconds());
    c.delay = minDelay + Nanoseconds(static_cast<std::int64_t>(rng.uniformBelow(span + 1)));
    return c;
  };
  const auto link = [&](std::size_t a, std::size_t b) {
    if (a == b || linked.count({std::min(a, b), std::max(a, b)}) != 0) return false;
    linked.insert({std::min(a, b), std::max(a, b)});
    network.connect(nodes[a], nodes[b], randomConfig(), randomConfig());
    return true;
  };
  for (std::size_t i = 1; i < n; ++i) link(i, rng.uniformBelow(i));  // random tree
  const std::size_t maxLinks = n * (n - 1) / 2;
  for (std::size_t added = 0; added < extraLinks && linked.size() < maxLinks;) {
    if (link(rng.uniformBelow(n), rng.uniformBelow(n))) ++added;
  }
  computeShortestPathRoutes(network, RouteMetric::PropagationDelay);
  return nodes;
}

}  // namespace wirelab::sim
