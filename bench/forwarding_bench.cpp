// Packet forwarding cost: packets across a 10-hop chain, and through one router whose number of
// interfaces grows (ns-3's per-packet cost grows with it; a forwarding table indexed by
// destination should not).
#include <benchmark/benchmark.h>

#include <string>
#include <vector>

#include "sim/net/network.h"
#include "sim/topology/builders.h"
#include "sim/topology/routing.h"

namespace {

using namespace wirelab::sim;
constexpr std::uint8_t kProbe = 200;

struct Injector {
  Simulation* sim;
  NodeId from, to;
  std::int64_t remaining;
  Duration gap;
};

void inject(Injector* in) {
  PacketPtr p = in->sim->network.newPacket();
  p->destination = in->to;
  p->protocol = kProbe;
  p->sizeBytes = 1500;
  in->sim->network.node(in->from).send(std::move(p));
  if (--in->remaining > 0) in->sim->scheduler.schedule(in->gap, [in] { inject(in); });
}

// Sends `packets` packets from `from` to `to`, paced at the link rate so queues stay short.
void runTraffic(Simulation& sim, NodeId from, NodeId to, std::int64_t packets) {
  Injector in{&sim, from, to, packets, transmissionTime(Bytes(1500), Gbps(1))};
  sim.scheduler.schedule(Duration::zero(), [p = &in] { inject(p); });
  sim.scheduler.run();
}

void BM_ForwardChain10Hops(benchmark::State& state) {
  Simulation sim(1, 0);
  LinkConfig link;
  link.rate = Gbps(1);
  link.delay = Microseconds(100);
  const auto chain = buildChain(sim.network, 11, link);
  sim.network.node(chain.back()).setProtocolHandler(kProbe, [](PacketPtr) {});
  constexpr std::int64_t kPackets = 100'000;
  for (auto _ : state) runTraffic(sim, chain.front(), chain.back(), kPackets);
  state.SetItemsProcessed(state.iterations() * kPackets * 10);  // packet-hops
  state.counters["packets/s"] =
      benchmark::Counter(static_cast<double>(state.iterations() * kPackets), benchmark::Counter::kIsRate);
  state.counters["events/packet"] = static_cast<double>(sim.scheduler.eventsDispatched()) /
                                    static_cast<double>(state.iterations() * kPackets);
}
BENCHMARK(BM_ForwardChain10Hops)->Unit(benchmark::kMillisecond);

// A star: one router with `interfaces` hosts; traffic from host 0 to host 1 through the router.
void BM_ForwardThroughRouterWithInterfaces(benchmark::State& state) {
  const auto interfaces = static_cast<std::size_t>(state.range(0));
  Simulation sim(1, 0);
  LinkConfig link;
  link.rate = Gbps(1);
  link.delay = Microseconds(100);
  const NodeId router = sim.network.addNode("router");
  std::vector<NodeId> hosts;
  for (std::size_t i = 0; i < interfaces; ++i) {
    hosts.push_back(sim.network.addNode("h" + std::to_string(i)));
    sim.network.connect(hosts.back(), router, link);
  }
  computeShortestPathRoutes(sim.network);
  sim.network.node(hosts[1]).setProtocolHandler(kProbe, [](PacketPtr) {});
  constexpr std::int64_t kPackets = 100'000;
  for (auto _ : state) runTraffic(sim, hosts[0], hosts[1], kPackets);
  state.SetItemsProcessed(state.iterations() * kPackets);
}
BENCHMARK(BM_ForwardThroughRouterWithInterfaces)
    ->Arg(2)
    ->Arg(10)
    ->Arg(100)
    ->Arg(1000)
    ->Unit(benchmark::kMillisecond);

}  // namespace
