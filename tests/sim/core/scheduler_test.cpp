#include "sim/core/scheduler.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <cstdint>
#include <memory>
#include <random>
#include <stdexcept>
#include <utility>
#include <vector>

namespace wirelab::sim {
namespace {

TEST(Scheduler, DispatchesInTimeOrder) {
  Scheduler sched;
  std::vector<int> order;
  sched.schedule(Milliseconds(30), [&] { order.push_back(3); });
  sched.schedule(Milliseconds(10), [&] { order.push_back(1); });
  sched.schedule(Milliseconds(20), [&] { order.push_back(2); });
  sched.run();
  EXPECT_EQ(order, (std::vector<int>{1, 2, 3}));
  EXPECT_EQ(sched.now(), SimTime::zero() + Milliseconds(30));
  EXPECT_EQ(sched.eventsDispatched(), 3u);
}

TEST(Scheduler, EqualTimesRunInFifoOrder) {
  Scheduler sched;
  std::vector<int> order;
  for (int i = 0; i < 100; ++i) sched.schedule(Milliseconds(5), [&order, i] { order.push_back(i); });
  // An event scheduled for "now" from inside an event runs after the ones already due now.
  sched.schedule(Milliseconds(5), [&] { sched.schedule(Duration::zero(), [&] { order.push_back(1000); }); });
  sched.run();
  ASSERT_EQ(order.size(), 101u);
  for (int i = 0; i < 100; ++i) EXPECT_EQ(order[static_cast<std::size_t>(i)], i);
  EXPECT_EQ(order.back(), 1000);
}

TEST(Scheduler, MatchesAReferenceSortOnRandomWorkload) {
  // Property: the dispatch order equals a stable sort by time of the insertion order.
  Scheduler sched;
  std::mt19937_64 rng(7);
  std::vector<std::pair<std::int64_t, int>> expected;
  std::vector<int> actual;
  for (int i = 0; i < 20000; ++i) {
    const auto t = static_cast<std::int64_t>(rng() % 500);  // many ties
    expected.emplace_back(t, i);
    sched.scheduleAt(SimTime::fromNanoseconds(t), [&actual, i] { actual.push_back(i); });
  }
  std::stable_sort(expected.begin(), expected.end(),
                   [](const auto& a, const auto& b) { return a.first < b.first; });
  sched.run();
  ASSERT_EQ(actual.size(), expected.size());
  for (std::size_t i = 0; i < actual.size(); ++i) ASSERT_EQ(actual[i], expected[i].second) << "at " << i;
}

TEST(Scheduler, CancelPreventsDispatchAndIsIdempotent) {
  Scheduler sched;
  int fired = 0;
  const EventId a = sched.schedule(Milliseconds(1), [&] { fired += 1; });
  const EventId b = sched.schedule(Milliseconds(2), [&] { fired += 10; });
  EXPECT_TRUE(sched.isPending(a));
  EXPECT_EQ(sched.pendingCount(), 2u);
  EXPECT_TRUE(sched.cancel(a));
  EXPECT_FALSE(sched.cancel(a));
  EXPECT_FALSE(sched.isPending(a));
  EXPECT_EQ(sched.pendingCount(), 1u);
  sched.run();
  EXPECT_EQ(fired, 10);
  EXPECT_FALSE(sched.isPending(b));
  EXPECT_FALSE(sched.cancel(b));  // already ran
  EXPECT_FALSE(sched.cancel(EventId()));
  EXPECT_EQ(sched.eventsDispatched(), 1u);
}

TEST(Scheduler, StaleHandleDoesNotCancelTheSlotsNextEvent) {
  Scheduler sched;
  int fired = 0;
  const EventId first = sched.schedule(Milliseconds(1), [&] { ++fired; });
  sched.run();
  // The slot of `first` is reused by the next event; the old handle must not reach it.
  const EventId second = sched.schedule(Milliseconds(1), [&] { ++fired; });
  EXPECT_FALSE(sched.cancel(first));
  EXPECT_TRUE(sched.isPending(second));
  sched.run();
  EXPECT_EQ(fired, 2);
}

TEST(Scheduler, CancelDestroysCapturesAtOnce) {
  Scheduler sched;
  auto token = std::make_shared<int>(1);
  const EventId id = sched.schedule(Seconds(1), [token] { (void)token; });
  EXPECT_EQ(token.use_count(), 2);
  sched.cancel(id);
  EXPECT_EQ(token.use_count(), 1);
}

TEST(Scheduler, SlotOfACancelledTrivialEventServesTheNextOne) {
  // A trivially destructible callable is left in its slot when cancelled; the next event placed in
  // that slot must run as itself, and a callable with a destructor placed there later must still
  // be destroyed when it is cancelled.
  Scheduler sched;
  int cancelledRan = 0, ran = 0;
  const EventId cancelled = sched.schedule(Milliseconds(1), [&cancelledRan] { ++cancelledRan; });
  EXPECT_TRUE(sched.cancel(cancelled));
  sched.run();  // drops the dead key and frees the slot
  sched.schedule(Milliseconds(1), [&ran] { ++ran; });
  sched.run();
  EXPECT_EQ(cancelledRan, 0);
  EXPECT_EQ(ran, 1);
  auto token = std::make_shared<int>(1);
  const EventId owning = sched.schedule(Seconds(1), [token] { (void)token; });
  EXPECT_EQ(token.use_count(), 2);
  sched.cancel(owning);
  EXPECT_EQ(token.use_count(), 1);
}

TEST(Scheduler, ReusedSlotsHoldNoCallableToDestroy) {
  // Scheduling constructs the callable over the free slot's old bytes without destroying them,
  // which is right only if every way a slot is freed (run, cancel, compaction) leaves nothing
  // there with a destructor. Each owning callable must be destroyed exactly once.
  Scheduler sched;
  auto token = std::make_shared<int>(1);
  for (int round = 0; round < 3; ++round) {
    sched.schedule(Milliseconds(1), [token] { (void)token; });
    sched.run();  // ran: destroyed after running
    EXPECT_EQ(token.use_count(), 1);
    const EventId cancelled = sched.schedule(Milliseconds(1), [token] { (void)token; });
    sched.cancel(cancelled);  // cancelled: destroyed at once
    EXPECT_EQ(token.use_count(), 1);
    sched.run();  // frees the cancelled slot
  }
  // Compaction frees thousands of cancelled slots at once; their reuse must not touch the tokens.
  std::vector<EventId> ids;
  for (int i = 0; i < 10000; ++i) ids.push_back(sched.schedule(Seconds(1), [token] { (void)token; }));
  EXPECT_EQ(token.use_count(), 10001);
  for (const EventId id : ids) sched.cancel(id);
  EXPECT_EQ(token.use_count(), 1);
  int ran = 0;
  for (int i = 0; i < 10000; ++i)
    sched.schedule(Milliseconds(1), [&ran, token] {
      ++ran;
      (void)token;
    });
  sched.run();
  EXPECT_EQ(ran, 10000);
  EXPECT_EQ(token.use_count(), 1);
}

TEST(Scheduler, EventsCanScheduleAndCancelOthers) {
  Scheduler sched;
  std::vector<int> order;
  EventId victim = sched.schedule(Milliseconds(5), [&] { order.push_back(-1); });
  sched.schedule(Milliseconds(1), [&] {
    order.push_back(1);
    EXPECT_TRUE(sched.cancel(victim));
    sched.schedule(Milliseconds(1), [&] { order.push_back(2); });
  });
  sched.run();
  EXPECT_EQ(order, (std::vector<int>{1, 2}));
  EXPECT_EQ(sched.now(), SimTime::zero() + Milliseconds(2));
}

TEST(Scheduler, RunningEventCannotCancelItself) {
  Scheduler sched;
  EventId self;
  bool result = true;
  self = sched.schedule(Milliseconds(1), [&] { result = sched.cancel(self); });
  sched.run();
  EXPECT_FALSE(result);
  EXPECT_EQ(sched.eventsDispatched(), 1u);
}

TEST(Scheduler, RunUntilStopsAtTheLimitAndAdvancesTheClock) {
  Scheduler sched;
  int fired = 0;
  sched.schedule(Milliseconds(10), [&] { ++fired; });
  sched.schedule(Milliseconds(20), [&] { ++fired; });
  sched.schedule(Milliseconds(21), [&] { ++fired; });
  sched.runUntil(SimTime::zero() + Milliseconds(20));  // inclusive
  EXPECT_EQ(fired, 2);
  EXPECT_EQ(sched.now(), SimTime::zero() + Milliseconds(20));
  sched.runUntil(SimTime::zero() + Milliseconds(100));
  EXPECT_EQ(fired, 3);
  EXPECT_EQ(sched.now(), SimTime::zero() + Milliseconds(100));
}

TEST(Scheduler, StopReturnsAfterTheCurrentEvent) {
  Scheduler sched;
  int fired = 0;
  sched.schedule(Milliseconds(1), [&] {
    ++fired;
    sched.stop();
  });
  sched.schedule(Milliseconds(2), [&] { ++fired; });
  sched.run();
  EXPECT_EQ(fired, 1);
  EXPECT_EQ(sched.now(), SimTime::zero() + Milliseconds(1));
  sched.run();  // resumes
  EXPECT_EQ(fired, 2);
}

TEST(Scheduler, RejectsEventsInThePast) {
  Scheduler sched;
  sched.runUntil(SimTime::zero() + Seconds(1));
  EXPECT_THROW(sched.schedule(-Milliseconds(1), [] {}), std::invalid_argument);
  EXPECT_THROW(sched.scheduleAt(SimTime::zero(), [] {}), std::invalid_argument);
}

TEST(Scheduler, ManyCancellationsCompactTheHeapAndKeepOrder) {
  // Re-arming pattern: every event is cancelled and replaced further ahead; the survivors still
  // run in order and nothing cancelled runs.
  Scheduler sched;
  std::vector<EventId> ids;
  std::vector<std::int64_t> fired;
  for (int i = 0; i < 100000; ++i) {
    ids.push_back(
        sched.schedule(Microseconds(i), [&fired, &sched] { fired.push_back(sched.now().nanoseconds()); }));
  }
  for (int i = 0; i < 100000; ++i) {
    if (i % 10 != 0) sched.cancel(ids[static_cast<std::size_t>(i)]);
  }
  EXPECT_EQ(sched.pendingCount(), 10000u);
  sched.run();
  ASSERT_EQ(fired.size(), 10000u);
  for (std::size_t i = 0; i < fired.size(); ++i) EXPECT_EQ(fired[i], static_cast<std::int64_t>(i) * 10'000);
}

}  // namespace
}  // namespace wirelab::sim
