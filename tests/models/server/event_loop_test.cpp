// The event loop against queueing theory: with pure CPU demand it is M/M/1 (one thread runs the
// CPU parts in turn); with pure I/O waits, an infinite-server queue (nothing waits for anything).
#include "models/server/event_loop.h"

#include <gtest/gtest.h>

#include <cstdio>

#include "tests/models/server/queue_theory.h"

namespace wirelab::models::server {
namespace {

using namespace wirelab::sim;
using testing::PoissonSource;

constexpr double kServiceMs = 10.0;

TEST(EventLoop, PureCpuIsMM1) {
  for (const double rho : {0.5, 0.8}) {
    Simulation sim(11, 0);
    ServiceConfig service;
    service.profile.cpuMs = Exponential(kServiceMs);
    service.keepRecords = false;
    EventLoop loop(sim.scheduler, sim.random, "loop", EventLoopConfig{}, service);
    const double mu = 1000.0 / kServiceMs;
    const std::uint64_t n = 1'000'000;
    PoissonSource source(sim.scheduler, loop, rho * mu, n, sim.random.stream("test/arrivals"));
    sim.scheduler.run();
    ASSERT_EQ(source.answered(), n);
    const testing::MmcMeans theory = testing::mmc(1, rho * mu, mu);
    const double wait = loop.stats().waitSeconds.mean();
    const double response = loop.stats().responseSeconds.mean();
    std::printf(
        "VALIDATION event-loop pure-CPU rho=%.1f wait=%.5f s (M/M/1 %.5f s, %+.2f%%) response=%.5f s "
        "(%.5f s, %+.2f%%)\n",
        rho, wait, theory.wait, 100 * (wait / theory.wait - 1), response, theory.response,
        100 * (response / theory.response - 1));
    EXPECT_NEAR(wait, theory.wait, 0.05 * theory.wait);
    EXPECT_NEAR(response, theory.response, 0.05 * theory.response);
  }
}

TEST(EventLoop, PureIoIsAnInfiniteServerQueue) {
  // Load 50 (500 arrivals/s of 100 ms waits): about 50 requests are in I/O at once, none waits,
  // and each response time is exactly its own I/O time.
  Simulation sim(12, 0);
  ServiceConfig service;
  service.profile.ioMs = Exponential(100.0);
  EventLoop loop(sim.scheduler, sim.random, "loop", EventLoopConfig{}, service);
  std::size_t mostInIo = 0;
  loop.ioWaitsChanged.connect([&](SimTime, std::size_t n) { mostInIo = std::max(mostInIo, n); });
  PoissonSource source(sim.scheduler, loop, 500.0, 100'000, sim.random.stream("test/arrivals"));
  sim.scheduler.run();
  ASSERT_EQ(loop.records().size(), 100'000u);
  double worst = 0;
  for (const ServerRequestRecord& r : loop.records()) {
    worst = std::max(worst, std::abs((r.response() - r.demand.io).seconds()));
  }
  const double response = loop.stats().responseSeconds.mean();
  std::printf(
      "VALIDATION event-loop pure-I/O response=%.5f s (M/M/inf: service 0.10000 s) max |response - "
      "own I/O|=%.3g s, most concurrent=%zu\n",
      response, worst, mostInIo);
  EXPECT_EQ(worst, 0.0);
  EXPECT_NEAR(response, 0.100, 0.05 * 0.100);
  EXPECT_EQ(loop.stats().waitSeconds.mean(), 0.0);
  EXPECT_GT(mostInIo, 50u);  // overlapped, far beyond one at a time
}

TEST(EventLoop, CpuIsSerialisedWhileIoOverlaps) {
  // Three requests at once, each 10 ms CPU then 100 ms I/O: CPU parts end at 10, 20, 30 ms, so the
  // responses leave at 110, 120, 130 ms (a thread per request with 3 cores would answer all at 110).
  Simulation sim(1, 0);
  ServiceConfig service;
  service.profile.cpuMs = Constant(10.0);
  service.profile.ioMs = Constant(100.0);
  EventLoop loop(sim.scheduler, sim.random, "loop", EventLoopConfig{}, service);
  for (int i = 0; i < 3; ++i) loop.handle(http::ServerRequest{}, [](const http::ServerResponse&) {});
  EXPECT_EQ(loop.queueLength(), 2u);
  sim.scheduler.run();
  ASSERT_EQ(loop.records().size(), 3u);
  for (int i = 0; i < 3; ++i) {
    EXPECT_NEAR(loop.records()[static_cast<std::size_t>(i)].response().milliseconds(), 110.0 + 10.0 * i,
                1e-6);
  }
  EXPECT_EQ(loop.records()[2].waitCause, "queued: event loop busy, 2 ahead");
}

TEST(EventLoop, BoundedQueueRejects) {
  Simulation sim(1, 0);
  ServiceConfig service;
  service.profile.cpuMs = Constant(10.0);
  EventLoop loop(sim.scheduler, sim.random, "loop", EventLoopConfig{std::size_t{1}}, service);
  int rejected = 0;
  for (int i = 0; i < 3; ++i) {
    loop.handle(http::ServerRequest{}, [&](const http::ServerResponse& r) { rejected += r.status == 503; });
  }
  EXPECT_EQ(rejected, 1);
  sim.scheduler.run();
  EXPECT_EQ(loop.stats().handled, 2u);
  EXPECT_EQ(loop.stats().rejected, 1u);
}

}  // namespace
}  // namespace wirelab::models::server
