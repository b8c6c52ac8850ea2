#include "sim/net/network.h"

#include <gtest/gtest.h>

#include <cmath>
#include <cstdio>
#include <vector>

#include "sim/topology/builders.h"
#include "sim/topology/routing.h"

namespace wirelab::sim {
namespace {

constexpr std::uint8_t kProbe = 200;

// Folds every trace event of a network into one FNV-1a hash: a fingerprint of the whole run.
class TraceHasher {
 public:
  explicit TraceHasher(Network& net) {
    for (NodeId n = 0; n < net.nodeCount(); ++n) {
      Node& node = net.node(n);
      node.delivered.connect([this](const Packet& p, SimTime t) { add(1, p, t); });
      node.dropped.connect(
          [this](const Packet& p, DropReason r, SimTime t) { add(10 + static_cast<int>(r), p, t); });
      for (std::size_t i = 0; i < node.interfaceCount(); ++i) {
        Interface& f = node.interface(i);
        f.enqueued.connect([this](const Packet& p, SimTime t) { add(2, p, t); });
        f.dequeued.connect([this](const Packet& p, SimTime t) { add(3, p, t); });
        f.received.connect([this](const Packet& p, SimTime t) { add(4, p, t); });
        f.dropped.connect(
            [this](const Packet& p, DropReason r, SimTime t) { add(20 + static_cast<int>(r), p, t); });
      }
    }
  }
  std::uint64_t hash() const { return m_hash; }
  std::uint64_t events() const { return m_events; }

 private:
  void mix(std::uint64_t v) {
    for (int i = 0; i < 8; ++i) {
      m_hash ^= (v >> (8 * i)) & 0xff;
      m_hash *= 0x100000001b3ULL;
    }
  }
  void add(int kind, const Packet& p, SimTime t) {
    mix(static_cast<std::uint64_t>(kind));
    mix(p.uid);
    mix(static_cast<std::uint64_t>(t.nanoseconds()));
    ++m_events;
  }
  std::uint64_t m_hash = 0xcbf29ce484222325ULL;
  std::uint64_t m_events = 0;
};

// Every node sends Poisson traffic (mean gap `gap`) to uniformly chosen other nodes until `stop`.
class RandomTraffic {
 public:
  RandomTraffic(Simulation& sim, Duration gap, SimTime stop) : m_sim(sim), m_gap(gap), m_stop(stop) {
    for (NodeId n = 0; n < sim.network.nodeCount(); ++n) {
      sim.network.node(n).setProtocolHandler(kProbe, [](PacketPtr) {});
      m_streams.push_back(sim.random.stream("traffic/" + sim.network.node(n).name()));
    }
    for (NodeId n = 0; n < sim.network.nodeCount(); ++n) scheduleNext(n);
  }

 private:
  void scheduleNext(NodeId n) {
    RandomStream& rng = m_streams[n];
    const double gapNs = -std::log(rng.uniformOpen01()) * static_cast<double>(m_gap.nanoseconds());
    const SimTime at = m_sim.scheduler.now() + Nanoseconds(static_cast<std::int64_t>(gapNs));
    if (at >= m_stop) return;
    m_sim.scheduler.scheduleAt(at, [this, n] {
      RandomStream& r = m_streams[n];
      PacketPtr p = m_sim.network.newPacket();
      NodeId dst = static_cast<NodeId>(r.uniformBelow(m_sim.network.nodeCount() - 1));
      if (dst >= n) ++dst;
      p->destination = dst;
      p->protocol = kProbe;
      p->sizeBytes = 100 + static_cast<std::uint32_t>(r.uniformBelow(1400));
      m_sim.network.node(n).send(std::move(p));
      scheduleNext(n);
    });
  }
  Simulation& m_sim;
  Duration m_gap;
  SimTime m_stop;
  std::vector<RandomStream> m_streams;
};

LinkConfig lossyLink() {
  LinkConfig c;
  c.rate = Mbps(10);
  c.queue = QueueLimits{8, QueueLimits{}.maxBytes};  // small: overflow drops happen too
  c.loss.kind = LossSpec::Kind::Bernoulli;
  c.loss.probability = 0.02;
  c.jitter = Milliseconds(2);
  return c;
}

std::uint64_t runRandomTopology(std::uint64_t seed, std::uint64_t* eventsOut = nullptr) {
  Simulation sim(seed, 0);
  RandomStream topo(seed);
  buildRandomConnected(sim.network, 25, 15, topo, lossyLink(), Milliseconds(1), Milliseconds(20));
  TraceHasher hasher(sim.network);
  RandomTraffic traffic(sim, Microseconds(300), SimTime::zero() + Seconds(2));
  sim.scheduler.run();
  if (eventsOut != nullptr) *eventsOut = hasher.events();
  return hasher.hash();
}

TEST(Network, PacketsAreConservedOnARandomTopologyAtEveryCheckpoint) {
  Simulation sim(11, 0);
  RandomStream topo(11);
  buildRandomConnected(sim.network, 30, 20, topo, lossyLink(), Milliseconds(1), Milliseconds(30));
  RandomTraffic traffic(sim, Microseconds(1000), SimTime::zero() + Seconds(3));
  const NetworkCounters& c = sim.network.counters();
  for (int step = 1; step <= 40; ++step) {
    sim.scheduler.runUntil(SimTime::zero() + Milliseconds(100 * step));
    ASSERT_EQ(c.sent, c.delivered + c.dropped + static_cast<std::uint64_t>(sim.network.packetsInFlight()))
        << "at step " << step;
  }
  sim.scheduler.run();
  EXPECT_EQ(sim.network.packetsInFlight(), 0);
  EXPECT_EQ(c.sent, c.delivered + c.dropped);
  // The drop total is exactly the sum of what the interfaces and nodes report.
  std::uint64_t queueDrops = 0, lossDrops = 0;
  for (NodeId n = 0; n < sim.network.nodeCount(); ++n) {
    for (std::size_t i = 0; i < sim.network.node(n).interfaceCount(); ++i) {
      const auto& k = sim.network.node(n).interface(i).counters();
      queueDrops += k.queueDrops;
      lossDrops += k.lossDrops;
    }
  }
  EXPECT_EQ(queueDrops + lossDrops, c.dropped);  // all nodes are routed and have handlers
  // The run exercised what it claims to: lots of traffic, both kinds of drop, multi-hop paths.
  EXPECT_GT(c.sent, 80'000u);
  EXPECT_GT(c.forwarded, c.sent / 2);
  EXPECT_GT(queueDrops, 1000u);
  EXPECT_GT(lossDrops, 1000u);
  std::printf(
      "VALIDATION conservation sent=%llu delivered=%llu dropped=%llu (queue %llu, loss %llu) forwarded=%llu "
      "in_flight=0\n",
      static_cast<unsigned long long>(c.sent), static_cast<unsigned long long>(c.delivered),
      static_cast<unsigned long long>(c.dropped), static_cast<unsigned long long>(queueDrops),
      static_cast<unsigned long long>(lossDrops), static_cast<unsigned long long>(c.forwarded));
}

TEST(Network, SameSeedGivesAnIdenticalTraceHash) {
  std::uint64_t events1 = 0, events2 = 0;
  const std::uint64_t h1 = runRandomTopology(5, &events1);
  const std::uint64_t h2 = runRandomTopology(5, &events2);
  EXPECT_EQ(h1, h2);
  EXPECT_EQ(events1, events2);
  EXPECT_GT(events1, 10'000u);
  EXPECT_NE(h1, runRandomTopology(6));
}

// The k-th packet's fate on link x->y depends only on the seed and the link's name, not on what
// else was built first: components created in another order keep their draws.
std::vector<bool> lossPatternOnXY(bool buildOthersFirst) {
  Simulation sim(99, 0);
  LinkConfig lossy;
  lossy.loss.kind = LossSpec::Kind::Bernoulli;
  lossy.loss.probability = 0.3;
  lossy.jitter = Milliseconds(1);
  lossy.jitterReorders = true;
  const auto addOthers = [&] {
    const NodeId p = sim.network.addNode("p");
    const NodeId q = sim.network.addNode("q");
    sim.network.connect(p, q, lossy);
  };
  if (buildOthersFirst) addOthers();
  const NodeId x = sim.network.addNode("x");
  const NodeId y = sim.network.addNode("y");
  sim.network.connect(x, y, lossy);
  if (!buildOthersFirst) addOthers();
  computeShortestPathRoutes(sim.network);
  std::vector<bool> arrived(500, false);
  std::vector<std::int64_t> arrivalTimes;
  sim.network.node(y).setProtocolHandler(kProbe, [&](PacketPtr p) { arrived[p->payloadBytes] = true; });
  for (std::uint32_t k = 0; k < 500; ++k) {
    sim.scheduler.schedule(Milliseconds(k), [&sim, x, y, k] {
      PacketPtr p = sim.network.newPacket();
      p->destination = y;
      p->protocol = kProbe;
      p->sizeBytes = 500;
      p->payloadBytes = k;  // the packet's index
      sim.network.node(x).send(std::move(p));
    });
  }
  sim.scheduler.run();
  return arrived;
}

TEST(Network, CreationOrderDoesNotChangeAComponentsRandomDraws) {
  const auto a = lossPatternOnXY(false);
  const auto b = lossPatternOnXY(true);
  EXPECT_EQ(a, b);
  const auto lost = std::count(a.begin(), a.end(), false);
  EXPECT_GT(lost, 100);  // the pattern is not trivially all-arrived
  EXPECT_LT(lost, 200);
}

TEST(Network, DropsForNoRouteNoHandlerAndTtlAreCountedWithTheirReason) {
  Simulation sim(1, 0);
  const auto chain = buildChain(sim.network, 4, LinkConfig{});
  const NodeId isolated = sim.network.addNode("isolated");
  std::vector<DropReason> reasons;
  for (NodeId n = 0; n < sim.network.nodeCount(); ++n) {
    sim.network.node(n).dropped.connect([&](const Packet&, DropReason r, SimTime) { reasons.push_back(r); });
  }
  const auto send = [&](NodeId dst, std::uint8_t ttl) {
    PacketPtr p = sim.network.newPacket();
    p->destination = dst;
    p->protocol = kProbe;
    p->sizeBytes = 100;
    p->ttl = ttl;
    sim.network.node(chain[0]).send(std::move(p));
  };
  send(isolated, 64);  // no route
  send(chain[3], 64);  // arrives, but nobody listens to kProbe
  send(chain[3], 2);   // two hops allowed, three needed
  sim.scheduler.run();
  EXPECT_EQ(reasons,
            (std::vector<DropReason>{DropReason::NoRoute, DropReason::TtlExpired, DropReason::NoHandler}));
  EXPECT_EQ(sim.network.counters().dropped, 3u);
  EXPECT_EQ(sim.network.packetsInFlight(), 0);
}

TEST(Network, AForwardingHookTakesTransitPacketsAndForwardsThemWhenItChooses) {
  // A forwarding process on the middle node of a chain holds each transit packet 1 ms; packets
  // addressed to the middle node itself still go to its handler, not to the hook.
  Simulation sim(1, 0);
  LinkConfig link;
  link.delay = Duration::zero();
  const auto chain = buildChain(sim.network, 3, link);
  Node& middle = sim.network.node(chain[1]);
  std::vector<SimTime> hooked, delivered, handled;
  middle.setForwardingHook([&](PacketPtr p) {
    hooked.push_back(sim.scheduler.now());
    sim.scheduler.schedule(Milliseconds(1),
                           [&middle, held = std::move(p)]() mutable { middle.forward(std::move(held)); });
  });
  middle.setProtocolHandler(kProbe, [&](PacketPtr) { handled.push_back(sim.scheduler.now()); });
  sim.network.node(chain[2]).setProtocolHandler(kProbe,
                                                [&](PacketPtr) { delivered.push_back(sim.scheduler.now()); });
  for (const NodeId to : {chain[2], chain[1]}) {
    PacketPtr p = sim.network.newPacket();
    p->destination = to;
    p->protocol = kProbe;
    p->sizeBytes = 125;  // 10 us at the links' 100 Mbit/s
    sim.network.node(chain[0]).send(std::move(p));
  }
  sim.scheduler.run();
  ASSERT_EQ(hooked.size(), 1u);
  EXPECT_EQ(hooked[0], SimTime::zero() + Microseconds(10));
  ASSERT_EQ(delivered.size(), 1u);
  EXPECT_EQ(delivered[0], SimTime::zero() + Microseconds(10) + Milliseconds(1) + Microseconds(10));
  ASSERT_EQ(handled.size(), 1u);
  EXPECT_EQ(handled[0], SimTime::zero() + Microseconds(20));
  EXPECT_EQ(sim.network.counters().forwarded, 1u);
}

}  // namespace
}  // namespace wirelab::sim
