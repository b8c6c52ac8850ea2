// File: sim/core/timer.h
// One protocol timer (a retransmission timer, a delayed-ACK timer, ...) as a named member that owns
// at most one scheduler event and cancels it when destroyed. Re-arming to a later deadline, which a
// retransmission timer does on every ACK, costs no new event: the pending event wakes at the old
// deadline, sees the new one and sleeps again (the "deadline check" habit of ARCHITECTURE.md).
//
//   Timer m_rto{sched};
//   m_rto.arm(rto, [this] { onRetransmitTimeout(); });
#pragma once

#include <utility>

#include "sim/core/scheduler.h"

namespace wirelab::sim {

class Timer {
 public:
  using Callback = Scheduler::Callback;

  explicit Timer(Scheduler& sched) : m_sched(&sched) {}
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
    m_armed = true;
    if (m_sched->isPending(m_event)) {
      if (m_wakeAt <= deadline) return;  // the pending wake-up will push itself forward
      m_sched->cancel(m_event);
    }
    scheduleWake(deadline);
  }
  void cancel() {
    m_armed = false;
    if (m_sched->isPending(m_event)) m_sched->cancel(m_event);
    m_event = EventId();
  }

  bool isArmed() const { return m_armed; }
  SimTime deadline() const { return m_deadline; }

 private:
  void scheduleWake(SimTime at) {
    m_wakeAt = at;
    m_event = m_sched->scheduleAt(at, [this] { onWake(); });
  }
  void onWake() {
    if (!m_armed) return;
    if (m_sched->now() < m_deadline) {
      scheduleWake(m_deadline);
      return;
    }
    m_armed = false;
    m_callback();
  }

  Scheduler* m_sched;
  Callback m_callback;
  EventId m_event;
  SimTime m_deadline;
  SimTime m_wakeAt;
  bool m_armed = false;
};

}  // namespace wirelab::sim
