#include "sim/topology/routing.h"

#include <boost/graph/adjacency_list.hpp>
#include <boost/graph/dijkstra_shortest_paths.hpp>
#include <cstdint>
#include <limits>

namespace wirelab::sim {

namespace {

using Cost = std::int64_t;
using Graph = boost::adjacency_list<boost::vecS, boost::vecS, boost::directedS, boost::no_property,
                                    boost::property<boost::edge_weight_t, Cost>>;

Cost linkCost(const Interface& iface, RouteMetric metric) {
  switch (metric) {
    case RouteMetric::HopCount:
      return 1;
    case RouteMetric::PropagationDelay:
      return iface.config().delay.nanoseconds() + 1;
  }
  return 1;
}

}  // namespace

void computeShortestPathRoutes(Network& network, RouteMetric metric) {
  const std::size_t n = network.nodeCount();
  // The reversed graph: an edge v -> u for each interface u -> v. Dijkstra from a destination d on
  // it gives every node's distance *to* d.
  Graph reversed(n);
  for (NodeId u = 0; u < n; ++u) {
    const Node& node = network.node(u);
    for (std::size_t i = 0; i < node.interfaceCount(); ++i) {
      const Interface& iface = node.interface(i);
      boost::add_edge(iface.peer().id(), u, linkCost(iface, metric), reversed);
    }
  }
  for (NodeId u = 0; u < n; ++u) network.node(u).clearRoutes();

  std::vector<Cost> distance(n);
  constexpr Cost kInfinity = std::numeric_limits<Cost>::max();
  for (NodeId d = 0; d < n; ++d) {
    boost::dijkstra_shortest_paths(
        reversed, d,
        boost::distance_map(
            boost::make_iterator_property_map(distance.begin(), boost::get(boost::vertex_index, reversed)))
            .distance_inf(kInfinity));
    for (NodeId u = 0; u < n; ++u) {
      if (u == d || distance[u] == kInfinity) continue;
      Node& node = network.node(u);
      std::uint32_t best = Node::kNoInterface;
      Cost bestCost = kInfinity;
      for (std::size_t i = 0; i < node.interfaceCount(); ++i) {
        const Interface& iface = node.interface(i);
        const Cost rest = distance[iface.peer().id()];
        if (rest == kInfinity) continue;
        const Cost total = linkCost(iface, metric) + rest;
        if (total < bestCost) {  // strict: the lowest index wins ties
          bestCost = total;
          best = static_cast<std::uint32_t>(i);
        }
      }
      node.setRoute(d, best);
    }
  }
}

std::vector<NodeId> routedPath(const Network& network, NodeId from, NodeId to) {
  std::vector<NodeId> path{from};
  NodeId at = from;
  while (at != to) {
    const std::uint32_t out = network.node(at).routeTo(to);
    if (out == Node::kNoInterface || path.size() > network.nodeCount()) return {};
    at = network.node(at).interface(out).peer().id();
    path.push_back(at);
  }
  return path;
}

}  // namespace wirelab::sim
