// Thread per request: processor sharing of the cores (insensitive M/M/1-PS with one core and no
// switching cost), I/O overlapped, the stated context-switch cost, and a cap with a queue.
#include "models/server/thread_per_request.h"

#include <gtest/gtest.h>

#include <cstdio>

#include "tests/models/server/queue_theory.h"

namespace wirelab::models::server {
namespace {

using namespace wirelab::sim;
using testing::PoissonSource;

ThreadPerRequestConfig freeThreads(int cores) {
  ThreadPerRequestConfig c;
  c.cores = cores;
  c.threadStartCpu = Duration::zero();
  c.contextSwitchCost = Duration::zero();
  return c;
}

// M/M/1 under processor sharing has the mean response time of M/M/1 FCFS, 1 / (mu - lambda).
TEST(ThreadPerRequest, OneCoreWithoutSwitchCostIsMM1ProcessorSharing) {
  Simulation sim(21, 0);
  ServiceConfig service;
  service.profile.cpuMs = Exponential(10.0);
  service.keepRecords = false;
  ThreadPerRequest threads(sim.scheduler, sim.random, "threads", freeThreads(1), service);
  const double mu = 100.0, lambda = 80.0;
  PoissonSource source(sim.scheduler, threads, lambda, 400'000, sim.random.stream("test/arrivals"));
  sim.scheduler.run();
  ASSERT_EQ(source.answered(), 400'000u);
  const double response = threads.stats().responseSeconds.mean();
  const double theory = 1.0 / (mu - lambda);
  std::printf("VALIDATION thread-per-request 1 core PS rho=0.8 response=%.5f s (M/M/1-PS %.5f s, %+.2f%%)\n",
              response, theory, 100 * (response / theory - 1));
  EXPECT_NEAR(response, theory, 0.05 * theory);
  EXPECT_EQ(threads.stats().waitSeconds.mean(), 0.0);  // a thread at once: all delay is sharing
}

// n equal CPU jobs started together on c cores all finish at n W / (c e(n)), e(n) the stated
// useful fraction: slice = max(latency c / n, granularity), e = slice / (slice + switch cost).
TEST(ThreadPerRequest, ContextSwitchCostSlowsABatchAsStated) {
  for (const int n : {2, 8, 64, 400}) {
    Simulation sim(1, 0);
    ServiceConfig service;
    service.profile.cpuMs = Constant(20.0);
    ThreadPerRequestConfig cfg;
    cfg.cores = 2;
    cfg.threadStartCpu = Duration::zero();
    cfg.contextSwitchCost = Microseconds(50);
    ThreadPerRequest threads(sim.scheduler, sim.random, "threads", cfg, service);
    for (int i = 0; i < n; ++i) threads.handle(http::ServerRequest{}, [](const http::ServerResponse&) {});
    sim.scheduler.run();
    const double perCore = n / 2.0;
    const double slice = n <= 2 ? 0 : std::max(6.0 / perCore, 0.75);
    const double eff = n <= 2 ? 1.0 : slice / (slice + 0.05);
    const double expectedMs = (n <= 2 ? 20.0 : n * 20.0 / (2 * eff));
    double last = 0;
    for (const ServerRequestRecord& r : threads.records()) last = std::max(last, r.response().milliseconds());
    std::printf(
        "VALIDATION thread-per-request batch n=%d on 2 cores: done at %.4f ms (closed form %.4f ms, "
        "efficiency %.4f)\n",
        n, last, expectedMs, eff);
    EXPECT_NEAR(last, expectedMs, 1e-3 * expectedMs);
    EXPECT_NEAR(threads.efficiency(static_cast<std::size_t>(n)), eff, 1e-12);
  }
}

TEST(ThreadPerRequest, IoWaitsOverlapAndUseNoCpu) {
  // One core, 100 requests of 1 ms CPU + 500 ms I/O at once: CPU phases share the core (all done
  // at 100 ms), then every I/O overlaps: all responses by 600 ms, not 100 x 501 ms.
  Simulation sim(1, 0);
  ServiceConfig service;
  service.profile.cpuMs = Constant(1.0);
  service.profile.ioMs = Constant(500.0);
  ThreadPerRequest threads(sim.scheduler, sim.random, "threads", freeThreads(1), service);
  for (int i = 0; i < 100; ++i) threads.handle(http::ServerRequest{}, [](const http::ServerResponse&) {});
  EXPECT_EQ(threads.busy(), 100u);
  sim.scheduler.run();
  double last = 0;
  for (const ServerRequestRecord& r : threads.records()) last = std::max(last, r.response().milliseconds());
  EXPECT_NEAR(last, 600.0, 1e-3);
}

TEST(ThreadPerRequest, CappedThreadsQueueThenReject) {
  Simulation sim(1, 0);
  ServiceConfig service;
  service.profile.ioMs = Constant(100.0);
  ThreadPerRequestConfig cfg = freeThreads(4);
  cfg.maxThreads = 2;
  cfg.maxQueued = 1;
  ThreadPerRequest threads(sim.scheduler, sim.random, "threads", cfg, service);
  int rejected = 0;
  for (int i = 0; i < 4; ++i) {
    threads.handle(http::ServerRequest{},
                   [&](const http::ServerResponse& r) { rejected += r.status == 503; });
  }
  EXPECT_EQ(rejected, 1);
  sim.scheduler.run();
  ASSERT_EQ(threads.records().size(), 4u);
  EXPECT_EQ(threads.records().back().waitCause, "queued: 2 threads busy");
  EXPECT_NEAR(threads.records().back().response().milliseconds(), 200.0, 1e-6);
}

TEST(ThreadPerRequest, RejectsBadParametersByName) {
  Simulation sim(1, 0);
  ThreadPerRequestConfig cfg;
  cfg.cores = 0;
  EXPECT_THROW(
      {
        try {
          ThreadPerRequest t(sim.scheduler, sim.random, "t", cfg, ServiceConfig{});
        } catch (const std::invalid_argument& e) {
          EXPECT_NE(std::string(e.what()).find("thread_per_request.cores"), std::string::npos) << e.what();
          throw;
        }
      },
      std::invalid_argument);
  cfg = ThreadPerRequestConfig{};
  cfg.maxQueued = 3;  // without a cap
  EXPECT_THROW(cfg.validate(), std::invalid_argument);
}

}  // namespace
}  // namespace wirelab::models::server
