#include "sim/core/radix_heap.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <queue>
#include <random>
#include <set>
#include <vector>

namespace wirelab::sim {
namespace {

using Key = RadixHeap::Key;

Key makeKey(std::uint64_t hi, std::uint64_t lo) { return (static_cast<Key>(hi) << 64) | lo; }

TEST(RadixHeap, MatchesAPriorityQueueUnderMonotoneUse) {
  // Interleaved pushes (never below the last pop) and pops, with keys spread over both halves.
  RadixHeap heap;
  std::priority_queue<Key, std::vector<Key>, std::greater<>> reference;
  std::mt19937_64 rng(12);
  Key last = 0;
  std::uint64_t sequence = 0;
  for (int step = 0; step < 200000; ++step) {
    if (reference.empty() || rng() % 3 != 0) {
      const std::uint64_t time =
          static_cast<std::uint64_t>(last >> 64) + rng() % (rng() % 2 ? 50 : 5'000'000);
      const Key k = makeKey(time, ++sequence);
      heap.push(k);
      reference.push(k);
    } else {
      const auto got = heap.popIfAtMost(~Key{0});
      ASSERT_TRUE(got.has_value());
      ASSERT_TRUE(*got == reference.top()) << "step " << step;
      last = reference.top();
      reference.pop();
    }
    ASSERT_EQ(heap.size(), reference.size());
  }
}

TEST(RadixHeap, StaysExactWhenLargeBucketsGiveTheirStorageBack) {
  // Waves of keys seconds ahead (each wave fills a high-level bucket with thousands of keys, far
  // above what a split bucket keeps), popped while the next wave is pushed, as polling timers are.
  RadixHeap heap;
  std::priority_queue<Key, std::vector<Key>, std::greater<>> reference;
  std::mt19937_64 rng(3);
  std::uint64_t now = 0, sequence = 0;
  for (int wave = 0; wave < 6; ++wave) {
    for (int i = 0; i < 20000; ++i) {
      const Key k = makeKey(now + 5'000'000'000 + rng() % 5'000'000'000, ++sequence);
      heap.push(k);
      reference.push(k);
    }
    for (int i = 0; i < 15000; ++i) {
      const auto got = heap.popIfAtMost(~Key{0});
      ASSERT_TRUE(got.has_value());
      ASSERT_TRUE(*got == reference.top()) << "wave " << wave << ", pop " << i;
      now = static_cast<std::uint64_t>(reference.top() >> 64);
      reference.pop();
    }
  }
  while (!reference.empty()) {
    const auto got = heap.popIfAtMost(~Key{0});
    ASSERT_TRUE(got.has_value());
    ASSERT_TRUE(*got == reference.top());
    reference.pop();
  }
  EXPECT_TRUE(heap.empty());
}

TEST(RadixHeap, AnnouncesEachKeyAtMostOnceBeforeItsRemoval) {
  // Events arriving the way a simulation's do: most a little ahead, some far, some inside the run.
  RadixHeap heap;
  std::set<Key> announced, removed;
  std::size_t announcedTwice = 0, removedUnannounced = 0, joinedRun = 0;
  const auto announce = [&](Key k) {
    if (!announced.insert(k).second) ++announcedTwice;
  };
  std::mt19937_64 rng(7);
  std::uint64_t now = 0, sequence = 0;
  for (int step = 0; step < 100000; ++step) {
    if (heap.empty() || rng() % 2 == 0) {
      const std::uint64_t delay = rng() % 4 == 0 ? rng() % 5'000'000'000 : rng() % 200'000;
      const Key k = makeKey(now + delay, ++sequence);
      if (heap.push(k)) {
        ++joinedRun;
        announce(k);
      }
    } else {
      const auto got = heap.popIfAtMost(~Key{0}, announce);
      ASSERT_TRUE(got.has_value());
      if (announced.count(*got) == 0) ++removedUnannounced;
      removed.insert(*got);
      now = static_cast<std::uint64_t>(*got >> 64);
    }
  }
  EXPECT_EQ(announcedTwice, 0u);
  EXPECT_GT(joinedRun, 0u);  // the push path into the run was exercised
  // Only the minimum of a bucket too large for the run is removed unannounced (it is next at once).
  EXPECT_LT(removedUnannounced, removed.size() / 10);
}

TEST(RadixHeap, ThousandsOfKeysBelowTheRunsComeOutInOrder) {
  // A fan-out schedules many events at once, earlier than keys already sorted into the runs.
  RadixHeap heap;
  for (std::uint64_t i = 0; i < 200; ++i) heap.push(makeKey(1'000'000 + i * 1'000, i));
  ASSERT_TRUE(heap.popIfAtMost(~Key{0}).has_value());  // forms the run (and the next one)
  std::vector<Key> expected;
  for (std::uint64_t i = 0; i < 10'000; ++i) {
    const Key k = makeKey(1'000'500 + (i * 7919) % 150'000, 1'000 + i);
    expected.push_back(k);
    heap.push(k);
  }
  for (std::uint64_t i = 1; i < 200; ++i) expected.push_back(makeKey(1'000'000 + i * 1'000, i));
  std::sort(expected.begin(), expected.end());
  for (const Key k : expected) {
    const auto got = heap.popIfAtMost(~Key{0});
    ASSERT_TRUE(got.has_value());
    ASSERT_TRUE(*got == k);
  }
  EXPECT_TRUE(heap.empty());
}

TEST(RadixHeap, PopIfAtMostLeavesLargerMinimaInPlace) {
  RadixHeap heap;
  heap.push(makeKey(10, 1));
  heap.push(makeKey(20, 2));
  EXPECT_FALSE(heap.popIfAtMost(makeKey(9, ~0ULL)).has_value());
  EXPECT_EQ(heap.size(), 2u);
  // A key below the refused minimum may still be pushed afterwards.
  heap.push(makeKey(5, 3));
  const auto first = heap.popIfAtMost(makeKey(10, ~0ULL));
  ASSERT_TRUE(first.has_value());
  EXPECT_TRUE(*first == makeKey(5, 3));
  EXPECT_TRUE(*heap.popIfAtMost(makeKey(10, ~0ULL)) == makeKey(10, 1));
  EXPECT_FALSE(heap.popIfAtMost(makeKey(19, 0)).has_value());
  EXPECT_TRUE(*heap.popIfAtMost(~Key{0}) == makeKey(20, 2));
  EXPECT_TRUE(heap.empty());
}

TEST(RadixHeap, FilterKeepsOrderOfTheSurvivors) {
  RadixHeap heap;
  for (std::uint64_t i = 0; i < 1000; ++i) heap.push(makeKey(i * 7919 % 1000, i));
  heap.filter([](Key k) { return (static_cast<std::uint64_t>(k) % 2) == 0; });
  EXPECT_EQ(heap.size(), 500u);
  Key previous = 0;
  while (auto k = heap.popIfAtMost(~Key{0})) {
    EXPECT_TRUE(*k >= previous);
    EXPECT_EQ(static_cast<std::uint64_t>(*k) % 2, 0u);
    previous = *k;
  }
}

}  // namespace
}  // namespace wirelab::sim
