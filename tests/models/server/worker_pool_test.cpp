// The worker pool against queueing theory: Poisson arrivals and exponential service make it
// M/M/c (Erlang C), M/M/1 with one worker, and M/M/c/c (Erlang B) with no waiting room.
#include "models/server/worker_pool.h"

#include <gtest/gtest.h>

#include <cmath>
#include <cstdio>

#include "sim/metrics/time_series.h"
#include "tests/models/server/queue_theory.h"

namespace wirelab::models::server {
namespace {

using namespace wirelab::sim;
using testing::PoissonSource;

constexpr double kServiceMs = 10.0;  // mean service time 1/mu
constexpr std::uint64_t kRequests = 1'000'000;

struct Measured {
  double wait, response;
  std::uint64_t handled, rejected;
};

Measured runPool(int workers, double rho, std::optional<std::size_t> maxQueued = std::nullopt,
                 std::uint64_t requests = kRequests) {
  Simulation sim(7, 0);
  ServiceConfig service;
  service.profile.cpuMs = Exponential(kServiceMs);
  service.keepRecords = false;
  WorkerPool pool(sim.scheduler, sim.random, "pool", WorkerPoolConfig{workers, maxQueued}, service);
  const double mu = 1000.0 / kServiceMs;
  PoissonSource source(sim.scheduler, pool, rho * workers * mu, requests, sim.random.stream("test/arrivals"));
  sim.scheduler.run();
  EXPECT_EQ(source.answered(), requests);
  EXPECT_EQ(pool.busy(), 0u);
  EXPECT_EQ(pool.queueLength(), 0u);
  const ConcurrencyStats& s = pool.stats();
  return {s.waitSeconds.mean(), s.responseSeconds.mean(), s.handled, s.rejected};
}

// Mean waiting time and mean response time of M/M/c within 5% (1M requests, seeded).
TEST(WorkerPool, MatchesErlangCAtHalfAndEightyPercentLoad) {
  for (const int c : {1, 8}) {
    for (const double rho : {0.5, 0.8}) {
      const Measured m = runPool(c, rho);
      const double mu = 1000.0 / kServiceMs;
      const testing::MmcMeans theory = testing::mmc(c, rho * c * mu, mu);
      std::printf(
          "VALIDATION worker-pool M/M/%d rho=%.1f wait=%.4g s (Erlang C %.4g s, %+.2f%%) response=%.5f s "
          "(%.5f s, %+.2f%%)\n",
          c, rho, m.wait, theory.wait, 100 * (m.wait / theory.wait - 1), m.response, theory.response,
          100 * (m.response / theory.response - 1));
      EXPECT_NEAR(m.wait, theory.wait, 0.05 * theory.wait) << "c=" << c << " rho=" << rho;
      EXPECT_NEAR(m.response, theory.response, 0.05 * theory.response) << "c=" << c << " rho=" << rho;
      EXPECT_EQ(m.rejected, 0u);
    }
  }
}

// With no waiting room (maxQueued = 0) the pool is M/M/c/c: the fraction rejected is Erlang B.
TEST(WorkerPool, WithoutWaitingRoomRejectsTheErlangBFraction) {
  const int c = 8;
  const double rho = 0.8;
  const Measured m = runPool(c, rho, std::size_t{0}, 200'000);
  const double blocked = static_cast<double>(m.rejected) / static_cast<double>(m.handled + m.rejected);
  const double theory = testing::erlangB(c, rho * c);
  std::printf("VALIDATION worker-pool M/M/8/8 rho=0.8 rejected=%.4f Erlang B=%.4f\n", blocked, theory);
  EXPECT_NEAR(blocked, theory, 0.05 * theory);
  EXPECT_NEAR(m.wait, 0.0, 1e-12);  // nobody waits: served at once or turned away
}

TEST(WorkerPool, QueuedRequestsCarryTheCauseAndTheSignalsTrackOccupancy) {
  Simulation sim(1, 0);
  ServiceConfig service;
  service.profile.cpuMs = Constant(100.0);
  WorkerPool pool(sim.scheduler, sim.random, "pool", WorkerPoolConfig{2, std::size_t{1}}, service);
  TimeSeries queue, busy;
  pool.queueLengthChanged.connect([&](SimTime t, std::size_t n) { queue.append(t, static_cast<double>(n)); });
  pool.busyChanged.connect([&](SimTime t, std::size_t n) { busy.append(t, static_cast<double>(n)); });
  std::vector<http::ServerResponse> answers;
  for (int i = 0; i < 4; ++i) {  // 2 served, 1 queued, 1 rejected
    http::ServerRequest r;
    r.id = static_cast<std::uint64_t>(i);
    r.message = http::MessageDescriptor{400, 2000};
    pool.handle(r, [&](const http::ServerResponse& a) { answers.push_back(a); });
  }
  ASSERT_EQ(answers.size(), 1u);  // the rejection is immediate
  EXPECT_EQ(answers[0].status, 503);
  EXPECT_EQ(answers[0].bytes, 150u);
  sim.scheduler.run();
  ASSERT_EQ(answers.size(), 4u);
  const auto& recs = pool.records();
  ASSERT_EQ(recs.size(), 4u);
  EXPECT_EQ(recs[0].waitCause, "rejected: queue full (1 queued, 2 workers busy)");
  EXPECT_EQ(recs[1].id, 0u);
  EXPECT_TRUE(recs[1].waitCause.empty());
  EXPECT_EQ(recs[3].id, 2u);
  EXPECT_EQ(recs[3].waitCause, "queued: 2 workers busy");
  EXPECT_NEAR(recs[3].wait().milliseconds(), 100.0, 1e-6);
  EXPECT_NEAR(recs[3].response().milliseconds(), 200.0, 1e-6);
  EXPECT_EQ(pool.stats().handled, 3u);
  EXPECT_EQ(pool.stats().rejected, 1u);
  EXPECT_EQ(queue.valueAt(SimTime::zero() + Milliseconds(50)), 1.0);
  EXPECT_EQ(queue.valueAt(SimTime::zero() + Milliseconds(150)), 0.0);
  EXPECT_EQ(busy.valueAt(SimTime::zero() + Milliseconds(150)), 1.0);
  EXPECT_EQ(busy.valueAt(SimTime::zero() + Milliseconds(250)), 0.0);
}

TEST(WorkerPool, IoWaitHoldsTheWorker) {
  // Blocking I/O: 10 ms CPU + 90 ms I/O per request, one worker: the second request waits 100 ms.
  Simulation sim(1, 0);
  ServiceConfig service;
  service.profile.cpuMs = Constant(10.0);
  service.profile.ioMs = Constant(90.0);
  WorkerPool pool(sim.scheduler, sim.random, "pool", WorkerPoolConfig{1, std::nullopt}, service);
  for (int i = 0; i < 2; ++i) pool.handle(http::ServerRequest{}, [](const http::ServerResponse&) {});
  sim.scheduler.run();
  ASSERT_EQ(pool.records().size(), 2u);
  EXPECT_NEAR(pool.records()[1].response().milliseconds(), 200.0, 1e-6);
}

TEST(WorkerPool, RejectsBadParametersByName) {
  Simulation sim(1, 0);
  try {
    WorkerPool pool(sim.scheduler, sim.random, "pool", WorkerPoolConfig{0, std::nullopt}, ServiceConfig{});
    FAIL() << "accepted 0 workers";
  } catch (const std::invalid_argument& e) {
    EXPECT_NE(std::string(e.what()).find("worker_pool.workers"), std::string::npos) << e.what();
  }
  ServiceConfig bad;
  bad.profile.cpuMs = Normal(-5.0, 1.0);
  try {
    WorkerPool pool(sim.scheduler, sim.random, "pool", WorkerPoolConfig{}, bad);
    FAIL() << "accepted a negative mean";
  } catch (const std::invalid_argument& e) {
    EXPECT_NE(std::string(e.what()).find("server.pool.service.profile.cpuMs"), std::string::npos) << e.what();
  }
}

}  // namespace
}  // namespace wirelab::models::server
