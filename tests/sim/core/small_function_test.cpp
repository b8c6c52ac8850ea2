// SmallFunction: std::function's behaviour (call, copy, move, empty, nullptr) in 16 bytes, with
// one-word callables inline and larger ones on the heap; each callable destroyed exactly once.
#include "sim/core/small_function.h"

#include <gtest/gtest.h>

#include <cstdint>
#include <functional>
#include <memory>
#include <string>
#include <utility>

namespace wirelab::sim {
namespace {

struct Counter {
  int calls = 0;
  void hit(int by) { calls += by; }
};

int twice(int v) { return 2 * v; }

TEST(SmallFunction, IsTwoWordsAndCallsALambdaThatCapturesOnePointer) {
  static_assert(sizeof(SmallFunction<void(std::uint64_t)>) == 16);
  Counter counter;
  SmallFunction<void(int)> f = [c = &counter](int by) { c->hit(by); };
  ASSERT_TRUE(f);
  f(3);
  f(4);
  EXPECT_EQ(counter.calls, 7);
}

TEST(SmallFunction, StartsEmptyAndEmptiesOnNullptrOrAnEmptySource) {
  SmallFunction<int(int)> f;
  EXPECT_FALSE(f);
  f = twice;
  ASSERT_TRUE(f);
  EXPECT_EQ(f(21), 42);
  f = nullptr;
  EXPECT_FALSE(f);
  int (*none)(int) = nullptr;
  f = none;
  EXPECT_FALSE(f);
  f = std::function<int(int)>();
  EXPECT_FALSE(f);
  f = std::function<int(int)>(twice);
  ASSERT_TRUE(f);
  EXPECT_EQ(f(5), 10);
}

TEST(SmallFunction, KeepsALargerCallableOnTheHeapAndCopiesItByValue) {
  const std::string prefix = "a string longer than the small-string buffer: ";
  int seen = 0;
  SmallFunction<std::string(const std::string&)> f = [prefix, &seen, n = 0](const std::string& s) mutable {
    ++n;
    seen = n;
    return prefix + s;
  };
  EXPECT_EQ(f("x"), prefix + "x");
  SmallFunction<std::string(const std::string&)> copy = f;
  EXPECT_EQ(copy("y"), prefix + "y");
  EXPECT_EQ(seen, 2);  // the copy's count started from the original's (1), not from 0
  EXPECT_EQ(f("z"), prefix + "z");
  EXPECT_EQ(seen, 2);  // the original's own count: 2, unchanged by the copy's call
}

TEST(SmallFunction, DestroysEachCallableOnceWhetherInlineOrOnTheHeap) {
  auto token = std::make_shared<int>(0);
  {
    SmallFunction<void()> small = [t = token.get()] { (void)t; };
    SmallFunction<void()> large = [token] {};  // a shared_ptr: 16 bytes
    EXPECT_EQ(token.use_count(), 2);
    SmallFunction<void()> copied = large;
    EXPECT_EQ(token.use_count(), 3);
    SmallFunction<void()> moved = std::move(large);
    EXPECT_FALSE(large);  // NOLINT(bugprone-use-after-move): a moved-from function is empty
    EXPECT_EQ(token.use_count(), 3);
    copied = nullptr;
    EXPECT_EQ(token.use_count(), 2);
    moved = std::move(small);
    EXPECT_EQ(token.use_count(), 1);  // assigning over `moved` destroyed what it held
    moved();
  }
  EXPECT_EQ(token.use_count(), 1);
}

TEST(SmallFunction, PassesMoveOnlyArgumentsAndReturnsValues) {
  SmallFunction<int(std::unique_ptr<int>)> take = [](std::unique_ptr<int> p) { return *p + 1; };
  EXPECT_EQ(take(std::make_unique<int>(41)), 42);
  Counter counter;
  SmallFunction<void(int)> bound = std::bind_front(&Counter::hit, &counter);  // 24 bytes: on the heap
  bound(5);
  EXPECT_EQ(counter.calls, 5);
}

}  // namespace
}  // namespace wirelab::sim
