// Prefetch hints: the packed target keeps address and length, and hints never change what runs
// or in which order, including stale ones pointing at memory that is gone.
#include "sim/core/prefetch.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <cstdint>
#include <memory>
#include <utility>
#include <vector>

#include "sim/core/scheduler.h"

namespace wirelab::sim {
namespace {

TEST(PrefetchTarget, PacksAddressAndCacheLines) {
  alignas(64) static char buffer[4096];
  const PrefetchTarget oneLine(buffer, 64);
  EXPECT_EQ(oneLine.address(), buffer);
  EXPECT_EQ(oneLine.lines(), 1u);
  // A region that starts inside a line covers the lines it touches.
  EXPECT_EQ(PrefetchTarget(buffer + 60, 8).lines(), 2u);
  EXPECT_EQ(PrefetchTarget(buffer, 1000).lines(), 16u);
  EXPECT_EQ(PrefetchTarget(buffer, 4096).lines(), PrefetchTarget::kMaxLines);
  EXPECT_TRUE(PrefetchTarget(nullptr, 64).empty());
  EXPECT_TRUE(PrefetchTarget(buffer, 0).empty());
  EXPECT_TRUE(PrefetchTarget().empty());
  oneLine.prefetch();  // harmless
}

TEST(PrefetchTarget, CoversWhatLiesInItsLines) {
  alignas(64) static char buffer[8192];
  const PrefetchTarget block(buffer, 1000);  // lines 0 to 15
  EXPECT_TRUE(block.covers(PrefetchTarget(buffer, 1000)));
  EXPECT_TRUE(block.covers(PrefetchTarget(buffer + 100, 200)));
  EXPECT_TRUE(block.covers(PrefetchTarget(buffer + 1000, 20)));   // in the last line, past the bytes
  EXPECT_FALSE(block.covers(PrefetchTarget(buffer + 1000, 30)));  // reaches line 16
  EXPECT_FALSE(PrefetchTarget(buffer + 64, 100).covers(PrefetchTarget(buffer, 8)));
  EXPECT_FALSE(block.covers(PrefetchTarget()));
  EXPECT_FALSE(PrefetchTarget().covers(block));
  // A region cut at kMaxLines covers only the lines it keeps.
  const PrefetchTarget cut(buffer, 8192);
  EXPECT_TRUE(cut.covers(PrefetchTarget(buffer + 63 * 64, 64)));
  EXPECT_FALSE(cut.covers(PrefetchTarget(buffer + 64 * 64, 64)));
}

TEST(PrefetchHint, HintedEventsRunInOrderEvenWithStaleHints) {
  // Enough pending events that the scheduler follows hints; every event names memory, half of it
  // freed before the event runs. The order must be exactly time, then FIFO.
  Scheduler sched;
  std::vector<int> order;
  std::vector<int> expected;
  constexpr int kEvents = 20'000;
  std::vector<std::unique_ptr<std::uint64_t[]>> blocks;
  for (int i = 0; i < kEvents; ++i) {
    blocks.push_back(std::make_unique<std::uint64_t[]>(32));
    const int at = (i * 7919) % 5000;  // times collide: FIFO among equals
    sched.scheduleAt(
        SimTime::zero() + Microseconds(at), [&order, i] { order.push_back(i); },
        PrefetchHint{{PrefetchTarget(blocks.back().get(), 256)}});
  }
  for (int i = 0; i < kEvents; i += 2) blocks[static_cast<std::size_t>(i)].reset();
  EXPECT_TRUE(sched.wantsPrefetchHints());
  std::vector<std::pair<int, int>> keyed;
  for (int i = 0; i < kEvents; ++i) keyed.emplace_back((i * 7919) % 5000, i);
  std::stable_sort(keyed.begin(), keyed.end(),
                   [](const auto& a, const auto& b) { return a.first < b.first; });
  for (const auto& k : keyed) expected.push_back(k.second);
  sched.run();
  EXPECT_EQ(order, expected);
}

}  // namespace
}  // namespace wirelab::sim
