// The patterns against the real runs of realnet-dev (Python event server and clients, Linux TCP,
// RTT 80 ms): notification latency (median, mean, p90) within 10% and requests exactly at loss 0;
// at 1% loss, with the relay's own server-to-client drops replayed, latency (median, mean, p90) and
// the one event the drops delayed (the largest latency) within 10%.
// Prints the markdown table of bench/compare_realnet_events.sh (lines starting "| ").
#include "tests/models/patterns/realnet_events.h"

#include <gtest/gtest.h>

#include <cstdio>

namespace wirelab::models::patterns {
namespace {

using namespace testing;

TEST(RealnetEvents, LatencyWithinTenPercentAndRequestsExact) {
  const std::vector<RealRun> runs = loadRealRuns(WIRELAB_PATTERNS_REALNET_CSV);
  ASSERT_EQ(runs.size(), 6u);
  std::printf("%s", markdownHeader().c_str());
  for (const RealRun& real : runs) {
    const Comparison c = compare(real, runs);
    std::printf("%s", markdownRow(c).c_str());
    EXPECT_EQ(c.sim.eventsCreated, real.eventsCreated);
    if (real.loss != 0) {
      // 1% loss, the relay's own server-to-client drops replayed: the long-polling connection lost
      // the segment carrying one event, which waits for the probe timeout in both (real 0.48 s,
      // docs/patterns.md); the other events and patterns are untouched.
      std::printf(
          "VALIDATION realnet %s loss 1%% (drops replayed): latency median %.4f vs %.4f, mean %.4f vs %.4f, "
          "max %.4f vs %.4f\n",
          real.pattern.c_str(), c.simLatency.median, c.realLatency.median, c.simLatency.mean,
          c.realLatency.mean, c.simLatency.max, c.realLatency.max);
      EXPECT_NEAR(c.simLatency.median, c.realLatency.median, 0.10 * c.realLatency.median) << real.pattern;
      EXPECT_NEAR(c.simLatency.p90, c.realLatency.p90, 0.10 * c.realLatency.p90) << real.pattern;
      EXPECT_NEAR(c.simLatency.mean, c.realLatency.mean, 0.10 * c.realLatency.mean) << real.pattern;
      EXPECT_NEAR(c.simLatency.max, c.realLatency.max, 0.10 * c.realLatency.max) << real.pattern;
      continue;
    }
    std::printf(
        "VALIDATION realnet %s loss 0: latency median %.4f vs %.4f, mean %.4f vs %.4f, p90 %.4f vs %.4f "
        "(tolerance 10%%); requests %llu vs %llu (exact)\n",
        real.pattern.c_str(), c.simLatency.median, c.realLatency.median, c.simLatency.mean,
        c.realLatency.mean, c.simLatency.p90, c.realLatency.p90,
        static_cast<unsigned long long>(c.sim.counters.requestsSent),
        static_cast<unsigned long long>(real.requests));
    EXPECT_EQ(c.simLatency.count, real.latencyS.size()) << real.pattern;
    EXPECT_NEAR(c.simLatency.median, c.realLatency.median, 0.10 * c.realLatency.median) << real.pattern;
    EXPECT_NEAR(c.simLatency.mean, c.realLatency.mean, 0.10 * c.realLatency.mean) << real.pattern;
    EXPECT_NEAR(c.simLatency.p90, c.realLatency.p90, 0.10 * c.realLatency.p90) << real.pattern;
    EXPECT_EQ(c.sim.counters.requestsSent, real.requests) << real.pattern;
  }
}

}  // namespace
}  // namespace wirelab::models::patterns
