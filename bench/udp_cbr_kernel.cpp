// udp-cbr at the kernel level: the workload of ns-3's anchor program
// ../shared/anchors/ns3/udp-cbr.cc on the same dumbbell, for a side-by-side CPU comparison.
//
// F constant-bit-rate flows (default 1000) over H sender and H receiver hosts (flow f:
// left[f % H] -> right[f % H]); each sends a 160-byte UDP payload every 20 ms, which is 190 bytes
// on a PPP link (160 + 8 UDP + 20 IPv4 + 2 PPP), as in ns-3. Flows start at 0.1 s + U(0, 20 ms).
// Dumbbell: access 1 Gbit/s / 5 ms (queue 1000 packets), bottleneck 100 Mbit/s / 10 ms (333).
// There is no UDP socket model here yet (it comes with the transport models): the packets carry
// UDP's size and ports, and the receivers count them. Prints one RESULT line in the anchor's form.
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <string>
#include <vector>

#include "bench/bench_options.h"
#include "bench/process_usage.h"
#include "sim/net/network.h"
#include "sim/topology/builders.h"

namespace {

using namespace wirelab::sim;
constexpr std::uint8_t kUdp = 17;
constexpr std::uint32_t kIpBytes = 160 + 8 + 20;  // + 2 bytes of PPP framing on every link

struct Flow {
  Simulation* sim;
  NodeId from, to;
  std::uint16_t port;
  Duration interval;
  SimTime stop;
};

void sendNext(Flow* f) {
  PacketPtr p = f->sim->network.newPacket();
  p->destination = f->to;
  p->protocol = kUdp;
  p->sizeBytes = kIpBytes;
  p->payloadBytes = 160;
  p->destinationPort = f->port;
  f->sim->network.node(f->from).send(std::move(p));
  if (f->sim->scheduler.now() + f->interval < f->stop)
    f->sim->scheduler.schedule(f->interval, [f] { sendNext(f); });
}

}  // namespace

int main(int argc, char** argv) {
  const wirelab::bench::BenchOptions o(argc, argv, "udp_cbr_kernel", {"flows", "hosts", "simTime"});
  const auto flows = static_cast<std::size_t>(o.count("flows", 1000, 1, 10'000'000));
  const auto hosts = std::min<std::size_t>(o.count("hosts", 100, 1, 100'000), flows);
  const auto simSeconds = static_cast<std::int64_t>(o.count("simTime", 10, 1, 1'000'000));

  const auto t0 = std::chrono::steady_clock::now();
  Simulation sim(1, 0);
  LinkConfig access, bottleneck;
  access.rate = Gbps(1);
  access.delay = Milliseconds(5);
  access.queue.maxPackets = 1000;
  access.framingBytes = 2;  // PPP, as ns-3's PointToPointNetDevice
  bottleneck.rate = Mbps(100);
  bottleneck.delay = Milliseconds(10);
  bottleneck.queue.maxPackets = 333;
  bottleneck.framingBytes = 2;
  const Dumbbell d = buildDumbbell(sim.network, hosts, access, bottleneck);
  std::uint64_t received = 0;
  for (const NodeId r : d.right)
    sim.network.node(r).setProtocolHandler(kUdp, [&received](PacketPtr) { ++received; });

  RandomStream start = sim.random.stream("udp-cbr/start");
  const SimTime stop = SimTime::zero() + Seconds(simSeconds);
  std::vector<Flow> flowState(flows);
  for (std::size_t f = 0; f < flows; ++f) {
    flowState[f] = Flow{
        &sim, d.left[f % hosts], d.right[f % hosts], static_cast<std::uint16_t>(10000 + f), Milliseconds(20),
        stop};
    const SimTime first = SimTime::zero() + Milliseconds(100) +
                          Nanoseconds(static_cast<std::int64_t>(start.uniformBelow(20'000'000)));
    sim.scheduler.scheduleAt(first, [fp = &flowState[f]] { sendNext(fp); });
  }

  const auto t1 = std::chrono::steady_clock::now();
  const double c1 = wirelab::bench::processCpuSeconds();
  sim.scheduler.runUntil(stop);
  const double runCpu = wirelab::bench::processCpuSeconds() - c1;
  const auto t2 = std::chrono::steady_clock::now();
  const double runWall = std::chrono::duration<double>(t2 - t1).count();
  const std::uint64_t events = sim.scheduler.eventsDispatched();
  const NetworkCounters& c = sim.network.counters();
  std::printf(
      "RESULT scenario=udp-cbr-kernel flows=%zu hosts=%zu simTime=%ld setup_s=%.3f run_wall_s=%.3f "
      "run_cpu_s=%.3f "
      "events=%llu events_per_cpu_s=%.0f pkts_sent=%llu pkts_delivered=%llu pkts_dropped=%llu "
      "pkts_per_cpu_s=%.0f goodput_mbps=%.3f\n",
      flows, hosts, simSeconds, std::chrono::duration<double>(t1 - t0).count(), runWall, runCpu,
      static_cast<unsigned long long>(events), static_cast<double>(events) / runCpu,
      static_cast<unsigned long long>(c.sent), static_cast<unsigned long long>(received),
      static_cast<unsigned long long>(c.dropped), static_cast<double>(received) / runCpu,
      static_cast<double>(received) * 160 * 8 / (static_cast<double>(simSeconds) - 0.1) / 1e6);
  return 0;
}
