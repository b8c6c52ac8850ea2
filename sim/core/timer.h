// File: sim/core/timer.h
// One protocol timer (a retransmission timer, a delayed-ACK timer, ...) as a named member that owns
// at most one scheduler event and cancels it when destroyed. Re-arming to a later deadline, which a
// retransmission timer does on every ACK, costs no new event: the pending event wakes at the old
// deadline, sees the new one and sleeps again (the "deadline check" habit of ARCHITECTURE.md).
//
//   Timer m_rto{sched};
//   m_rto.arm(rto, [this] { onRetransmitTimeout(); });
#pragma once

#include <cstddef>
#include <cstdint>
#include <limits>
#include <memory>
#include <utility>

#include "sim/core/scheduler.h"

namespace wirelab::sim {

class Timer {
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
    m_deadline = deadline;
    if (!m_event.isNone()) {
      if (m_wakeAt <= deadline) return;  // the pending wake-up will push itself forward
      m_sched->cancel(m_event);
    }
    scheduleWake(deadline);
  }
  void cancel() {
    m_deadline = kDisarmed;
    if (!m_event.isNone()) m_sched->cancel(m_event);
    m_event = EventId();
  }

  bool isArmed() const { return m_deadline != kDisarmed; }
  // The deadline of an armed timer.
  SimTime deadline() const { return m_deadline; }

 private:
  // "Not armed", kept in the deadline itself (no real deadline lies this far back) so that the
  // timer needs no flag and fits one cache line.
  static constexpr SimTime kDisarmed = SimTime::fromNanoseconds(std::numeric_limits<std::int64_t>::min());

  void scheduleWake(SimTime at) {
    m_wakeAt = at;
    m_event = m_sched->scheduleAt(
        at, [this] { onWake(); },
        m_sched->wantsPrefetchHints() ? PrefetchHint{{PrefetchTarget(this, sizeof(Timer)), m_owner}}
                                      : PrefetchHint{});
  }
  void onWake() {
    m_event = EventId();  // running: no longer pending (only this timer ever cancels its event)
    if (!isArmed()) return;
    if (m_sched->now() < m_deadline) {
      scheduleWake(m_deadline);
      return;
    }
    m_deadline = kDisarmed;
    m_callback();
  }

  Callback m_callback;
  Scheduler* m_sched;
  PrefetchTarget m_owner;
  EventId m_event;
  SimTime m_deadline = kDisarmed;
  SimTime m_wakeAt;
};
static_assert(sizeof(Timer) <= 64, "a Timer is meant to fit one cache line");

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
