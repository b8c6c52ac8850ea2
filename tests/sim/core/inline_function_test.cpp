// InlineFunction, the scheduler's event payload: calls, moves and destroys each callable exactly
// once, and says whether constructOverTrivial() may write over what it holds (nothing, or a
// trivially destructible callable); its assert() stops a write over a callable with a destructor.
//
// Assertions are on in this file whatever the build type, so that the death test below runs in
// Release builds too. (Only this file's own lambdas instantiate constructOverTrivial here; the
// scheduler's instantiations, compiled elsewhere, are other functions.)
#undef NDEBUG
#include "sim/core/inline_function.h"

#include <gtest/gtest.h>

#include <memory>
#include <utility>

namespace wirelab::sim {
namespace {

using Payload = InlineFunction<32, alignof(void*)>;

TEST(InlineFunction, CallsMovesAndDestroysItsCallableOnce) {
  auto counter = std::make_shared<int>(0);
  {
    Payload f = [counter] { ++*counter; };
    EXPECT_EQ(counter.use_count(), 2);
    f();
    Payload g = std::move(f);
    EXPECT_FALSE(f);  // NOLINT(bugprone-use-after-move): a moved-from payload is empty
    ASSERT_TRUE(g);
    g();
    EXPECT_EQ(*counter, 2);
    EXPECT_EQ(counter.use_count(), 2);  // moved, not copied
    g.reset();
    EXPECT_FALSE(g);
    EXPECT_EQ(counter.use_count(), 1);
  }
  EXPECT_EQ(counter.use_count(), 1);
}

TEST(InlineFunction, KnowsWhetherWhatItHoldsHasADestructorToRun) {
  int calls = 0;
  Payload f;
  EXPECT_TRUE(f.holdsNothingToDestroy());
  f.emplace([&calls] { ++calls; });  // a pointer capture: trivially destructible
  EXPECT_TRUE(f.holdsNothingToDestroy());
  f.emplace([owned = std::make_shared<int>(1)] { (void)owned; });
  EXPECT_FALSE(f.holdsNothingToDestroy());
  f.reset();
  EXPECT_TRUE(f.holdsNothingToDestroy());
}

TEST(InlineFunction, ConstructsOverATriviallyDestructibleCallableWithoutDestroyingIt) {
  int first = 0, second = 0;
  Payload f = [&first] { ++first; };
  f.constructOverTrivial([&second] { ++second; });
  f();
  EXPECT_EQ(first, 0);
  EXPECT_EQ(second, 1);
}

TEST(InlineFunctionDeathTest, ConstructingOverACallableWithADestructorIsStoppedByItsAssert) {
  EXPECT_DEATH(
      {
        Payload f = [owned = std::make_shared<int>(1)] { (void)owned; };
        f.constructOverTrivial([] {});
      },
      "holdsNothingToDestroy");
}

}  // namespace
}  // namespace wirelab::sim
