#include "sim/topology/routing.h"

#include <gtest/gtest.h>

#include <vector>

#include "sim/topology/builders.h"

namespace wirelab::sim {
namespace {

// A graph where the fewest hops and the least delay disagree:
//
//   a --1ms-- b --1ms-- c --1ms-- d
//   |                             |
//   +-----------50ms--- e --50ms--+
//   a --100ms-- d (direct)
struct Diamond {
  Simulation sim{1, 0};
  NodeId a, b, c, d, e;
  Diamond() {
    Network& n = sim.network;
    a = n.addNode("a"), b = n.addNode("b"), c = n.addNode("c"), d = n.addNode("d"), e = n.addNode("e");
    const auto delay = [](int ms) {
      LinkConfig cfg;
      cfg.delay = Milliseconds(ms);
      return cfg;
    };
    n.connect(a, b, delay(1));
    n.connect(b, c, delay(1));
    n.connect(c, d, delay(1));
    n.connect(a, e, delay(50));
    n.connect(e, d, delay(50));
    n.connect(a, d, delay(100));
  }
};

TEST(Routing, HopCountTakesTheDirectLink) {
  Diamond g;
  computeShortestPathRoutes(g.sim.network, RouteMetric::HopCount);
  EXPECT_EQ(routedPath(g.sim.network, g.a, g.d), (std::vector<NodeId>{g.a, g.d}));
  EXPECT_EQ(routedPath(g.sim.network, g.b, g.e), (std::vector<NodeId>{g.b, g.a, g.e}));
}

TEST(Routing, DelayMetricTakesTheLowLatencyChain) {
  Diamond g;
  computeShortestPathRoutes(g.sim.network, RouteMetric::PropagationDelay);
  EXPECT_EQ(routedPath(g.sim.network, g.a, g.d), (std::vector<NodeId>{g.a, g.b, g.c, g.d}));
  EXPECT_EQ(routedPath(g.sim.network, g.d, g.a), (std::vector<NodeId>{g.d, g.c, g.b, g.a}));
  // e's two 50 ms links tie to a and d; e -> b goes through a (51 ms) rather than d (52 ms).
  EXPECT_EQ(routedPath(g.sim.network, g.e, g.b), (std::vector<NodeId>{g.e, g.a, g.b}));
}

TEST(Routing, UnreachableDestinationsHaveNoRoute) {
  Diamond g;
  const NodeId island = g.sim.network.addNode("island");
  computeShortestPathRoutes(g.sim.network);
  EXPECT_EQ(g.sim.network.node(g.a).routeTo(island), Node::kNoInterface);
  EXPECT_TRUE(routedPath(g.sim.network, g.a, island).empty());
}

TEST(Routing, RandomGraphRoutesAreShortestByBellmanFord) {
  // Cross-check Dijkstra's tables against an independent Bellman-Ford on the same random graph.
  Simulation sim(3, 0);
  RandomStream rng(3);
  LinkConfig base;
  buildRandomConnected(sim.network, 40, 60, rng, base, Milliseconds(1), Milliseconds(40));
  const Network& net = sim.network;
  const std::size_t n = net.nodeCount();
  const auto cost = [](const Interface& f) { return f.config().delay.nanoseconds() + 1; };
  for (NodeId dst = 0; dst < n; ++dst) {
    std::vector<std::int64_t> dist(n, INT64_MAX / 4);
    dist[dst] = 0;
    for (std::size_t round = 0; round < n; ++round) {
      for (NodeId u = 0; u < n; ++u) {
        for (std::size_t i = 0; i < net.node(u).interfaceCount(); ++i) {
          const Interface& f = net.node(u).interface(i);
          dist[u] = std::min(dist[u], cost(f) + dist[f.peer().id()]);
        }
      }
    }
    for (NodeId src = 0; src < n; ++src) {
      const auto path = routedPath(net, src, dst);
      ASSERT_FALSE(path.empty());
      std::int64_t total = 0;
      for (std::size_t k = 1; k < path.size(); ++k) {
        const Node& from = net.node(path[k - 1]);
        total += cost(from.interface(from.routeTo(dst)));
      }
      EXPECT_EQ(total, dist[src]) << src << " -> " << dst;
    }
  }
}

TEST(Builders, DumbbellHasTheAnchorShape) {
  Simulation sim(1, 0);
  LinkConfig access, bottleneck;
  bottleneck.rate = Mbps(100);
  const Dumbbell d = buildDumbbell(sim.network, 3, access, bottleneck);
  EXPECT_EQ(sim.network.nodeCount(), 8u);
  EXPECT_EQ(routedPath(sim.network, d.left[1], d.right[2]),
            (std::vector<NodeId>{d.left[1], d.leftRouter, d.rightRouter, d.right[2]}));
}

}  // namespace
}  // namespace wirelab::sim
