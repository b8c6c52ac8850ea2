// The delayline relay model (relay.c as a process): exact times for what its loop implies. The
// hosts reach the relay over 100 Gbit/s links without delay, so a 1500-byte packet spends 120 ns
// on each.
#include "models/workload/delayline_relay.h"

#include <gtest/gtest.h>

#include <memory>
#include <utility>
#include <vector>

namespace wirelab::models::workload {
namespace {

constexpr std::uint8_t kProbe = 200;
constexpr sim::Duration kHop = sim::Nanoseconds(120);  // 1500 bytes at 100 Gbit/s
constexpr sim::Duration kDelay = sim::Milliseconds(25);

DelaylineTiming instant() {
  DelaylineTiming t;
  t.readCost = t.writeCost = t.wakeUpLatency = t.wakeUpJitterMean = sim::Duration::zero();
  return t;
}

// client - relay - server, with the relay process on the middle node; records when each probe
// reaches the far end (by the order the sender sent them in).
struct RelayPath {
  explicit RelayPath(const DelaylineTiming& timing, DelaylineDirection up = {}, DelaylineDirection down = {},
                     std::uint64_t seed = 1)
      : sim(seed, 0) {
    client = sim.network.addNode("client");
    relayNode = sim.network.addNode("relay");
    server = sim.network.addNode("server");
    sim::LinkConfig tun;
    tun.rate = sim::Gbps(100);
    tun.delay = sim::Duration::zero();
    sim.network.connect(client, relayNode, tun);
    sim.network.connect(server, relayNode, tun);
    sim.network.node(client).setRoute(server, 0);
    sim.network.node(server).setRoute(client, 0);
    sim.network.node(relayNode).setRoute(client, 0);
    sim.network.node(relayNode).setRoute(server, 1);
    up.delay = down.delay = kDelay;
    relay = std::make_unique<DelaylineRelay>(sim.network, relayNode, client, server, up, down, timing);
    for (auto [node, log] : {std::pair{client, &atClient}, std::pair{server, &atServer}}) {
      sim.network.node(node).setProtocolHandler(kProbe, [this, log](sim::PacketPtr p) {
        log->push_back({p->uid, sim.scheduler.now()});
      });
    }
  }
  // Sends one 1500-byte probe from `from` to `to` at `at`.
  void sendAt(sim::SimTime at, sim::NodeId from, sim::NodeId to) {
    sim.scheduler.scheduleAt(at, [this, from, to] {
      sim::PacketPtr p = sim.network.newPacket();
      p->destination = to;
      p->protocol = kProbe;
      p->sizeBytes = 1500;
      sim.network.node(from).send(std::move(p));
    });
  }
  struct Arrival {
    std::uint64_t uid;
    sim::SimTime at;
  };
  sim::Simulation sim;
  sim::NodeId client = 0, relayNode = 0, server = 0;
  std::unique_ptr<DelaylineRelay> relay;
  std::vector<Arrival> atClient, atServer;
};

const sim::SimTime kZero = sim::SimTime::zero();

TEST(DelaylineRelay, WithoutCostsAPacketTakesTheDelayAlone) {
  RelayPath path(instant());
  path.sendAt(kZero, path.client, path.server);
  path.sim.scheduler.run();
  ASSERT_EQ(path.atServer.size(), 1u);
  EXPECT_EQ(path.atServer[0].at, kZero + kHop + kDelay + kHop);
}

TEST(DelaylineRelay, ASleepingRelayIsLateByAWakeUpToReadAndAnotherToWrite) {
  DelaylineTiming timing = instant();
  timing.wakeUpLatency = sim::Microseconds(50);
  RelayPath path(timing);
  path.sendAt(kZero, path.client, path.server);
  path.sim.scheduler.run();
  ASSERT_EQ(path.atServer.size(), 1u);
  EXPECT_EQ(path.atServer[0].at,
            kZero + kHop + sim::Microseconds(50) + kDelay + sim::Microseconds(50) + kHop);
}

TEST(DelaylineRelay, TheBottleneckSpacesDeparturesAndDropsBeyondItsQueue) {
  // relay.c: 1500 bytes at 12 Mbit/s take 1 ms; a queue of 3 packets counts the one in service.
  DelaylineDirection up;
  up.rateBitsPerSecond = 12e6;
  up.queuePackets = 3;
  RelayPath path(instant(), up);
  for (int i = 0; i < 5; ++i) path.sendAt(kZero, path.client, path.server);
  path.sim.scheduler.run();
  ASSERT_EQ(path.atServer.size(), 3u);
  // The client's link serialises the five: they reach the relay 120 ns apart, the first at 120 ns.
  for (int i = 0; i < 3; ++i) {
    EXPECT_EQ(path.atServer[i].at, kZero + kHop + sim::Milliseconds(i + 1) + kDelay + kHop) << i;
  }
  EXPECT_EQ(path.relay->upCounters().received, 5u);
  EXPECT_EQ(path.relay->upCounters().queueDrops, 2u);
  EXPECT_EQ(path.relay->upCounters().written, 3u);
}

TEST(DelaylineRelay, ABurstIsWrittenToItsEndBeforeTheOtherDirectionIsRead) {
  DelaylineTiming timing = instant();
  timing.writeCost = sim::Microseconds(10);
  RelayPath path(timing);
  // Ten packets towards the client, reaching the relay 120 ns apart; the first is due (and
  // written) at 120 ns + 25 ms, the other nine in the next round, 10 us apart: the burst is
  // written out at 120 ns + 25 ms + 100 us.
  for (int i = 0; i < 10; ++i) path.sendAt(kZero, path.server, path.client);
  // A packet towards the server reaches the relay 15 us into the burst: read only after it.
  const sim::SimTime burstStart = kZero + kHop + kDelay;
  path.sendAt(burstStart + sim::Microseconds(15) - kHop, path.client, path.server);
  path.sim.scheduler.run();
  ASSERT_EQ(path.atClient.size(), 10u);
  EXPECT_EQ(path.atClient[0].at, burstStart + sim::Microseconds(10) + kHop);
  EXPECT_EQ(path.atClient[9].at, burstStart + sim::Microseconds(100) + kHop);
  ASSERT_EQ(path.atServer.size(), 1u);
  const sim::SimTime read = burstStart + sim::Microseconds(100);
  // Due at read + 25 ms, written (10 us) then 120 ns on the server's link.
  EXPECT_EQ(path.atServer[0].at, read + kDelay + sim::Microseconds(10) + kHop);
}

TEST(DelaylineRelay, ReplayedLossDropsTheListedPositionsOfItsDirection) {
  DelaylineDirection up;
  up.loss.kind = sim::LossSpec::Kind::List;
  up.loss.positions = {1, 3};
  RelayPath path(instant(), up);
  for (int i = 0; i < 5; ++i) path.sendAt(kZero + sim::Microseconds(i), path.client, path.server);
  for (int i = 0; i < 2; ++i) path.sendAt(kZero + sim::Microseconds(i), path.server, path.client);
  path.sim.scheduler.run();
  ASSERT_EQ(path.atServer.size(), 3u);
  EXPECT_EQ(path.atServer[0].at, kZero + kHop + kDelay + kHop);
  EXPECT_EQ(path.atServer[1].at, kZero + sim::Microseconds(2) + kHop + kDelay + kHop);
  EXPECT_EQ(path.atServer[2].at, kZero + sim::Microseconds(4) + kHop + kDelay + kHop);
  EXPECT_EQ(path.relay->upCounters().lost, 2u);
  EXPECT_EQ(path.atClient.size(), 2u);  // the other direction loses nothing
  EXPECT_EQ(path.relay->downCounters().lost, 0u);
}

std::vector<sim::SimTime> jitteredArrivals(std::uint64_t seed) {
  DelaylineTiming timing;  // the fitted defaults: an exponential part in every wake-up
  RelayPath path(timing, {}, {}, seed);
  for (int i = 0; i < 20; ++i) path.sendAt(kZero + sim::Milliseconds(3 * i), path.client, path.server);
  path.sim.scheduler.run();
  std::vector<sim::SimTime> times;
  for (const auto& a : path.atServer) times.push_back(a.at);
  return times;
}

TEST(DelaylineRelay, TheSameSeedGivesTheSameTimesAndAnotherSeedOthers) {
  const std::vector<sim::SimTime> a = jitteredArrivals(7), b = jitteredArrivals(7), c = jitteredArrivals(8);
  ASSERT_EQ(a.size(), 20u);
  EXPECT_EQ(a, b);
  EXPECT_NE(a, c);
  // Each packet slept through two wake-ups of at least 100 us each.
  for (std::size_t i = 0; i < a.size(); ++i) {
    EXPECT_GE(a[i],
              kZero + sim::Milliseconds(3 * static_cast<std::int64_t>(i)) + kDelay + sim::Microseconds(200))
        << i;
  }
}

}  // namespace
}  // namespace wirelab::models::workload
