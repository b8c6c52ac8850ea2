#include "sim/core/timer.h"

#include <gtest/gtest.h>

#include <functional>
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

// An owner as OwnedTimer wants one: it gives its scheduler and a prefetch target, and cancels its
// timer before it goes.
struct TimerOwner {
  explicit TimerOwner(Scheduler& s) : sched(&s) {}
  ~TimerOwner() { timer.cancel(*this); }
  Scheduler& timerScheduler() const { return *sched; }
  PrefetchTarget timerPrefetch() const { return PrefetchTarget(this, sizeof(TimerOwner)); }
  Scheduler* sched;
  OwnedTimer<TimerOwner> timer;
  std::vector<std::int64_t> firedAt;
  int fireLimit = 1;  // how many times the action re-arms itself, 10 ms later, before it stops
};

void recordAndMaybeRearm(TimerOwner& o) {
  o.firedAt.push_back(o.sched->now().nanoseconds());
  if (static_cast<int>(o.firedAt.size()) < o.fireLimit) o.timer.rearm(o, Milliseconds(10));
}

TEST(OwnedTimer, IsHalfATimer) { EXPECT_EQ(sizeof(OwnedTimer<TimerOwner>), 32u); }

// The same script of arming, re-arming later and earlier, cancelling and re-arming from the
// callback, played on a Timer and on an OwnedTimer, each with its own scheduler and one unrelated
// event between each step: the same firing times, and the same number of events, so an owner can
// switch to an OwnedTimer without changing a result.
TEST(OwnedTimer, ArmsRearmsCancelsAndFiresExactlyAsATimerDoes) {
  struct Run {
    std::vector<std::int64_t> firedAt;
    std::uint64_t events = 0;
    bool operator==(const Run&) const = default;
  };
  const auto script = [](Scheduler& sched, const std::function<void(int step)>& act) {
    for (int step = 0; step < 8; ++step) {
      sched.schedule(Milliseconds(7 * step), [&act, step] { act(step); });
      sched.schedule(Milliseconds(7 * step + 3), [] {});
    }
    sched.run();
  };
  Run withTimer, withOwned;
  {
    Scheduler sched;
    Timer timer(sched);
    int fired = 0;
    const std::function<void()> fire = [&] {
      withTimer.firedAt.push_back(sched.now().nanoseconds());
      if (++fired < 3) timer.rearm(Milliseconds(10));
    };
    script(sched, [&](int step) {
      switch (step) {
        case 0:
          timer.arm(Milliseconds(100), [&fire] { fire(); });
          break;  // a wake-up at 100 ms
        case 1:
          timer.rearm(Milliseconds(150));
          break;  // later: the wake-up pushes itself on
        case 2:
          timer.rearm(Milliseconds(20));
          break;  // earlier: a new wake-up
        case 3:
          timer.cancel();
          break;
        case 4:
          timer.armAt(SimTime::zero() + Milliseconds(40), [&fire] { fire(); });
          break;
        case 5:
          timer.rearm(Milliseconds(1));
          break;  // fires, then re-arms itself twice
        default:
          break;
      }
    });
    withTimer.events = sched.eventsDispatched();
  }
  {
    Scheduler sched;
    TimerOwner owner(sched);
    owner.fireLimit = 3;
    script(sched, [&](int step) {
      switch (step) {
        case 0:
          owner.timer.arm(owner, Milliseconds(100), &recordAndMaybeRearm);
          break;
        case 1:
          owner.timer.rearm(owner, Milliseconds(150));
          break;
        case 2:
          owner.timer.rearm(owner, Milliseconds(20));
          break;
        case 3:
          owner.timer.cancel(owner);
          break;
        case 4:
          owner.timer.armAt(owner, SimTime::zero() + Milliseconds(40), &recordAndMaybeRearm);
          break;
        case 5:
          owner.timer.rearm(owner, Milliseconds(1));
          break;
        default:
          break;
      }
    });
    withOwned.firedAt = owner.firedAt;
    withOwned.events = sched.eventsDispatched();
  }
  EXPECT_EQ(withOwned, withTimer);
  // What the script does: the first arming is cancelled before it fires; the second fires at
  // 36 ms (re-armed at 35 ms to 1 ms later), then twice more, 10 ms apart.
  EXPECT_EQ(withOwned.firedAt, (std::vector<std::int64_t>{36'000'000, 46'000'000, 56'000'000}));
}

TEST(OwnedTimer, CancelledOrDisarmedItDoesNotFire) {
  Scheduler sched;
  TimerOwner owner(sched);
  owner.timer.arm(owner, Milliseconds(5), &recordAndMaybeRearm);
  EXPECT_TRUE(owner.timer.isArmed());
  EXPECT_EQ(owner.timer.deadline(), SimTime::zero() + Milliseconds(5));
  owner.timer.cancel(owner);
  EXPECT_FALSE(owner.timer.isArmed());
  sched.run();
  EXPECT_TRUE(owner.firedAt.empty());
  // Its owner's destructor cancels it: a pending wake-up would call into a destroyed owner.
  {
    TimerOwner gone(sched);
    gone.timer.arm(gone, Milliseconds(5), &recordAndMaybeRearm);
  }
  sched.run();  // under ASan, a wake-up left pending would read the destroyed owner
  EXPECT_EQ(sched.pendingCount(), 0u);
}

}  // namespace
}  // namespace wirelab::sim
