// Reconnects: SSE with Last-Event-ID loses no event; without it the client misses exactly the
// events created during the gap; random disconnects are survived by every pattern that resumes
// from its last id.
#include <gtest/gtest.h>

#include <cstdio>
#include <string>

#include "models/patterns/pattern_experiment.h"

namespace wirelab::models::patterns {
namespace {

using namespace wirelab::sim;

PatternExperimentConfig everySecond(Pattern pattern) {
  PatternExperimentConfig c;
  c.client.pattern = pattern;
  c.oneWayDelay = Milliseconds(20);
  c.events.kind = EventSourceConfig::Kind::Periodic;
  c.events.interval = Seconds(1);
  c.events.phase = Seconds(1);
  c.events.stop = Milliseconds(30'500);  // events 1..30 at 1, 2, ..., 30 s
  c.stopAt = Seconds(35);
  return c;
}

struct GapRun {
  PatternResult result;
  std::uint64_t expectedMissed = 0;
  std::vector<CauseRecord> records;
};

GapRun sseWithDisconnectAt(bool lastEventId, double serverProcessingMs = 0) {
  PatternExperimentConfig c = everySecond(Pattern::ServerSentEvents);
  c.client.sse.sendLastEventId = lastEventId;
  c.server.processingMs = Constant(serverProcessingMs);
  PatternExperiment e(c);
  const SimTime dropAt = SimTime::zero() + Milliseconds(10'500);
  e.simulation().scheduler.scheduleAt(dropAt, [&e] { e.client(0).dropConnection("test disconnect"); });
  e.run();
  GapRun g;
  g.result = e.result();
  g.records = e.metrics().records();
  // The server reads the stream's start when the new request arrives: retry delay (3 s) after the
  // drop the client connects; SYN, SYN-ACK, then the request with the handshake's ACK: 3 one-way
  // delays. Without Last-Event-ID everything created after the last event seen (10) up to then is
  // never sent.
  const SimTime resumeAt = dropAt + Seconds(3) + Milliseconds(60);
  for (const BackendEvent& ev : e.log().events()) {
    if (ev.id > 10 && ev.createdAt <= resumeAt) ++g.expectedMissed;
  }
  return g;
}

TEST(Reconnect, SseWithLastEventIdLosesNoEvent) {
  const GapRun g = sseWithDisconnectAt(true);
  std::printf(
      "VALIDATION SSE reconnect with Last-Event-ID: %llu of %llu events delivered, %llu missed (expected "
      "all, 0)\n",
      static_cast<unsigned long long>(g.result.counters.eventsDelivered),
      static_cast<unsigned long long>(g.result.eventsCreated),
      static_cast<unsigned long long>(g.result.counters.missed));
  EXPECT_EQ(g.result.eventsCreated, 30u);
  EXPECT_EQ(g.result.counters.eventsDelivered, 30u);
  EXPECT_EQ(g.result.counters.missed, 0u);
  EXPECT_EQ(g.result.counters.duplicates, 0u);
  EXPECT_EQ(g.result.counters.requestsSent, 2u);
  bool sawRecord = false;
  for (const CauseRecord& r : g.records) sawRecord |= r.cause == "SSE reconnect with Last-Event-ID 10";
  EXPECT_TRUE(sawRecord);
}

TEST(Reconnect, SseWithoutLastEventIdMissesExactlyTheGapsEvents) {
  const GapRun g = sseWithDisconnectAt(false);
  std::printf(
      "VALIDATION SSE reconnect without Last-Event-ID: %llu missed vs %llu created during the gap (exact)\n",
      static_cast<unsigned long long>(g.result.counters.missed),
      static_cast<unsigned long long>(g.expectedMissed));
  EXPECT_EQ(g.expectedMissed, 3u);  // events 11, 12, 13 (created at 11, 12, 13 s; resume at 13.56 s)
  EXPECT_EQ(g.result.counters.missed, g.expectedMissed);
  EXPECT_EQ(g.result.counters.eventsDelivered, 30u - g.expectedMissed);
  bool sawRecord = false;
  for (const CauseRecord& r : g.records) sawRecord |= r.cause == "missed events 11..13";
  EXPECT_TRUE(sawRecord);
}

// With server processing time the request waits in an event of its own before it is served (the
// server keeps the request's kind and Last-Event-ID flag packed beside the connection id): both
// still reach serve(). The server reads the stream's start on arrival, so the gap is the same.
TEST(Reconnect, SseReconnectIsServedTheSameAfterServerProcessingTime) {
  const GapRun with = sseWithDisconnectAt(true, 5.0);
  EXPECT_EQ(with.result.counters.eventsDelivered, 30u);
  EXPECT_EQ(with.result.counters.missed, 0u);
  EXPECT_EQ(with.result.counters.duplicates, 0u);
  EXPECT_EQ(with.result.counters.requestsSent, 2u);
  const GapRun without = sseWithDisconnectAt(false, 5.0);
  EXPECT_EQ(without.expectedMissed, 3u);
  EXPECT_EQ(without.result.counters.missed, 3u);
  EXPECT_EQ(without.result.counters.eventsDelivered, 27u);
}

TEST(Reconnect, RandomDisconnectsLoseNothingForPatternsThatResumeFromTheirLastId) {
  for (Pattern p : {Pattern::ShortPolling, Pattern::LongPolling, Pattern::ServerSentEvents, Pattern::Push}) {
    PatternExperimentConfig c = everySecond(p);
    c.client.disconnect.meanInterval = Seconds(4);
    c.client.shortPolling.interval = Milliseconds(500);
    c.clients = 4;
    c.stopAt = Seconds(45);  // room for a last reconnect after event 30
    PatternExperiment e(c);
    e.run();
    const PatternResult r = e.result();
    std::printf(
        "VALIDATION %s with random disconnects (mean 4 s): %llu disconnects, %llu/%llu deliveries, "
        "%llu missed, %llu duplicates\n",
        toString(p), static_cast<unsigned long long>(r.counters.disconnects),
        static_cast<unsigned long long>(r.counters.eventsDelivered),
        static_cast<unsigned long long>(4 * r.eventsCreated),
        static_cast<unsigned long long>(r.counters.missed),
        static_cast<unsigned long long>(r.counters.duplicates));
    EXPECT_GT(r.counters.disconnects, 10u) << toString(p);
    EXPECT_EQ(r.counters.reconnects, r.counters.disconnects) << toString(p);
    EXPECT_EQ(r.counters.eventsDelivered, 4 * r.eventsCreated) << toString(p);
    EXPECT_EQ(r.counters.missed, 0u) << toString(p);
  }
}

}  // namespace
}  // namespace wirelab::models::patterns
