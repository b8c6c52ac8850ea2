#include "sim/core/scheduler.h"

#include <stdexcept>
#include <string>
#include <utility>
#include <optional>

namespace wirelab::sim {

namespace {
enum class SlotState : std::uint8_t { Free, Pending, Running, Cancelled };
}  // namespace

// One event's storage: 64 bytes, a cache line. Slots live in fixed-size chunks so that their
// addresses never move while an event runs and schedules more.
struct Scheduler::Slot {
  Callback callback;
  std::uint32_t generation = 0;
  SlotState state = SlotState::Free;
};

Scheduler::Scheduler() = default;
Scheduler::~Scheduler() = default;

Scheduler::Slot& Scheduler::slotAt(std::uint32_t index) const {
  return m_chunks[index >> kChunkBits][index & ((1u << kChunkBits) - 1)];
}

std::uint32_t Scheduler::allocateSlot() {
  if (!m_freeSlots.empty()) {
    const std::uint32_t index = m_freeSlots.back();
    m_freeSlots.pop_back();
    return index;
  }
  if (m_slotCount > kSlotMask) {
    throw std::length_error("scheduler: more than 16,777,215 events pending at once");
  }
  if ((m_slotCount >> kChunkBits) == m_chunks.size()) {
    m_chunks.push_back(std::make_unique<Slot[]>(std::size_t{1} << kChunkBits));
  }
  return m_slotCount++;
}

void Scheduler::releaseSlot(std::uint32_t index) {
  Slot& slot = slotAt(index);
  slot.state = SlotState::Free;
  // Generation 0 is reserved for "no event"; skip it on wrap-around.
  if (++slot.generation == 0) slot.generation = 1;
  m_freeSlots.push_back(index);
}

EventId Scheduler::schedule(Duration delay, Callback cb) {
  if (delay < Duration::zero()) {
    throw std::invalid_argument("scheduler: negative delay " + toString(delay));
  }
  return scheduleAt(m_now + delay, std::move(cb));
}

EventId Scheduler::scheduleAt(SimTime at, Callback cb) {
  if (at < m_now) {
    throw std::invalid_argument("scheduler: event at " + toString(at) + " lies before now (" + toString(m_now) + ")");
  }
  const std::uint32_t index = allocateSlot();
  Slot& slot = slotAt(index);
  if (slot.generation == 0) slot.generation = 1;
  slot.callback = std::move(cb);
  slot.state = SlotState::Pending;
  const std::uint64_t sequence = m_nextSequence++;
  const Key key = (static_cast<Key>(static_cast<std::uint64_t>(at.nanoseconds())) << 64) |
                  (static_cast<Key>(sequence) << kSlotBits) | index;
  m_queue.push(key);
  ++m_live;
  return EventId(index, slot.generation);
}

bool Scheduler::isPending(EventId id) const {
  if (id.isNone() || id.m_slot >= m_slotCount) return false;
  const Slot& slot = slotAt(id.m_slot);
  return slot.generation == id.m_generation && slot.state == SlotState::Pending;
}

bool Scheduler::cancel(EventId id) {
  if (!isPending(id)) return false;
  Slot& slot = slotAt(id.m_slot);
  slot.state = SlotState::Cancelled;
  slot.callback.reset();
  --m_live;
  compactIfMostlyDead();
  return true;
}

// Dead entries stay in the heap until they reach the top. A model that re-arms timers far ahead
// could fill the heap with them, so once they are the majority (and the heap is not tiny) the heap
// is rebuilt from the live entries: O(n), amortised O(1) per cancel.
void Scheduler::compactIfMostlyDead() {
  const std::size_t dead = m_queue.size() - m_live;
  if (m_queue.size() < 4096 || dead <= m_live) return;
  m_queue.filter([this](Key key) {
    const auto index = static_cast<std::uint32_t>(static_cast<std::uint64_t>(key) & kSlotMask);
    if (slotAt(index).state != SlotState::Cancelled) return true;
    releaseSlot(index);
    return false;
  });
}

bool Scheduler::dispatchNext(SimTime limit) {
  // Every key of an event due at or before `limit` is below this one.
  const Key keyLimit = (static_cast<Key>(static_cast<std::uint64_t>(limit.nanoseconds())) << 64) | ~std::uint64_t{0};
  for (;;) {
    const std::optional<Key> next = m_queue.popIfAtMost(keyLimit);
    if (!next) return false;
    const Key top = *next;
    const auto at = SimTime::fromNanoseconds(static_cast<std::int64_t>(top >> 64));
    const auto index = static_cast<std::uint32_t>(static_cast<std::uint64_t>(top) & kSlotMask);
    Slot& slot = slotAt(index);
    if (slot.state == SlotState::Cancelled) {
      releaseSlot(index);
      continue;
    }
    m_now = at;
    slot.state = SlotState::Running;
    --m_live;
    ++m_dispatched;
    slot.callback();
    slot.callback.reset();
    releaseSlot(index);
    return true;
  }
}

void Scheduler::run() { runUntil(SimTime::max()); }

void Scheduler::runUntil(SimTime until) {
  m_stopRequested = false;
  while (!m_stopRequested && dispatchNext(until)) {
  }
  if (!m_stopRequested && until != SimTime::max() && m_now < until) m_now = until;
  m_stopRequested = false;
}

}  // namespace wirelab::sim
