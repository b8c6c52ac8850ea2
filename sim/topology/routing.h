// File: sim/topology/routing.h
// Static shortest-path routing computed with Boost.Graph's Dijkstra and installed into every
// node's forwarding table. Equal-cost paths are broken deterministically (the lowest interface
// index wins), so a run never depends on hash or memory order.
#pragma once

#include <vector>

#include "sim/net/network.h"

namespace wirelab::sim {

enum class RouteMetric {
  HopCount,          // every link costs 1
  PropagationDelay,  // a link costs its one-way delay (ns) + 1, so that zero-delay links still count a hop
};

// Fills the forwarding table of every node for every reachable destination. Unreachable
// destinations stay without a route (packets to them are dropped with DropReason::NoRoute).
// Cost: one Dijkstra per destination, O(N (E + N) log N).
void computeShortestPathRoutes(Network& network, RouteMetric metric = RouteMetric::HopCount);

// The nodes a packet from `from` to `to` visits, following the installed tables; empty when there
// is no route (or a loop, which shortest-path tables never contain).
std::vector<NodeId> routedPath(const Network& network, NodeId from, NodeId to);

}  // namespace wirelab::sim
