#include "models/showcase/queueing_showcase.h"

#include <gtest/gtest.h>

#include <cmath>
#include <stdexcept>

namespace wirelab::models::showcase {
namespace {

QueueingShowcaseConfig smallConfig() {
  QueueingShowcaseConfig c;
  c.loads = {0.3, 0.7, 0.9};
  c.replications = 4;
  c.duration = sim::Seconds(100);
  c.traceLoad = 0.9;
  return c;
}

TEST(QueueingShowcase, ClosedFormIsPollaczekKhinchine) {
  QueueingShowcaseConfig config;  // 1250 B at 10 Mbit/s: 1 ms of service
  EXPECT_NEAR(md1MeanWaitMs(config, 0.5), 0.5, 1e-12);
  EXPECT_NEAR(md1MeanWaitMs(config, 0.9), 4.5, 1e-12);
  EXPECT_TRUE(std::isinf(md1MeanWaitMs(config, 1.0)));
}

TEST(QueueingShowcase, SimulatedWaitMatchesTheMD1ClosedForm) {
  const QueueingShowcaseResult r = runQueueingShowcase(smallConfig());
  ASSERT_EQ(r.points.size(), 3u);
  // 5% of the closed form, or the replications' 95% CI if that is wider (at rho = 0.9 the waiting
  // time is strongly autocorrelated and 4 x 100 s do not pin it to 5%).
  EXPECT_TRUE(closedFormDisagreements(r).empty()) << closedFormDisagreements(r).front();
  for (const LoadPoint& p : r.points) {
    EXPECT_NEAR(p.meanWaitMs, p.closedFormWaitMs,
                std::max(0.05 * p.closedFormWaitMs, p.meanWaitCiHalfWidthMs));
    EXPECT_GT(p.meanWaitCiHalfWidthMs, 0.0);
    EXPECT_GT(p.p99WaitMs, p.meanWaitMs);
    // Unbounded queue: every packet is delivered.
    EXPECT_EQ(p.packetsDropped, 0);
    EXPECT_EQ(p.packetsSent, p.packetsDelivered);
    // Offered load x duration x replications, within 2% (Poisson counts, sd ~ 0.3%).
    const double expectedPackets = p.load * 1000.0 * 102 * 4;  // 1 ms service, 2 s warm-up + 100 s
    EXPECT_NEAR(static_cast<double>(p.packetsSent), expectedPackets, 0.02 * expectedPackets);
  }
  // The queue trace and the CDF are produced for the traced load.
  EXPECT_GT(r.queueTrace.size(), 1000u);
  ASSERT_FALSE(r.waitCdfMs.empty());
  EXPECT_DOUBLE_EQ(r.waitCdfProb.back(), 1.0);
  EXPECT_DOUBLE_EQ(r.waitCdfMs.front(), 0.0);  // some packets find the link idle
}

TEST(QueueingShowcase, SameSeedGivesIdenticalResults) {
  QueueingShowcaseConfig c = smallConfig();
  c.duration = sim::Seconds(10);
  const auto a = runQueueingShowcase(c);
  const auto b = runQueueingShowcase(c);
  ASSERT_EQ(a.points.size(), b.points.size());
  for (std::size_t i = 0; i < a.points.size(); ++i) {
    EXPECT_EQ(a.points[i].meanWaitMs, b.points[i].meanWaitMs);
    EXPECT_EQ(a.points[i].events, b.points[i].events);
  }
  c.seed = 2;
  EXPECT_NE(runQueueingShowcase(c).points[0].meanWaitMs, a.points[0].meanWaitMs);
}

TEST(QueueingShowcase, ExpectationFailsWhenTheResultDisagreesWithTheClosedForm) {
  QueueingShowcaseResult r;
  LoadPoint good;
  good.load = 0.5;
  good.closedFormWaitMs = 0.5;
  good.meanWaitMs = 0.52;  // 4% off
  good.meanWaitCiHalfWidthMs = 0.01;
  LoadPoint bad = good;
  bad.load = 0.6;
  bad.meanWaitMs = 0.55;  // 10% off, outside a 0.02 ms CI
  bad.meanWaitCiHalfWidthMs = 0.02;
  LoadPoint noisy = bad;
  noisy.load = 0.9;
  noisy.meanWaitCiHalfWidthMs = 0.06;  // the CI is wider than the 10% miss: not a failure
  r.points = {good, bad, noisy};
  const auto failures = closedFormDisagreements(r);
  ASSERT_EQ(failures.size(), 1u);
  EXPECT_NE(failures[0].find("load 0.6"), std::string::npos) << failures[0];
}

TEST(QueueingShowcase, RejectsConfigurationsItCannotRun) {
  QueueingShowcaseConfig c = smallConfig();
  c.loads = {1.2};
  EXPECT_THROW(runQueueingShowcase(c), std::invalid_argument);
  c = smallConfig();
  c.replications = 1;
  EXPECT_THROW(runQueueingShowcase(c), std::invalid_argument);
}

}  // namespace
}  // namespace wirelab::models::showcase
