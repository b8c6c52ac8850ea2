// File: sim/core/prefetch_stats.h
// What the scheduler's prefetch hints do, counted over the whole process and printed to stderr at
// exit: compiled into the scheduler only with -DWIRELAB_PREFETCH_STATS (bench/README.md, "Many
// clients on one core"; sim/core/CMakeLists.txt builds that variant in every build so that it does
// not rot); it changes no result. "Lead": how many events were dispatched between an event's hint
// being followed (its first time) and the event itself.
#pragma once

#include <cstdint>
#include <cstdio>
#include <vector>

#include "sim/core/prefetch.h"

namespace wirelab::sim {

struct PrefetchStats {
  std::uint64_t dispatched = 0;
  std::uint64_t hintedDispatched = 0;  // dispatched with a hint while hints were followed
  std::uint64_t notFollowed = 0;       // of those, dispatched before their hint was followed
  std::uint64_t noted = 0, ringFull = 0, lookedAt = 0;
  std::uint64_t followed[PrefetchHint::kTargets + 1] = {};  // first follows, by regions named
  std::uint64_t lines[PrefetchHint::kTargets + 1] = {};     // lines they prefetched
  std::uint64_t refollowed = 0, refollowedLines = 0;        // the same event's hint followed again
  std::uint64_t lead[8] = {};                     // 1, 2-3, 4-7, 8-15, 16-63, 64-255, 256-1023, 1024+ events
  std::vector<std::uint32_t> followedGeneration;  // per slot: the generation whose hint was followed
  std::vector<std::uint64_t> followedAt;          // per slot: events dispatched then

  // `generation`: the slot's event's (never 0, which the scheduler reserves: "not followed").
  void onFollowed(std::uint32_t index, std::uint32_t generation, std::uint64_t now,
                  const PrefetchHint& hint) {
    std::size_t regions = 0, n = 0;
    for (const PrefetchTarget& t : hint.targets) {
      regions += t.empty() ? 0 : 1;
      n += t.lines();
    }
    if (followedGeneration.size() <= index) {
      followedGeneration.resize(index + 1 + index / 2, 0);
      followedAt.resize(followedGeneration.size(), 0);
    }
    if (followedGeneration[index] == generation) {
      ++refollowed;
      refollowedLines += n;
      return;
    }
    followedGeneration[index] = generation;
    followedAt[index] = now;
    ++followed[regions];
    lines[regions] += n;
  }
  void onDispatch(std::uint32_t index, bool hinted, std::uint32_t generation, std::uint64_t now) {
    ++dispatched;
    if (!hinted) return;
    ++hintedDispatched;
    if (index >= followedGeneration.size() || followedGeneration[index] != generation) {
      ++notFollowed;
      return;
    }
    const std::uint64_t d = now - followedAt[index];
    const int bucket = d < 2      ? 0
                       : d < 4    ? 1
                       : d < 8    ? 2
                       : d < 16   ? 3
                       : d < 64   ? 4
                       : d < 256  ? 5
                       : d < 1024 ? 6
                                  : 7;
    ++lead[bucket];
  }
  ~PrefetchStats() {
    const auto u = [](std::uint64_t v) { return static_cast<unsigned long long>(v); };
    std::uint64_t first = 0, firstLines = 0;
    for (int r = 0; r <= PrefetchHint::kTargets; ++r) {
      first += followed[r];
      firstLines += lines[r];
    }
    std::fprintf(stderr,
                 "PREFETCH_STATS events=%llu hinted=%llu hints_followed=%llu lines=%llu (%.1f per event) "
                 "refollowed=%llu lines=%llu not_followed=%llu noted=%llu ring_full=%llu looked_at=%llu\n",
                 u(dispatched), u(hintedDispatched), u(first), u(firstLines),
                 dispatched ? static_cast<double>(firstLines) / static_cast<double>(dispatched) : 0.0,
                 u(refollowed), u(refollowedLines), u(notFollowed), u(noted), u(ringFull), u(lookedAt));
    for (int r = 1; r <= PrefetchHint::kTargets; ++r) {
      std::fprintf(stderr, "PREFETCH_STATS hints naming %d region(s): %llu followed, %.1f lines each\n", r,
                   u(followed[r]),
                   followed[r] ? static_cast<double>(lines[r]) / static_cast<double>(followed[r]) : 0.0);
    }
    std::fprintf(
        stderr,
        "PREFETCH_STATS lead (events): 1: %llu, 2-3: %llu, 4-7: %llu, 8-15: %llu, 16-63: %llu, 64-255: %llu, "
        "256-1023: %llu, 1024+: %llu\n",
        u(lead[0]), u(lead[1]), u(lead[2]), u(lead[3]), u(lead[4]), u(lead[5]), u(lead[6]), u(lead[7]));
  }
};

}  // namespace wirelab::sim
