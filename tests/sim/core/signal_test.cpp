#include "sim/core/signal.h"

#include <gtest/gtest.h>

#include <vector>

namespace wirelab::sim {
namespace {

TEST(Signal, AnUnsubscribedSignalIsOnePointerAndEmitsToNobody) {
  static_assert(sizeof(Signal<int, const char*>) == sizeof(void*));
  Signal<int> signal;
  EXPECT_FALSE(signal.hasSubscribers());
  signal(7);  // must not crash with nothing behind the pointer
  EXPECT_FALSE(signal.hasSubscribers());
}

TEST(Signal, EverySubscriberHearsEveryEmissionInTheOrderTheyConnected) {
  Signal<int> signal;
  std::vector<int> heard;
  const std::size_t first = signal.connect([&](int v) { heard.push_back(v); });
  const std::size_t second = signal.connect([&](int v) { heard.push_back(100 + v); });
  EXPECT_EQ(first, 0U);
  EXPECT_EQ(second, 1U);
  EXPECT_TRUE(signal.hasSubscribers());
  signal(1);
  signal(2);
  EXPECT_EQ(heard, (std::vector<int>{1, 101, 2, 102}));
}

TEST(Signal, ADisconnectedSubscriberHearsNothingMoreAndTheOthersStillDo) {
  Signal<int> signal;
  int a = 0, b = 0;
  const std::size_t first = signal.connect([&](int v) { a += v; });
  signal.connect([&](int v) { b += v; });
  signal(5);
  signal.disconnect(first);
  signal.disconnect(99);  // an index never handed out is ignored
  signal(3);
  EXPECT_EQ(a, 5);
  EXPECT_EQ(b, 8);
}

TEST(Signal, AMovedSignalTakesItsSubscribersAlong) {
  Signal<int> source;
  int heard = 0;
  source.connect([&](int v) { heard += v; });
  Signal<int> moved = std::move(source);
  moved(4);
  EXPECT_EQ(heard, 4);
  EXPECT_TRUE(moved.hasSubscribers());
}

}  // namespace
}  // namespace wirelab::sim
