// File: sim/topology/builders.h
// Ready-made topologies for tests, benchmarks and scenarios. Each returns the node ids it made, in
// a documented order, and installs shortest-path routes.
#pragma once

#include <vector>

#include "sim/core/random.h"
#include "sim/net/network.h"

namespace wirelab::sim {

// n nodes "n0" - "n1" - ... in a line, every link `config`.
std::vector<NodeId> buildChain(Network& network, std::size_t n, const LinkConfig& config);

struct Dumbbell {
  std::vector<NodeId> left, right;  // hosts
  NodeId leftRouter = kNoNode, rightRouter = kNoNode;
};
// `pairs` hosts on each side ("left0".., "right0"..), access links to two routers ("routerL",
// "routerR") joined by the bottleneck: the shape of ns-3's tcp-bulk anchor.
Dumbbell buildDumbbell(Network& network, std::size_t pairs, const LinkConfig& access,
                       const LinkConfig& bottleneck);

// A connected random graph: a random spanning tree over n nodes ("r0".. ) plus `extraLinks` random
// chords (no self loops or duplicate links), link rates and delays drawn from the given ranges.
std::vector<NodeId> buildRandomConnected(Network& network, std::size_t n, std::size_t extraLinks,
                                         RandomStream& rng, const LinkConfig& base, Duration minDelay,
                                         Duration maxDelay);

}  // namespace wirelab::sim
