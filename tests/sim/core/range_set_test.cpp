// File: tests/sim/core/range_set_test.cpp
// The interval set under QUIC's received packet numbers and stream bytes and TCP's out-of-order data.
#include "sim/core/range_set.h"

#include <gtest/gtest.h>

namespace wirelab::sim {
namespace {

TEST(RangeSet, AddMergesAndCountsNewValues) {
  RangeSet s;
  EXPECT_EQ(s.add(10, 20), 10u);
  EXPECT_EQ(s.add(30, 40), 10u);
  EXPECT_EQ(s.add(15, 35), 10u);  // only 20..30 is new; everything merges
  ASSERT_EQ(s.rangeCount(), 1u);
  EXPECT_EQ(s.front(), (ByteRange{10, 40}));
  EXPECT_EQ(s.add(40, 41), 1u);  // touching ranges merge
  EXPECT_EQ(s.rangeCount(), 1u);
  EXPECT_EQ(s.add(0, 5), 5u);
  EXPECT_EQ(s.rangeCount(), 2u);
  EXPECT_TRUE(s.contains(4));
  EXPECT_FALSE(s.contains(5));
  EXPECT_TRUE(s.covers(10, 41));
  EXPECT_FALSE(s.covers(4, 11));
}

TEST(RangeSet, RemoveSplitsAndTrims) {
  RangeSet s;
  s.add(0, 100);
  s.remove(10, 20);
  ASSERT_EQ(s.rangeCount(), 2u);
  EXPECT_EQ(s.ranges()[0], (ByteRange{0, 10}));
  EXPECT_EQ(s.ranges()[1], (ByteRange{20, 100}));
  s.remove(5, 30);
  EXPECT_EQ(s.ranges()[0], (ByteRange{0, 5}));
  EXPECT_EQ(s.ranges()[1], (ByteRange{30, 100}));
  s.removeBelow(50);
  ASSERT_EQ(s.rangeCount(), 1u);
  EXPECT_EQ(s.front(), (ByteRange{50, 100}));
}

}  // namespace
}  // namespace wirelab::sim
