// The patterns against closed forms: short polling's mean latency P/2 + one-way delays +
// processing; long polling, SSE and push about one one-way delay per sparse event; requests per
// event counted exactly.
#include <gtest/gtest.h>

#include <cmath>
#include <cstdio>

#include "models/patterns/pattern_experiment.h"

namespace wirelab::models::patterns {
namespace {

using namespace wirelab::sim;

PatternExperimentConfig base(Pattern pattern) {
  PatternExperimentConfig c;
  c.client.pattern = pattern;
  c.oneWayDelay = Milliseconds(20);
  return c;
}

PatternExperimentConfig sparsePeriodic(Pattern pattern, int events) {
  PatternExperimentConfig c = base(pattern);
  c.events.kind = EventSourceConfig::Kind::Periodic;
  c.events.interval = Seconds(5);
  c.events.phase = Seconds(5);
  c.events.stop = Seconds(5) * events + Milliseconds(1);
  c.stopAt = Seconds(5) * events + Seconds(1);
  return c;
}

TEST(PatternValidation, ShortPollingMeanLatencyIsHalfTheIntervalPlusDelaysAndProcessing) {
  PatternExperimentConfig c = base(Pattern::ShortPolling);
  c.client.shortPolling.interval = Seconds(1);
  c.server.processingMs = Constant(5.0);
  c.events.ratePerSecond = 5;
  c.events.stop = Seconds(1000);
  c.stopAt = Milliseconds(1'000'500);  // ticks at 0, 1, ..., 1000 s
  PatternExperiment e(c);
  e.run();
  const PatternResult r = e.result();
  // Closed form: an event waits for the next poll to reach the server, P/2 on average for Poisson
  // events, then the server's 5 ms and the response's one-way 20 ms (serialisation at 1 Gbit/s:
  // microseconds). The request's own one-way delay only shifts which poll picks an event up.
  const double expected = 0.5 + 0.005 + 0.020;
  std::printf(
      "VALIDATION short polling mean latency: %.4f s vs closed form P/2 + processing + one-way = %.4f s "
      "(tolerance 5%%), %llu events\n",
      r.latency.mean, expected, static_cast<unsigned long long>(r.latency.count));
  EXPECT_NEAR(r.latency.mean, expected, 0.05 * expected);
  EXPECT_EQ(r.latency.count, r.eventsCreated);
  // Requests: one per tick, floor(duration / P) + 1, whatever the events.
  std::printf("VALIDATION short polling requests: %llu vs floor(1000.5 / 1) + 1 = 1001 (exact)\n",
              static_cast<unsigned long long>(r.counters.requestsSent));
  EXPECT_EQ(r.counters.requestsSent, 1001u);
  EXPECT_EQ(r.counters.serverRequestsHandled, 1001u);
  EXPECT_EQ(r.counters.responses, 1001u);
  EXPECT_GT(r.counters.emptyResponses, 0u);
  EXPECT_EQ(r.counters.duplicates + r.counters.missed, 0u);
}

TEST(PatternValidation, LongPollingDeliversSparseEventsInOneOneWayDelayWithOneRequestEach) {
  PatternExperimentConfig c = sparsePeriodic(Pattern::LongPolling, 20);
  PatternExperiment e(c);
  e.run();
  const PatternResult r = e.result();
  std::printf(
      "VALIDATION long polling latency (sparse events): mean %.5f s, max %.5f s vs one-way 0.020 s "
      "(tolerance +1 ms)\n",
      r.latency.mean, r.latency.max);
  EXPECT_EQ(r.latency.count, 20u);
  EXPECT_GE(r.latency.min, 0.020);
  EXPECT_LE(r.latency.max, 0.021);
  // One request per event, plus the one outstanding at the end; no timeouts (gaps 5 s < 20 s).
  std::printf("VALIDATION long polling requests: %llu vs events + 1 = 21 (exact)\n",
              static_cast<unsigned long long>(r.counters.requestsSent));
  EXPECT_EQ(r.counters.requestsSent, 21u);
  EXPECT_EQ(r.counters.longPollTimeouts, 0u);
}

TEST(PatternValidation, LongPollingTimeoutsAddExactlyTheirRequests) {
  PatternExperimentConfig c = sparsePeriodic(Pattern::LongPolling, 10);
  c.server.longPolling.holdTimeout = Seconds(2);
  PatternExperiment e(c);
  e.run();
  const PatternResult r = e.result();
  // A request reaches the server 2 one-way delays after the previous answer left; with a 2 s hold
  // two timeouts fit in every 5 s gap (at +2.04 s and +4.08 s), none after the last event (1 s).
  std::printf(
      "VALIDATION long polling with 2 s hold: %llu timeouts, %llu requests vs 2 x 10 = 20 and "
      "10 + 20 + 1 = 31 (exact)\n",
      static_cast<unsigned long long>(r.counters.longPollTimeouts),
      static_cast<unsigned long long>(r.counters.requestsSent));
  EXPECT_EQ(r.counters.longPollTimeouts, 20u);
  EXPECT_EQ(r.counters.requestsSent, 31u);
  std::size_t timeoutRecords = 0;
  for (const CauseRecord& rec : e.metrics().records()) {
    if (rec.kind == RecordKind::LongPollTimedOut) {
      ++timeoutRecords;
      EXPECT_EQ(rec.cause, "long poll timed out");
    }
  }
  EXPECT_EQ(timeoutRecords, 20u);
}

TEST(PatternValidation, SseAndPushDeliverSparseEventsInOneOneWayDelayOnOneRequest) {
  for (Pattern p : {Pattern::ServerSentEvents, Pattern::Push}) {
    PatternExperimentConfig c = sparsePeriodic(p, 20);
    c.client.push.ackEachEvent = true;
    c.client.push.pingInterval = Seconds(3);
    PatternExperiment e(c);
    e.run();
    const PatternResult r = e.result();
    std::printf(
        "VALIDATION %s latency (sparse events): mean %.5f s, max %.5f s vs one-way 0.020 s (tolerance +1 "
        "ms); "
        "requests %llu vs 1\n",
        toString(p), r.latency.mean, r.latency.max, static_cast<unsigned long long>(r.counters.requestsSent));
    EXPECT_EQ(r.latency.count, 20u);
    EXPECT_GE(r.latency.min, 0.020);
    EXPECT_LE(r.latency.max, 0.021);
    EXPECT_EQ(r.counters.requestsSent, 1u);
    EXPECT_EQ(r.counters.serverRequestsHandled, 1u);
    if (p == Pattern::Push) {
      // 20 acks + one ping every 3 s for 101 s after the handshake.
      EXPECT_EQ(r.counters.clientFrames, 20u + 33u);
    }
  }
}

TEST(PatternValidation, ManyClientsEachGetEveryEventOnTheirOwnConnection) {
  PatternExperimentConfig c = sparsePeriodic(Pattern::LongPolling, 5);
  c.clients = 300;
  c.clientHosts = 2;
  c.clientStartSpacing = Microseconds(100);
  PatternExperiment e(c);
  e.run();
  const PatternResult r = e.result();
  EXPECT_EQ(r.counters.eventsDelivered, 300u * 5u);
  EXPECT_EQ(r.counters.requestsSent, 300u * 6u);
  EXPECT_EQ(r.peakOpenConnections, 300);
  EXPECT_EQ(r.counters.connectionsOpened, 300u);
  EXPECT_GT(r.wireBytesClientToServer, 300u * 6u * 100u);
}

TEST(PatternValidation, SameSeedSameResults) {
  auto once = [] {
    PatternExperimentConfig c = base(Pattern::ShortPolling);
    c.lossRate = 0.02;
    c.clients = 5;
    c.client.shortPolling.interval = Milliseconds(700);
    c.client.disconnect.meanInterval = Seconds(10);
    c.events.ratePerSecond = 2;
    c.stopAt = Seconds(60);
    PatternExperiment e(c);
    e.run();
    std::vector<double> v;
    for (const Delivery& d : e.metrics().deliveries()) v.push_back(d.latencySeconds());
    return std::make_pair(v, e.result().wireBytesServerToClient);
  };
  const auto a = once(), b = once();
  EXPECT_FALSE(a.first.empty());
  EXPECT_EQ(a, b);
}

}  // namespace
}  // namespace wirelab::models::patterns
