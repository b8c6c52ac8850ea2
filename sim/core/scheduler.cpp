#include "sim/core/scheduler.h"

#include <sys/mman.h>

#include <cstdio>
#include <cstdlib>
#include <new>
#include <optional>
#include <stdexcept>
#include <string>
#include <utility>

#ifdef WIRELAB_PREFETCH_STATS
#include "sim/core/prefetch_stats.h"
#endif

namespace wirelab::sim {

namespace {
// A slot's state word: generation in the upper 28 bits, then whether the event has a prefetch hint,
// then whether the callable is trivially destructible, then the state in the lower 2. The words of all slots
// sit in one dense array (4 bytes a slot) that stays in cache, so checking whether an event is live or
// cancelled never touches its 64-byte callable, and neither does cancelling one that needs no destructor (a
// timer's wake-up, the commonest cancel): its slot is usually cold, and the next callable constructed in it
// simply overwrites it.
enum SlotState : std::uint32_t { kFree = 0, kPending = 1, kRunning = 2, kCancelled = 3 };
constexpr std::uint32_t kStateMask = 3;
constexpr std::uint32_t kTrivialFlag = 4;
constexpr std::uint32_t kHintedFlag = 8;
constexpr std::uint32_t kGenerationShift = 4;
constexpr std::uint32_t kGenerationUnit = 1u << kGenerationShift;
constexpr std::uint32_t kGenerationMask = ~(kGenerationUnit - 1);
constexpr std::uint32_t stateOf(std::uint32_t word) { return word & kStateMask; }
constexpr std::uint32_t generationOf(std::uint32_t word) { return word >> kGenerationShift; }

#ifdef WIRELAB_PREFETCH_STATS
PrefetchStats g_prefetchStats;  // printed to stderr at exit
#endif
}  // namespace

Scheduler::Scheduler() = default;
Scheduler::~Scheduler() = default;

void Scheduler::ChunkDeleter::operator()(Slot* chunk) const {
  for (std::size_t i = 0; i < (std::size_t{1} << kChunkBits); ++i) chunk[i].~Slot();
  std::free(chunk);
}

std::unique_ptr<Scheduler::Slot[], Scheduler::ChunkDeleter> Scheduler::allocateChunk() {
  constexpr std::size_t kBytes = sizeof(Slot) << kChunkBits;
  void* memory = std::aligned_alloc(kBytes, kBytes);
  if (memory == nullptr) throw std::bad_alloc();
  // Advice only: without transparent huge pages (or with them off) this changes nothing.
  ::madvise(memory, kBytes, MADV_HUGEPAGE);
  auto* chunk = static_cast<Slot*>(memory);
  for (std::size_t i = 0; i < (std::size_t{1} << kChunkBits); ++i)
    ::new (static_cast<void*>(&chunk[i])) Slot();
  return std::unique_ptr<Slot[], ChunkDeleter>(chunk);
}

std::uint32_t Scheduler::allocateSlot() {
  if (!m_freeSlots.empty()) {
    const std::uint32_t index = m_freeSlots.back();
    m_freeSlots.pop_back();
    // The next schedule writes the next free slot: start loading it (it may have been freed long
    // ago; a fan-out schedules thousands of events in a row).
    if (!m_freeSlots.empty()) {
      const std::uint32_t next = m_freeSlots.back();
      __builtin_prefetch(&slotAt(next), 1);
      __builtin_prefetch(&m_states[next], 1);
    }
    return index;
  }
  if (m_slotCount > kSlotMask) {
    throw std::length_error("scheduler: more than 16,777,215 events pending at once");
  }
  if ((m_slotCount >> kChunkBits) == m_chunks.size()) {
    m_chunks.push_back(allocateChunk());
  }
  m_states.push_back(kGenerationUnit | kFree);  // generation 1: generation 0 means "no event"
  return m_slotCount++;
}

void Scheduler::releaseSlot(std::uint32_t index) {
  std::uint32_t next = (m_states[index] & kGenerationMask) + kGenerationUnit;
  if (generationOf(next) == 0) next = kGenerationUnit;  // wrapped: skip the reserved generation 0
  m_states[index] = next | kFree;
  m_freeSlots.push_back(index);
}

void Scheduler::throwNegativeDelay(Duration delay) const {
  throw std::invalid_argument("scheduler: negative delay " + toString(delay));
}

void Scheduler::throwInThePast(SimTime at) const {
  throw std::invalid_argument("scheduler: event at " + toString(at) + " lies before now (" + toString(m_now) +
                              ")");
}

EventId Scheduler::commitSlot(SimTime at, std::uint32_t index, bool trivial, const PrefetchHint* hint) {
  const bool hinted = hint != nullptr;
  const std::uint32_t word = (m_states[index] & kGenerationMask) | (trivial ? kTrivialFlag : 0) |
                             (hinted ? kHintedFlag : 0) | kPending;
  m_hintedPending += hinted ? 1 : 0;
  m_states[index] = word;
  const std::uint64_t sequence = m_nextSequence++;
  const Key key = (static_cast<Key>(static_cast<std::uint64_t>(at.nanoseconds())) << 64) |
                  (static_cast<Key>(sequence) << kSlotBits) | index;
  // A key that joins the queue's run of next events is due within a few dozen events: too soon to
  // wait its turn behind the run's keys in m_soon. Its slot and state word were just written;
  // what its hint names is prefetched now, while the hint is at hand.
  if (m_queue.push(key) && hinted && wantsPrefetchHints()) {
#ifdef WIRELAB_PREFETCH_STATS
    g_prefetchStats.onFollowed(index, generationOf(word), m_dispatched, *hint);
#endif
    hint->prefetch();
  }
  ++m_live;
  return EventId(index, generationOf(word));
}

bool Scheduler::isPending(EventId id) const {
  if (id.isNone() || id.m_slot >= m_slotCount) return false;
  const std::uint32_t word = m_states[id.m_slot];
  return generationOf(word) == id.m_generation && stateOf(word) == kPending;
}

bool Scheduler::cancel(EventId id) {
  if (!isPending(id)) return false;
  const std::uint32_t word = m_states[id.m_slot];
  m_states[id.m_slot] = (word & ~kStateMask) | kCancelled;
  m_hintedPending -= (word & kHintedFlag) != 0 ? 1 : 0;
  if ((word & kTrivialFlag) == 0) slotAt(id.m_slot).callback.reset();
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
    if (stateOf(m_states[index]) != kCancelled) return true;
    releaseSlot(index);
    return false;
  });
}

bool Scheduler::dispatchNext(SimTime limit) {
  // Every key of an event due at or before `limit` is below this one.
  const Key keyLimit =
      (static_cast<Key>(static_cast<std::uint64_t>(limit.nanoseconds())) << 64) | ~std::uint64_t{0};
  for (;;) {
    // Keys that join the queue's run are the next few dozen events: start loading their state
    // words, callables and prefetch hints now, so the misses overlap with the events before them;
    // the memory the hints name follows a few events later.
    const std::optional<Key> next = m_queue.popIfAtMost(keyLimit, [this](Key soon) {
      noteSoon(static_cast<std::uint32_t>(static_cast<std::uint64_t>(soon) & kSlotMask));
    });
    if (m_followedAhead > 0) --m_followedAhead;  // one event nearer to those followed
    if (m_soonHead != m_soonTail) prefetchHintedMemory();
    if (!next) return false;
    const Key top = *next;
    const auto at = SimTime::fromNanoseconds(static_cast<std::int64_t>(top >> 64));
    const auto index = static_cast<std::uint32_t>(static_cast<std::uint64_t>(top) & kSlotMask);
    if (stateOf(m_states[index]) == kCancelled) {
      releaseSlot(index);
      continue;
    }
    Slot& slot = slotAt(index);
    // The next event's callable is usually cold (scheduled long ago): start loading it now so the
    // miss overlaps with running this one.
    if (const std::optional<Key> hint = m_queue.likelyNext()) {
      const auto nextIndex = static_cast<std::uint32_t>(static_cast<std::uint64_t>(*hint) & kSlotMask);
      __builtin_prefetch(&m_states[nextIndex]);
      __builtin_prefetch(&slotAt(nextIndex));
    }
    m_now = at;
    m_hintedPending -= (m_states[index] & kHintedFlag) != 0 ? 1 : 0;
    m_states[index] = (m_states[index] & ~kStateMask) | kRunning;
    --m_live;
    ++m_dispatched;
#ifdef WIRELAB_PREFETCH_STATS
    if (wantsPrefetchHints()) {
      g_prefetchStats.onDispatch(index, (m_states[index] & kHintedFlag) != 0, generationOf(m_states[index]),
                                 m_dispatched);
    }
#endif
    slot.callback();
    slot.callback.reset();
    releaseSlot(index);
    return true;
  }
}

void Scheduler::noteSoon(std::uint32_t index) {
  __builtin_prefetch(&m_states[index]);
  __builtin_prefetch(&slotAt(index));
  // With few events pending, what they touch is few objects, already in cache: following hints
  // would only cost instructions (a quarter more per event on the one-flow tcp_bulk benchmark).
  // Otherwise the hint is queued for a few events later: following it now would stall on the
  // slot's own miss.
  if (m_hintedPending == 0 || !wantsPrefetchHints()) return;
#ifdef WIRELAB_PREFETCH_STATS
  ++(m_soonTail - m_soonHead < m_soon.size() ? g_prefetchStats.noted : g_prefetchStats.ringFull);
#endif
  if (m_soonTail - m_soonHead < m_soon.size()) m_soon[m_soonTail++ % m_soon.size()] = index;
}

// Queued hints are followed at the pace events are dispatched, kHintLead events ahead of them: a
// lead of a microsecond or two, several times what a miss takes. A hint names about 20 lines, so a
// dozen hints ahead already ask for more lines than the core can have in flight; a lead of 24 kept
// more of them waiting, in the prefetch instructions (polling 2-3% slower than with 12; a lead of 6
// ran polling as 12 did and pub/sub 2% slower; bench/README.md, twelfth pass). Following a new
// run's hints as fast as possible (four per event, the earlier rule) sent hundreds of lines to the
// memory system in a burst; its miss queues filled, and the prefetch instructions then stalled the
// very events they should overlap with (polling 5% slower; bench/README.md, eighth pass). Two per
// event let a backlog catch up. The slot may have been cancelled or even reused meanwhile; then the
// prefetch is merely useless.
void Scheduler::prefetchHintedMemory() {
  for (int n = 0; n < kHintsPerEvent && m_soonHead != m_soonTail && m_followedAhead < kHintLead; ++n) {
    const std::uint32_t index = m_soon[m_soonHead++ % m_soon.size()];
#ifdef WIRELAB_PREFETCH_STATS
    ++g_prefetchStats.lookedAt;
#endif
    // The state word was prefetched with the hint. A cancelled event, or a slot freed or reused
    // without a hint since, has nothing to follow.
    if ((m_states[index] & (kHintedFlag | kStateMask)) != (kHintedFlag | kPending)) continue;
#ifdef WIRELAB_PREFETCH_STATS
    g_prefetchStats.onFollowed(index, generationOf(m_states[index]), m_dispatched, slotAt(index).hint);
#endif
    slotAt(index).hint.prefetch();
    ++m_followedAhead;
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
