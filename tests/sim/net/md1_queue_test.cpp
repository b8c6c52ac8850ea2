// Queueing theory as a check on the kernel: Poisson arrivals into one link.
//   M/D/1 (fixed packet size):        Wq = rho * S / (2 (1 - rho))
//   M/M/1 (exponential packet size):  Wq = rho * S / (1 - rho)
// with S the mean service (serialisation) time. Tolerance 5% of the closed form.
#include <gtest/gtest.h>

#include <cmath>
#include <cstdio>
#include <functional>
#include <vector>

#include "sim/net/network.h"

namespace wirelab::sim {
namespace {

constexpr std::uint8_t kProbe = 200;

struct QueueRun {
  double meanWaitS = 0;
  std::int64_t samples = 0;
};

QueueRun runQueue(double rho, bool exponentialSizes, std::int64_t packets, std::uint64_t seed) {
  Simulation sim(seed, 0);
  const NodeId a = sim.network.addNode("source");
  const NodeId b = sim.network.addNode("sink");
  LinkConfig cfg;
  cfg.rate = Mbps(10);
  cfg.delay = Milliseconds(5);
  cfg.queue = QueueLimits{};  // unbounded: the closed forms assume an infinite buffer
  sim.network.connect(a, b, cfg);
  sim.network.node(a).setRoute(b, 0);
  sim.network.node(b).setProtocolHandler(kProbe, [](PacketPtr) {});

  const double meanSizeBytes = 1250;  // 1 ms at 10 Mbit/s
  const double serviceS = meanSizeBytes * 8 / 10e6;
  const double meanGapNs = serviceS / rho * 1e9;
  const std::int64_t warmup = packets / 20;

  std::vector<std::int64_t> enqueuedAt(static_cast<std::size_t>(packets), 0);
  double waitSum = 0;
  std::int64_t samples = 0;
  Interface& link = sim.network.node(a).interface(0);
  link.enqueued.connect([&](const Packet& p, SimTime t) { enqueuedAt[p.uid] = t.nanoseconds(); });
  link.dequeued.connect([&](const Packet& p, SimTime t) {
    if (static_cast<std::int64_t>(p.uid) < warmup) return;
    waitSum += static_cast<double>(t.nanoseconds() - enqueuedAt[p.uid]) * 1e-9;
    ++samples;
  });

  RandomStream arrivals = sim.random.stream("arrivals");
  RandomStream sizes = sim.random.stream("sizes");
  std::int64_t sent = 0;
  std::function<void()> sendNext = [&] {
    PacketPtr p = sim.network.newPacket();
    p->destination = b;
    p->protocol = kProbe;
    const double size = exponentialSizes ? -std::log(sizes.uniformOpen01()) * meanSizeBytes : meanSizeBytes;
    p->sizeBytes = static_cast<std::uint32_t>(std::max(1.0, std::round(size)));
    sim.network.node(a).send(std::move(p));
    if (++sent < packets) {
      const double gap = -std::log(arrivals.uniformOpen01()) * meanGapNs;
      sim.scheduler.schedule(Nanoseconds(static_cast<std::int64_t>(gap)), [&] { sendNext(); });
    }
  };
  sim.scheduler.schedule(Duration::zero(), [&] { sendNext(); });
  sim.scheduler.run();
  return {waitSum / static_cast<double>(samples), samples};
}

TEST(QueueingTheory, MD1MeanWaitingTimeMatchesPollaczekKhinchine) {
  for (const double rho : {0.5, 0.8}) {
    const QueueRun r = runQueue(rho, false, 400'000, 3);
    const double expected = rho * 1e-3 / (2 * (1 - rho));
    EXPECT_NEAR(r.meanWaitS, expected, 0.05 * expected) << "rho=" << rho << " samples=" << r.samples;
    std::printf(
        "VALIDATION M/D/1 rho=%.1f mean_wait_ms=%.4f closed_form_ms=%.4f error=%+.2f%% samples=%lld\n", rho,
        r.meanWaitS * 1e3, expected * 1e3, (r.meanWaitS / expected - 1) * 100,
        static_cast<long long>(r.samples));
  }
}

TEST(QueueingTheory, MM1MeanWaitingTimeMatchesTheClosedForm) {
  const double rho = 0.7;
  const QueueRun r = runQueue(rho, true, 400'000, 4);
  const double expected = rho * 1e-3 / (1 - rho);
  EXPECT_NEAR(r.meanWaitS, expected, 0.05 * expected) << "samples=" << r.samples;
  std::printf("VALIDATION M/M/1 rho=%.1f mean_wait_ms=%.4f closed_form_ms=%.4f error=%+.2f%% samples=%lld\n",
              rho, r.meanWaitS * 1e3, expected * 1e3, (r.meanWaitS / expected - 1) * 100,
              static_cast<long long>(r.samples));
}

}  // namespace
}  // namespace wirelab::sim
