#include "sim/metrics/counter.h"

#include <gtest/gtest.h>

namespace wirelab::sim {
namespace {

TEST(Counter, AddsOneByDefaultAndAmountsOtherwise) {
  Counter c;
  EXPECT_EQ(c.value(), 0);
  c.add();
  c.add();
  c.add(1500);
  EXPECT_EQ(c.value(), 1502);
  c.reset();
  EXPECT_EQ(c.value(), 0);
}

TEST(Counter, StaysExactBeyondDoublePrecision) {
  // 2^53 + 1 is where a double counter would start losing increments.
  Counter c;
  c.add(std::int64_t{1} << 53);
  c.add();
  EXPECT_EQ(c.value(), (std::int64_t{1} << 53) + 1);
}

}  // namespace
}  // namespace wirelab::sim
