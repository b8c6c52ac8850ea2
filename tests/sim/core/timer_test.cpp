#include "sim/core/timer.h"

#include <gtest/gtest.h>

#include <vector>

namespace wirelab::sim {
namespace {

TEST(Timer, FiresOnceAtItsDeadline) {
  Scheduler sched;
  Timer timer(sched);
  std::vector<std::int64_t> firedAt;
  timer.arm(Milliseconds(200), [&] { firedAt.push_back(sched.now().nanoseconds()); });
  EXPECT_TRUE(timer.isArmed());
  sched.run();
  EXPECT_EQ(firedAt, (std::vector<std::int64_t>{200'000'000}));
  EXPECT_FALSE(timer.isArmed());
}

TEST(Timer, RearmingLaterReusesTheEventAndFiresAtTheNewDeadline) {
  Scheduler sched;
  Timer timer(sched);
  SimTime firedAt;
  timer.arm(Milliseconds(100), [&] { firedAt = sched.now(); });
  // Push the deadline forward 50 times, as an RTO timer does on every ACK.
  for (int i = 1; i <= 50; ++i) {
    sched.schedule(Milliseconds(i), [&timer] { timer.rearm(Milliseconds(100)); });
  }
  sched.run();
  EXPECT_EQ(firedAt, SimTime::zero() + Milliseconds(150));
  // 50 re-arm events + the first wake-up (at 100 ms, pushed on) + the final one: no event per re-arm.
  EXPECT_EQ(sched.eventsDispatched(), 52u);
}

TEST(Timer, RearmingEarlierFiresEarlier) {
  Scheduler sched;
  Timer timer(sched);
  SimTime firedAt;
  timer.arm(Seconds(1), [&] { firedAt = sched.now(); });
  timer.rearm(Milliseconds(10));
  sched.run();
  EXPECT_EQ(firedAt, SimTime::zero() + Milliseconds(10));
}

TEST(Timer, CancelAndDestructionPreventFiring) {
  Scheduler sched;
  int fired = 0;
  {
    Timer timer(sched);
    timer.arm(Milliseconds(1), [&] { ++fired; });
  }
  Timer other(sched);
  other.arm(Milliseconds(1), [&] { ++fired; });
  other.cancel();
  EXPECT_FALSE(other.isArmed());
  sched.run();
  EXPECT_EQ(fired, 0);
}

TEST(Timer, CallbackMayRearmItsOwnTimer) {
  Scheduler sched;
  Timer timer(sched);
  int fired = 0;
  timer.arm(Milliseconds(10), [&] {
    if (++fired < 3) timer.rearm(Milliseconds(10));
  });
  sched.run();
  EXPECT_EQ(fired, 3);
  EXPECT_EQ(sched.now(), SimTime::zero() + Milliseconds(30));
}

TEST(Timer, AFiredTimerLeavesTheEventInItsOldSlotAlone) {
  // A timer forgets its event when it wakes (it never asks the scheduler whether the event is still
  // pending). Another event then takes the freed slot: re-arming or cancelling the timer must not
  // touch that event.
  Scheduler sched;
  Timer timer(sched);
  int timerFired = 0, otherRan = 0;
  timer.arm(Milliseconds(10), [&] { ++timerFired; });
  sched.runUntil(SimTime::zero() + Milliseconds(10));
  ASSERT_EQ(timerFired, 1);
  const EventId other = sched.schedule(Milliseconds(5), [&] { ++otherRan; });  // the freed slot
  timer.arm(Milliseconds(1), [&] { ++timerFired; });
  timer.cancel();
  EXPECT_TRUE(sched.isPending(other));
  timer.arm(Milliseconds(2), [&] { ++timerFired; });
  sched.run();
  EXPECT_EQ(otherRan, 1);
  EXPECT_EQ(timerFired, 2);
}

TEST(LazyTimer, IsMadeOnFirstUseAndActsAsATimerAfterwards) {
  Scheduler sched;
  LazyTimer lazy;
  // Unmade: not armed, and cancelling it makes nothing.
  EXPECT_FALSE(lazy.isArmed());
  lazy.cancel();
  EXPECT_FALSE(lazy.made());
  int fired = 0;
  Timer& timer = lazy.get(sched);
  EXPECT_TRUE(lazy.made());
  EXPECT_EQ(&lazy.get(sched), &timer);  // made once
  timer.arm(Milliseconds(5), [&] { ++fired; });
  EXPECT_TRUE(lazy.isArmed());
  lazy.cancel();
  EXPECT_FALSE(lazy.isArmed());
  lazy.get(sched).arm(Milliseconds(7), [&] { ++fired; });
  sched.run();
  EXPECT_EQ(fired, 1);
  EXPECT_EQ(sched.now(), SimTime::zero() + Milliseconds(7));
  EXPECT_FALSE(lazy.isArmed());
}

}  // namespace
}  // namespace wirelab::sim
