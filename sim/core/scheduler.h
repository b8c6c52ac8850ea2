// File: sim/core/scheduler.h
// The discrete-event scheduler: the only clock of a run. Events are inline callables ordered by
// (time, insertion sequence), so events due at the same time run in FIFO order, the order in
// which they were scheduled (as ns-3 documents for its Simulator). Single-threaded by design.
//
// Costs: schedule O(1) (an append to a radix-heap bucket, radix_heap.h); dispatch amortised
// O(log T) in the time span T between pending events and independent of their number (each key is
// re-bucketed at most 16 times, in practice one or two, then sorted into a short run); cancel O(1)
// (a generation-checked handle marks the event dead; the queue drops it when it comes up, and is
// compacted when dead entries outnumber live ones). No heap allocation per event once the slot pool
// and buckets have grown to the run's peak.
//
// Prefetching: an event may name the memory it will touch (a PrefetchHint, prefetch.h). When a key
// joins the radix heap's run, it is among the next few dozen events; its state word and slot (which
// holds the hint) are prefetched then, and the hinted memory later, once the hint itself has
// arrived, at the pace events are dispatched (about a dozen events ahead of each). An event
// scheduled straight into the run (due within a few dozen events) has its hinted memory prefetched
// at once, while the hint is at hand. Scheduling prefetches the next free slot, which a run of
// schedules (a fan-out) would otherwise find cold one after another. Hints change no result, only
// how long the misses take.
//
//   Scheduler sched;
//   EventId id = sched.schedule(Milliseconds(5), [&] { ... });
//   sched.cancel(id);
//   sched.runUntil(SimTime::zero() + Seconds(30));
#pragma once

#include <array>
#include <cstdint>
#include <memory>
#include <type_traits>
#include <utility>
#include <vector>

#include "sim/core/inline_function.h"
#include "sim/core/prefetch.h"
#include "sim/core/radix_heap.h"
#include "sim/core/time.h"

namespace wirelab::sim {

// Identifies one scheduled event. Always in a valid state: a default EventId names no event, and an
// EventId whose event ran or was cancelled simply reports "not pending" (its generation no longer
// matches the slot's).
class EventId {
 public:
  constexpr EventId() = default;
  constexpr bool isNone() const { return m_generation == 0; }
  constexpr bool operator==(const EventId&) const = default;

 private:
  friend class Scheduler;
  constexpr EventId(std::uint32_t slot, std::uint32_t generation) : m_slot(slot), m_generation(generation) {}
  std::uint32_t m_slot = 0;
  std::uint32_t m_generation = 0;  // 28 bits; 0 is never a live generation
};

class Scheduler {
 public:
  // Bytes of captures an event may carry inline: a `this` pointer plus a few values. With the
  // callable's operations pointer and the event's prefetch hint, a slot is one cache line.
  static constexpr std::size_t kInlineCapacity = 32;
  using Callback = InlineFunction<kInlineCapacity, alignof(void*)>;

  Scheduler();
  ~Scheduler();
  Scheduler(const Scheduler&) = delete;
  Scheduler& operator=(const Scheduler&) = delete;

  SimTime now() const { return m_now; }

  // Runs `f` at now() + delay. A negative delay is a logic error (throws std::invalid_argument).
  // `f` is any void() callable whose captures fit in kInlineCapacity bytes; it is constructed in
  // place in the event's slot.
  template <typename F>
  EventId schedule(Duration delay, F&& f, const PrefetchHint& hint = {}) {
    if (delay < Duration::zero()) throwNegativeDelay(delay);
    return scheduleAt(m_now + delay, std::forward<F>(f), hint);
  }
  // Runs `f` at `at`, which must not lie before now() (throws std::invalid_argument). `hint` names
  // memory `f` will touch, to be prefetched before it runs.
  template <typename F>
  EventId scheduleAt(SimTime at, F&& f, const PrefetchHint& hint = {}) {
    static_assert(std::is_nothrow_constructible_v<std::decay_t<F>, F&&>,
                  "event callables must be nothrow-constructible (capture pointers and values)");
    if (at < m_now) throwInThePast(at);
    const std::uint32_t index = allocateSlot();
    // A free slot holds nothing to destroy (see releaseSlot and cancel).
    slotAt(index).callback.constructOverTrivial(std::forward<F>(f));
    const bool hinted = !hint.empty();
    if (hinted) slotAt(index).hint = hint;  // read only while the state word says "hinted"
    return commitSlot(at, index, std::is_trivially_destructible_v<std::decay_t<F>>, hinted ? &hint : nullptr);
  }

  // Cancels a pending event and destroys its callable at once. Returns false (and does nothing) for
  // an event that already ran, was cancelled, or is running now.
  bool cancel(EventId id);
  bool isPending(EventId id) const;

  // Dispatches events in order until none is left or stop() is called.
  void run();
  // Dispatches every event due at or before `until`, then advances now() to `until` (unless stop()
  // was called first, which leaves now() at the last event).
  void runUntil(SimTime until);
  // Makes run()/runUntil() return after the event now running.
  void stop() { m_stopRequested = true; }

  // Whether prefetch hints are being followed now (enough events pending that what they touch
  // may not be in cache): a model may skip computing a costly hint when not.
  bool wantsPrefetchHints() const { return m_live >= kHintsFromPending; }

  std::uint64_t eventsDispatched() const { return m_dispatched; }
  std::size_t pendingCount() const { return m_live; }

 private:
  // One event's callable and prefetch hint: exactly one cache line, so that loading an event ahead
  // of its turn, to follow its hint, also loads what runs it (the hints were an array of their own,
  // a second line per event; bench/README.md, tenth pass). Slots live in fixed-size chunks so that
  // their addresses never move while an event runs and schedules more.
  struct alignas(64) Slot {
    Callback callback;
    PrefetchHint hint;
  };
  static_assert(sizeof(Slot) == 64, "a slot is one cache line");
  // Heap key: time in the high 64 bits; the low 64 bits hold (sequence << kSlotBits | slot), so one
  // 128-bit comparison orders by time, then FIFO.
  using Key = RadixHeap::Key;
  static constexpr int kSlotBits = 24;
  static constexpr std::uint64_t kSlotMask = (std::uint64_t{1} << kSlotBits) - 1;
  // 32768 slots of 64 bytes: one 2 MiB chunk, allocated on a huge page where the kernel allows it,
  // so that random access to pending events does not also miss the TLB.
  static constexpr int kChunkBits = 15;
  // Prefetch hints are followed only while at least this many events are pending (see noteSoon).
  static constexpr std::size_t kHintsFromPending = 4096;
  struct ChunkDeleter {
    void operator()(Slot* chunk) const;
  };

  Slot& slotAt(std::uint32_t index) const {
    return m_chunks[index >> kChunkBits][index & ((1u << kChunkBits) - 1)];
  }
  std::uint32_t allocateSlot();
  static std::unique_ptr<Slot[], ChunkDeleter> allocateChunk();
  // `trivial`: the callable needs no destructor, so cancelling it need not touch its slot.
  // `hint`: the event's prefetch hint (also in its slot), or null for none.
  EventId commitSlot(SimTime at, std::uint32_t index, bool trivial, const PrefetchHint* hint);
  [[noreturn]] void throwNegativeDelay(Duration delay) const;
  [[noreturn]] void throwInThePast(SimTime at) const;
  void releaseSlot(std::uint32_t index);
  void compactIfMostlyDead();
  bool dispatchNext(SimTime limit);
  void noteSoon(std::uint32_t index);
  void prefetchHintedMemory();

  SimTime m_now;
  RadixHeap m_queue;
  std::vector<std::unique_ptr<Slot[], ChunkDeleter>> m_chunks;
  std::vector<std::uint32_t> m_states;  // per slot: generation << 4 | hinted << 3 | trivial << 2 | state
  std::vector<std::uint32_t> m_freeSlots;
  std::size_t m_hintedPending = 0;  // pending events with a hint
  // Slots of events due soon whose hints were prefetched but not yet followed (a FIFO ring).
  std::array<std::uint32_t, 1024> m_soon{};
  std::uint64_t m_soonHead = 0, m_soonTail = 0;
  // Hints followed for events not yet dispatched (about: one less per dispatch), kept near
  // kHintLead by following at most kHintsPerEvent per dispatch (see prefetchHintedMemory).
  std::uint32_t m_followedAhead = 0;
  static constexpr std::uint32_t kHintLead = 12;
  static constexpr int kHintsPerEvent = 2;
  std::uint32_t m_slotCount = 0;
  std::uint64_t m_nextSequence = 0;
  std::uint64_t m_dispatched = 0;
  std::size_t m_live = 0;
  bool m_stopRequested = false;
};

}  // namespace wirelab::sim
