// Backend event sources: ids, creation times and payloads from each kind of source.
#include "models/patterns/backend_events.h"

#include <gtest/gtest.h>

#include <cmath>
#include <cstdio>

#include "sim/net/network.h"

namespace wirelab::models::patterns {
namespace {

using namespace wirelab::sim;

TEST(BackendEvents, PeriodicEventsHaveMonotonicIdsAtPhasePlusKIntervals) {
  Simulation sim(1, 0);
  EventLog log;
  EventSourceConfig c;
  c.kind = EventSourceConfig::Kind::Periodic;
  c.interval = Milliseconds(250);
  c.phase = Milliseconds(100);
  c.stop = Seconds(3);
  EventSource src(sim.scheduler, sim.random, c, log);
  src.start();
  sim.scheduler.run();
  ASSERT_EQ(log.size(), 12u);  // 0.1, 0.35, ..., 2.85
  for (std::uint64_t id = 1; id <= log.size(); ++id) {
    EXPECT_EQ(log.event(id).id, id);
    EXPECT_EQ(log.event(id).createdAt,
              SimTime::zero() + Milliseconds(100) + Milliseconds(250) * static_cast<std::int64_t>(id - 1));
    EXPECT_EQ(log.event(id).payloadBytes, 80u);
  }
  EXPECT_EQ(log.countAfter(10), 2u);
  EXPECT_EQ(log.countAfter(12), 0u);
  EXPECT_EQ(log.payloadBytes(10, 12), 160u);
}

TEST(BackendEvents, ATraceIsReplayedExactly) {
  Simulation sim(1, 0);
  EventLog log;
  EventSourceConfig c;
  c.kind = EventSourceConfig::Kind::Trace;
  c.traceTimes = {Milliseconds(5), Milliseconds(5), Seconds(2), Milliseconds(2500)};
  c.payloadBytes = Uniform(100, 200);
  EventSource src(sim.scheduler, sim.random, c, log);
  src.start();
  sim.scheduler.run();
  ASSERT_EQ(log.size(), 4u);
  for (std::size_t i = 0; i < 4; ++i) {
    EXPECT_EQ(log.event(i + 1).createdAt, SimTime::zero() + c.traceTimes[i]);
    EXPECT_GE(log.event(i + 1).payloadBytes, 100u);
    EXPECT_LE(log.event(i + 1).payloadBytes, 200u);
  }
}

TEST(BackendEvents, PoissonCountsAndGapsMatchTheRate) {
  Simulation sim(7, 0);
  EventLog log;
  EventSourceConfig c;
  c.ratePerSecond = 20;
  c.stop = Seconds(500);
  EventSource src(sim.scheduler, sim.random, c, log);
  src.start();
  sim.scheduler.run();
  // Expected 10,000 events, standard deviation 100: 4 sigma.
  const double n = static_cast<double>(log.size());
  std::printf("VALIDATION poisson source: %.0f events in 500 s at 20/s, expected 10000 +- 400 (4 sigma)\n",
              n);
  EXPECT_NEAR(n, 10'000, 400);
  // Exponential gaps: the coefficient of variation is 1 (within 3%).
  double sum = 0, sum2 = 0;
  for (std::uint64_t id = 2; id <= log.size(); ++id) {
    const double g = (log.event(id).createdAt - log.event(id - 1).createdAt).seconds();
    sum += g;
    sum2 += g * g;
  }
  const double m = sum / (n - 1), var = sum2 / (n - 1) - m * m;
  EXPECT_NEAR(std::sqrt(var) / m, 1.0, 0.03);
}

}  // namespace
}  // namespace wirelab::models::patterns
