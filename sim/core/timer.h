// File: sim/core/timer.h
// One protocol timer (a retransmission timer, a delayed-ACK timer, ...) as a named member that owns
// at most one scheduler event and cancels it when destroyed. Re-arming to a later deadline, which a
// retransmission timer does on every ACK, costs no new event: the pending event wakes at the old
// deadline, sees the new one and sleeps again (the "deadline check" habit of ARCHITECTURE.md).
//
//   Timer m_rto{sched};
//   m_rto.arm(rto, [this] { onRetransmitTimeout(); });
//
// OwnedTimer (below) is the same timer in half the bytes, for owners a run holds by the hundred
// thousand: they lend it their scheduler and prefetch hint, and cancel it before they go.
#pragma once

#include <cassert>
#include <cstddef>
#include <cstdint>
#include <limits>
#include <memory>
#include <utility>

#include "sim/core/scheduler.h"

namespace wirelab::sim {

// The state every timer keeps, and the rules it arms, re-arms and wakes by: shared by Timer and
// OwnedTimer, which differ only in where the scheduler, the hint and the callback come from.
class TimerCore {
 public:
  bool isArmed() const { return m_deadline != kDisarmed; }
  // The deadline of an armed timer.
  SimTime deadline() const { return m_deadline; }

 protected:
  // "Not armed", kept in the deadline itself (no real deadline lies this far back) so that a timer
  // needs no flag.
  static constexpr SimTime kDisarmed = SimTime::fromNanoseconds(std::numeric_limits<std::int64_t>::min());

  // `scheduleWake(at)` schedules the wake-up event at `at` and returns its id.
  template <typename ScheduleWake>
  void moveDeadline(Scheduler& sched, SimTime deadline, ScheduleWake&& scheduleWake) {
    m_deadline = deadline;
    if (!m_event.isNone()) {
      if (m_wakeAt <= deadline) return;  // the pending wake-up will push itself forward
      sched.cancel(m_event);
    }
    m_wakeAt = deadline;
    m_event = scheduleWake(deadline);
  }
  void disarm(Scheduler& sched) {
    m_deadline = kDisarmed;
    if (!m_event.isNone()) sched.cancel(m_event);
    m_event = EventId();
  }
  // The wake-up event's work: true when the deadline has come (the timer is then disarmed and the
  // caller runs the callback); false when the timer was disarmed, or its deadline moved later (a
  // new wake-up is then scheduled for it).
  template <typename ScheduleWake>
  bool wake(Scheduler& sched, ScheduleWake&& scheduleWake) {
    m_event = EventId();  // running: no longer pending (only this timer ever cancels its event)
    if (!isArmed()) return false;
    if (sched.now() < m_deadline) {
      m_wakeAt = m_deadline;
      m_event = scheduleWake(m_deadline);
      return false;
    }
    m_deadline = kDisarmed;
    return true;
  }
  bool hasPendingEvent() const { return !m_event.isNone(); }

 private:
  EventId m_event;
  SimTime m_deadline = kDisarmed;
  SimTime m_wakeAt;
};

class Timer : public TimerCore {
 public:
  // A protocol timer calls back into its owner: `this` and perhaps one more pointer or index. The
  // small capacity keeps a Timer to one cache line.
  static constexpr std::size_t kCallbackCapacity = 16;
  using Callback = InlineFunction<kCallbackCapacity, alignof(void*)>;

  // `owner`: what the callback will touch when the timer fires (its owner's state), prefetched
  // ahead of the wake-up together with the timer itself (prefetch.h).
  explicit Timer(Scheduler& sched, PrefetchTarget owner = {}) : m_sched(&sched), m_owner(owner) {}
  ~Timer() { cancel(); }
  Timer(const Timer&) = delete;
  Timer& operator=(const Timer&) = delete;

  // Fires `cb` at now() + delay, replacing any earlier arming (callback included).
  void arm(Duration delay, Callback cb) { armAt(m_sched->now() + delay, std::move(cb)); }
  void armAt(SimTime deadline, Callback cb) {
    m_callback = std::move(cb);
    rearmAt(deadline);
  }
  // Moves the deadline and keeps the callback.
  void rearm(Duration delay) { rearmAt(m_sched->now() + delay); }
  void rearmAt(SimTime deadline) {
    moveDeadline(*m_sched, deadline, [this](SimTime at) { return scheduleWake(at); });
  }
  void cancel() { disarm(*m_sched); }

 private:
  EventId scheduleWake(SimTime at) {
    return m_sched->scheduleAt(
        at, [this] { onWake(); },
        m_sched->wantsPrefetchHints() ? PrefetchHint{{PrefetchTarget(this, sizeof(Timer)), m_owner}}
                                      : PrefetchHint{});
  }
  void onWake() {
    if (wake(*m_sched, [this](SimTime at) { return scheduleWake(at); })) m_callback();
  }

  Callback m_callback;
  Scheduler* m_sched;
  PrefetchTarget m_owner;
};
static_assert(sizeof(Timer) <= 64, "a Timer is meant to fit one cache line");

// A timer kept inside an owner that a run holds by the hundred thousand (a TCP connection keeps
// two): 32 bytes instead of a Timer's 64, because the owner, not the timer, holds the scheduler
// and the prefetch hint, and the callback is a plain function of the owner. The owner provides
//   sim::Scheduler& timerScheduler() const;   // the scheduler its timers run on
//   sim::PrefetchTarget timerPrefetch() const; // what a callback touches (the owner itself, say)
// (befriending OwnedTimer<Owner> if they are private), passes itself to every call, and cancels
// the timer before it is destroyed: unlike a Timer, an OwnedTimer cannot reach its scheduler
// alone. It schedules, re-arms and cancels exactly as a Timer does.
//
//   m_rto.arm(*this, rto, [](Connection& c) { c.onRetransmitTimeout(); });
template <typename Owner>
class OwnedTimer : public TimerCore {
 public:
  using Action = void (*)(Owner&);

  OwnedTimer() = default;
  OwnedTimer(const OwnedTimer&) = delete;
  OwnedTimer& operator=(const OwnedTimer&) = delete;
  ~OwnedTimer() { assert(!hasPendingEvent() && "an owner cancels its OwnedTimer before it goes"); }

  // Runs `action(owner)` at now() + delay, replacing any earlier arming (action included).
  void arm(Owner& owner, Duration delay, Action action) {
    armAt(owner, owner.timerScheduler().now() + delay, action);
  }
  void armAt(Owner& owner, SimTime deadline, Action action) {
    m_action = action;
    rearmAt(owner, deadline);
  }
  // Moves the deadline and keeps the action.
  void rearm(Owner& owner, Duration delay) { rearmAt(owner, owner.timerScheduler().now() + delay); }
  void rearmAt(Owner& owner, SimTime deadline) {
    moveDeadline(owner.timerScheduler(), deadline,
                 [this, &owner](SimTime at) { return scheduleWake(owner, at); });
  }
  void cancel(Owner& owner) { disarm(owner.timerScheduler()); }

 private:
  EventId scheduleWake(Owner& owner, SimTime at) {
    Scheduler& sched = owner.timerScheduler();
    return sched.scheduleAt(
        at, [this, &owner] { onWake(owner); },
        sched.wantsPrefetchHints() ? PrefetchHint{{owner.timerPrefetch()}} : PrefetchHint{});
  }
  void onWake(Owner& owner) {
    if (wake(owner.timerScheduler(), [this, &owner](SimTime at) { return scheduleWake(owner, at); })) {
      m_action(owner);
    }
  }

  Action m_action = nullptr;
};

// A timer few of its owners ever arm (a zero-window probe, a long poll's hold, a reconnection),
// held as a pointer and made on first use: 8 bytes in each owner instead of a Timer's 64, which
// counts when a run holds 100,000 owners (bench/README.md, ninth pass).
class LazyTimer {
 public:
  // The timer, made now if it was not yet (with `sched` and `owner` as Timer's constructor takes).
  Timer& get(Scheduler& sched, PrefetchTarget owner = {}) {
    if (!m_timer) m_timer = std::make_unique<Timer>(sched, owner);
    return *m_timer;
  }
  bool isArmed() const { return m_timer && m_timer->isArmed(); }
  void cancel() {
    if (m_timer) m_timer->cancel();
  }
  bool made() const { return m_timer != nullptr; }

 private:
  std::unique_ptr<Timer> m_timer;
};
static_assert(sizeof(LazyTimer) == sizeof(void*), "a timer not yet made is one null pointer");

}  // namespace wirelab::sim
