// File: sim/core/prefetch.h
// Prefetch hints: what memory an event will touch when it runs, named when it is scheduled, so
// that the scheduler can start loading it a few dozen events earlier.
//
// Why: with 100,000 connections the state an event touches (the connection a packet arrives at,
// the owner of a timer) is almost never in cache, and a discrete-event loop runs one event at a
// time, so each miss costs its full latency (about 150 ns here, 300 ns with a TLB miss) unless
// something loads it ahead. The scheduler knows which events come next (scheduler.h); the models
// know what those events will touch. A hint is only ever passed to a prefetch instruction, never
// dereferenced, so a stale one (the object is gone) costs a wasted load and nothing else: hints
// cannot change results.
//
//   sched.scheduleAt(t, [this] { onTimeout(); }, PrefetchHint{PrefetchTarget(this, sizeof(*this))});
#pragma once

#include <cstddef>
#include <cstdint>

namespace wirelab::sim {

// One region to prefetch: an address and a length, packed in 8 bytes (user-space addresses fit in
// 48 bits on x86-64 and AArch64; the top 16 bits hold the number of cache lines).
class PrefetchTarget {
 public:
  static constexpr std::size_t kLineBytes = 64;
  // Longer regions are cut: a hint covers what an event touches first (an object, or the
  // allocation-cluster block of objects it walks through), not a whole table.
  static constexpr std::size_t kMaxLines = 64;

  constexpr PrefetchTarget() = default;
  PrefetchTarget(const void* address, std::size_t bytes) {
    const auto a = reinterpret_cast<std::uintptr_t>(address);
    if (address == nullptr || bytes == 0 || (a >> kAddressBits) != 0) return;  // no hint
    const std::size_t lines = (a % kLineBytes + bytes + kLineBytes - 1) / kLineBytes;
    m_bits = a | (std::uint64_t{lines < kMaxLines ? lines : kMaxLines} << kAddressBits);
  }

  bool empty() const { return m_bits == 0; }
  // Whether every line of `other` is among this region's lines.
  bool covers(const PrefetchTarget& other) const {
    if (m_bits == 0 || other.m_bits == 0) return false;
    const auto first = reinterpret_cast<std::uintptr_t>(address()) / kLineBytes;
    const auto otherFirst = reinterpret_cast<std::uintptr_t>(other.address()) / kLineBytes;
    return otherFirst >= first && otherFirst + other.lines() <= first + lines();
  }
  const void* address() const { return reinterpret_cast<const void*>(m_bits & kAddressMask); }
  std::size_t lines() const { return static_cast<std::size_t>(m_bits >> kAddressBits); }

  // Issues the prefetches (read, keep in all cache levels).
  void prefetch() const {
    if (m_bits == 0) return;
    const auto* p = static_cast<const char*>(address());
    const std::size_t n = lines();
    for (std::size_t i = 0; i < n; ++i) {
      const char* line = p + i * kLineBytes;
      __builtin_prefetch(line);
      // GCC counts a prefetch as no side effect and, with -ffinite-loops (on from -O2 in C++),
      // may delete a loop made only of prefetches: at -O2 it deleted this one wherever it was
      // inlined, and at -O3 in some callers. The empty asm "uses" each address and keeps it.
      asm volatile("" : : "r"(line));
    }
  }

 private:
  static constexpr int kAddressBits = 48;
  static constexpr std::uint64_t kAddressMask = (std::uint64_t{1} << kAddressBits) - 1;
  std::uint64_t m_bits = 0;
};

// Up to three regions per event: for a packet arriving at a transport endpoint, say, the
// demultiplexing entry, the connection, and the application state behind it.
struct PrefetchHint {
  static constexpr int kTargets = 3;
  PrefetchTarget targets[kTargets];

  bool empty() const { return targets[0].empty() && targets[1].empty() && targets[2].empty(); }
  void prefetch() const {
    for (const PrefetchTarget& target : targets) target.prefetch();
  }
};

}  // namespace wirelab::sim
