// Delivery guarantees (MQTT 3.1.1 section 4.3): at least once delivers everything despite loss and
// broken connections; at most once loses exactly what the bookkeeping says; a persistent session's
// subscriber catches up after being offline; a full queue drops and counts.
#include <gtest/gtest.h>

#include <cstdio>
#include <vector>

#include "tests/models/pubsub/pubsub_test_config.h"

namespace wirelab::models::pubsub {
namespace {

using testing::scenario;
using testing::withLoss;

std::uint64_t totalPublished(PubSubScenario& s) {
  std::uint64_t n = 0;
  for (std::size_t i = 0; i < s.publisherCount(); ++i) n += s.publisher(i).stats().published;
  return n;
}

std::size_t countRecords(const PubSubLog& log, const char* cause) {
  std::size_t n = 0;
  for (const PubSubRecord& r : log.records()) n += r.cause == cause ? 1 : 0;
  return n;
}

// 5% random loss in both directions of every link, and every publisher's and subscriber's
// connection broken every 3 s on average: every subscriber still gets every message.
TEST(PubSubDelivery, AtLeastOnceDeliversEverythingDespiteLossAndBreaks) {
  auto c = scenario(2, 6, Qos::AtLeastOnce, 10.0, 11.0);
  withLoss(c, 0.05);
  c.pubsub.publishers[0].meanTimeBetweenBreaks = 3.0;
  c.pubsub.subscribers[0].meanTimeBetweenBreaks = 3.0;
  c.pubsub.delivery.reconnectDelay = sim::Milliseconds(500);
  PubSubScenario s(c);
  s.run();
  const std::uint64_t published = totalPublished(s);
  ASSERT_GT(published, 150u);
  std::uint64_t missing = 0, duplicates = 0, breaks = 0, dupFlagged = 0;
  for (std::size_t i = 0; i < s.subscriberCount(); ++i) {
    const SubscriberStats& st = s.subscriber(i).stats();
    missing += published - st.distinct;
    duplicates += st.duplicates;
    dupFlagged += st.dupFlagged;
    breaks += s.subscriber(i).connectionsLost();
    EXPECT_EQ(st.distinct, published) << "subscriber " << i;
    EXPECT_EQ(st.received, st.distinct + st.duplicates);
    EXPECT_EQ(s.broker().subscriber(static_cast<std::uint32_t>(i)).lost(), 0u);
  }
  for (std::size_t i = 0; i < s.publisherCount(); ++i) breaks += s.publisher(i).connectionsLost();
  EXPECT_GT(breaks, 10u);  // the breaks really happened
  EXPECT_GT(countRecords(s.log(), cause::kRedeliveredAfterReconnect), 0u);
  std::printf(
      "VALIDATION pubsub at-least-once, 5%% loss each way on every link, %llu connection breaks: missing "
      "%llu "
      "of %llu x %zu (expected 0); duplicates %llu (%llu with DUP set), counted exactly\n",
      static_cast<unsigned long long>(breaks), static_cast<unsigned long long>(missing),
      static_cast<unsigned long long>(published), s.subscriberCount(),
      static_cast<unsigned long long>(duplicates), static_cast<unsigned long long>(dupFlagged));
  EXPECT_EQ(missing, 0u);
}

// A group's break process runs from activeFrom to activeUntil: no connection breaks before it
// starts, some while it runs, none after it ends; the same group started at zero breaks earlier.
TEST(PubSubDelivery, ConnectionBreaksBeginAtActiveFromAndEndAtActiveUntil) {
  const auto breaksBetween = [](sim::Duration activeFrom) {
    auto c = scenario(1, 4, Qos::AtLeastOnce, 10.0, 12.0);
    auto& group = c.pubsub.subscribers[0];
    group.meanTimeBetweenBreaks = 0.5;
    group.activeFrom = activeFrom;
    group.activeUntil = sim::Seconds(8);
    c.pubsub.delivery.reconnectDelay = sim::Milliseconds(100);
    PubSubScenario s(c);
    s.start();
    const auto lost = [&s] {
      std::uint64_t n = 0;
      for (std::size_t i = 0; i < s.subscriberCount(); ++i) n += s.subscriber(i).connectionsLost();
      return n;
    };
    auto& sched = s.simulation().scheduler;
    std::vector<std::uint64_t> at;  // breaks so far at 4 s and at 8 s
    sched.scheduleAt(sim::SimTime::zero() + sim::Seconds(4), [&] { at.push_back(lost()); });
    sched.scheduleAt(sim::SimTime::zero() + sim::Seconds(8), [&] { at.push_back(lost()); });
    sched.run();
    at.push_back(lost());
    std::uint64_t distinct = 0;
    for (std::size_t i = 0; i < s.subscriberCount(); ++i) distinct += s.subscriber(i).stats().distinct;
    EXPECT_EQ(distinct, totalPublished(s) * s.subscriberCount());  // at least once, breaks or not
    return at;
  };
  const std::vector<std::uint64_t> late = breaksBetween(sim::Seconds(4));
  ASSERT_EQ(late.size(), 3u);
  EXPECT_EQ(late[0], 0u);       // before activeFrom
  EXPECT_GE(late[1], 8u);       // 4 subscribers, one break per 0.5 s each on average, for 4 s
  EXPECT_EQ(late[2], late[1]);  // none after activeUntil
  const std::vector<std::uint64_t> early = breaksBetween(sim::Duration::zero());
  ASSERT_EQ(early.size(), 3u);
  EXPECT_GT(early[0], 0u);  // the same process from zero breaks before 4 s
  std::printf(
      "pubsub breaks from activeFrom 4 s to activeUntil 8 s: %llu by 4 s, %llu by 8 s, %llu at the end; "
      "from zero: %llu by 4 s\n",
      static_cast<unsigned long long>(late[0]), static_cast<unsigned long long>(late[1]),
      static_cast<unsigned long long>(late[2]), static_cast<unsigned long long>(early[0]));
}

// A fan-out to as many subscribers as Broker::kFanoutPrefetchFrom or more takes the broker's
// prefetching path (a software pipeline over the subscribers): every subscriber still gets every
// message, exactly once. Links and queues as the pubsub_fanout benchmark's, so that thousands of
// clients connect at once without losing their handshakes.
TEST(PubSubDelivery, APrefetchingFanOutDeliversEveryMessageToEverySubscriber) {
  auto c =
      scenario(1, static_cast<std::uint32_t>(Broker::kFanoutPrefetchFrom + 100), Qos::AtMostOnce, 2.0, 4.0);
  c.keepRecords = false;
  for (sim::LinkConfig* l : {&c.topology.brokerLink, &c.topology.clientLink}) {
    l->rate = sim::Gbps(10);
    l->delay = sim::Milliseconds(1);
    l->queue.maxPackets = 1'000'000;
    l->queue.maxBytes = 4'000'000'000LL;
  }
  PubSubScenario s(c);
  s.run();
  const std::uint64_t published = totalPublished(s);
  ASSERT_GE(published, 4u);
  for (std::size_t i = 0; i < s.subscriberCount(); ++i) {
    const SubscriberStats& st = s.subscriber(i).stats();
    EXPECT_EQ(st.distinct, published) << "subscriber " << i;
    EXPECT_EQ(st.duplicates, 0u) << "subscriber " << i;
  }
}

TEST(PubSubDelivery, TheSameSeedGivesTheSameRun) {
  auto c = scenario(1, 3, Qos::AtLeastOnce, 20.0, 4.0);
  withLoss(c, 0.05);
  c.pubsub.subscribers[0].meanTimeBetweenBreaks = 1.0;
  std::vector<double> latencies[2];
  std::vector<std::uint64_t> dups[2];
  for (int run = 0; run < 2; ++run) {
    PubSubScenario s(c);
    s.run();
    for (std::size_t i = 0; i < s.subscriberCount(); ++i) {
      latencies[run].push_back(s.subscriber(i).stats().latencySum);
      dups[run].push_back(s.subscriber(i).stats().duplicates);
    }
  }
  EXPECT_EQ(latencies[0], latencies[1]);
  EXPECT_EQ(dups[0], dups[1]);
}

// QoS 0 with clean sessions, an on/off process and breaks on both sides: messages are lost, and
// each subscriber's missing count equals what the broker and publishers recorded as lost in flight,
// dropped while it was offline, or dropped while the publisher was offline.
TEST(PubSubDelivery, AtMostOnceLosesExactlyWhatTheBookkeepingCounts) {
  auto c = scenario(2, 6, Qos::AtMostOnce, 50.0, 11.0);
  withLoss(c, 0.02);
  c.pubsub.publishers[0].meanTimeBetweenBreaks = 2.0;
  auto& sub = c.pubsub.subscribers[0];
  sub.persistentSession = false;
  sub.meanOnlineTime = 2.0;
  sub.meanOfflineTime = 1.0;
  sub.meanTimeBetweenBreaks = 2.0;
  c.pubsub.delivery.reconnectDelay = sim::Milliseconds(300);
  PubSubScenario s(c);
  s.run();
  const std::uint64_t published = totalPublished(s);
  std::uint64_t lostBeforeBroker = 0;
  for (std::size_t i = 0; i < s.publisherCount(); ++i) {
    const auto& st = s.publisher(i).stats();
    lostBeforeBroker += st.droppedOffline + s.broker().publisher(static_cast<std::uint32_t>(i)).lostInFlight;
    EXPECT_EQ(s.broker().publisher(static_cast<std::uint32_t>(i)).received + st.droppedOffline +
                  s.broker().publisher(static_cast<std::uint32_t>(i)).lostInFlight,
              st.published);
  }
  std::uint64_t missingTotal = 0, inFlight = 0, offline = 0;
  for (std::size_t i = 0; i < s.subscriberCount(); ++i) {
    const SubscriberStats& st = s.subscriber(i).stats();
    const SubscriberAccount& a = s.broker().subscriber(static_cast<std::uint32_t>(i));
    const std::uint64_t missing = published - st.distinct;
    EXPECT_EQ(st.duplicates, 0u);
    EXPECT_EQ(missing, lostBeforeBroker + a.lost()) << "subscriber " << i;
    EXPECT_GT(a.lostInFlight + a.droppedOffline, 0u);
    missingTotal += missing;
    inFlight += a.lostInFlight;
    offline += a.droppedOffline;
  }
  EXPECT_EQ(countRecords(s.log(), cause::kDroppedSubscriberOffline), offline);
  EXPECT_EQ(countRecords(s.log(), cause::kLostInFlightToSubscriber), inFlight);
  EXPECT_GT(inFlight, 0u);
  std::printf(
      "VALIDATION pubsub at-most-once with breaks and offline periods: missing %llu = bookkept %llu "
      "(in flight broker->subscriber %llu, subscriber offline %llu, before the broker x subscribers %llu) "
      "(expected equal)\n",
      static_cast<unsigned long long>(missingTotal),
      static_cast<unsigned long long>(inFlight + offline + lostBeforeBroker * s.subscriberCount()),
      static_cast<unsigned long long>(inFlight), static_cast<unsigned long long>(offline),
      static_cast<unsigned long long>(lostBeforeBroker * s.subscriberCount()));
}

// A persistent-session subscriber offline from 2 s to 6 s: the broker keeps its messages and it
// receives all of them after reconnecting, in publication order, and its catch-up is timed.
TEST(PubSubDelivery, AnOfflineSubscriberCatchesUpInOrder) {
  auto c = scenario(1, 2, Qos::AtLeastOnce, 20.0, 10.0);
  PubSubScenario s(c);
  std::vector<Delivery> atOffline;
  s.subscriber(0).delivered.connect([&](const Delivery& d) { atOffline.push_back(d); });
  s.start();
  auto& sched = s.simulation().scheduler;
  sched.schedule(sim::Seconds(2), [&] { s.subscriber(0).goOffline(); });
  sched.schedule(sim::Seconds(6), [&] { s.subscriber(0).goOnline(); });
  sched.run();
  const std::uint64_t published = totalPublished(s);
  EXPECT_EQ(s.subscriber(0).stats().distinct, published);
  EXPECT_EQ(s.subscriber(1).stats().distinct, published);
  ASSERT_EQ(s.subscriber(0).catchUps().size(), 1u);
  const CatchUp& cu = s.subscriber(0).catchUps()[0];
  // About 4 s x 20 messages/s held by the broker.
  EXPECT_GE(cu.messages, 78u);
  EXPECT_LE(cu.messages, 82u);
  // In order: sequence numbers strictly increase across the whole run, catch-up included.
  std::uint32_t caughtUp = 0;
  for (std::size_t i = 1; i < atOffline.size(); ++i) {
    EXPECT_EQ(atOffline[i].publication.id.sequence, atOffline[i - 1].publication.id.sequence + 1);
    if (atOffline[i].receivedAt >= cu.reconnectAt && atOffline[i].receivedAt <= cu.caughtUpAt) ++caughtUp;
  }
  EXPECT_EQ(caughtUp, cu.messages);
  EXPECT_EQ(s.broker().subscriber(0).lost(), 0u);
  // Catch-up: reconnect handshake + CONNECT/CONNACK (2 RTT of 60 ms) and ~80 small messages.
  EXPECT_GT(cu.duration().seconds(), 0.09);
  EXPECT_LT(cu.duration().seconds(), 0.3);
  std::printf(
      "VALIDATION pubsub offline subscriber catch-up: %u retained messages received in order after "
      "reconnect in %.1f ms (all %llu delivered, expected all)\n",
      cu.messages, cu.duration().seconds() * 1e3, static_cast<unsigned long long>(published));
}

TEST(PubSubDelivery, AFullSessionQueueDropsAndCountsTheOverflow) {
  auto c = scenario(1, 1, Qos::AtLeastOnce, 20.0, 10.0);
  c.pubsub.broker.maxQueuedMessages = 5;
  PubSubScenario s(c);
  s.start();
  auto& sched = s.simulation().scheduler;
  sched.schedule(sim::Seconds(2), [&] { s.subscriber(0).goOffline(); });
  sched.schedule(sim::Seconds(4), [&] { s.subscriber(0).goOnline(); });
  sched.run();
  const std::uint64_t published = totalPublished(s);
  const SubscriberAccount& a = s.broker().subscriber(0);
  EXPECT_GT(a.droppedQueueFull, 30u);
  EXPECT_EQ(s.subscriber(0).stats().distinct + a.droppedQueueFull, published);
  EXPECT_EQ(countRecords(s.log(), cause::kDroppedQueueFull), a.droppedQueueFull);
  ASSERT_EQ(s.subscriber(0).catchUps().size(), 1u);
  EXPECT_EQ(s.subscriber(0).catchUps()[0].messages, 5u);
  // The queue-depth series peaked at the bound.
  std::uint64_t peak = 0;
  for (const QueueDepthSample& q : s.broker().queueDepth()) peak = std::max(peak, q.queued);
  EXPECT_EQ(peak, 5u);
}

}  // namespace
}  // namespace wirelab::models::pubsub
