#include "models/transport/tcp/out_of_order_ranges.h"

#include <gtest/gtest.h>

#include <random>
#include <vector>

namespace wirelab::models::transport::tcp {
namespace {

using Range = OutOfOrderRanges::Range;

std::vector<Range> contents(const OutOfOrderRanges& r) { return {r.begin(), r.end()}; }

TEST(OutOfOrderRanges, IsEmptyAndHoldsNothingUntilTheFirstRange) {
  OutOfOrderRanges r;
  EXPECT_TRUE(r.empty());
  EXPECT_EQ(r.size(), 0u);
  EXPECT_EQ(r.begin(), r.end());
  r.noteSegment(500);  // nothing is kept before the first out-of-order segment
  EXPECT_EQ(r.latestSegmentStart(), 0u);
  EXPECT_EQ(r.pullContiguous(100), 100u);
  EXPECT_TRUE(r.empty());
}

TEST(OutOfOrderRanges, MergesOverlappingAndTouchingRangesInOrder) {
  OutOfOrderRanges r;
  r.add(300, 400);
  r.add(100, 200);
  EXPECT_EQ(contents(r), (std::vector<Range>{{100, 200}, {300, 400}}));
  r.add(200, 250);  // touches the first
  r.add(390, 500);  // overlaps the second
  EXPECT_EQ(contents(r), (std::vector<Range>{{100, 250}, {300, 500}}));
  r.add(240, 310);  // bridges both
  EXPECT_EQ(contents(r), (std::vector<Range>{{100, 500}}));
  EXPECT_EQ(r.latestSegmentStart(), 240u);
}

TEST(OutOfOrderRanges, PullsWhatDeliveredDataMadeContiguous) {
  OutOfOrderRanges r;
  r.add(200, 300);
  r.add(400, 500);
  EXPECT_EQ(r.pullContiguous(150), 150u);  // a gap remains before 200
  EXPECT_EQ(r.size(), 2u);
  EXPECT_EQ(r.pullContiguous(200), 300u);  // the first range joins; the gap before 400 stays
  EXPECT_EQ(contents(r), (std::vector<Range>{{400, 500}}));
  EXPECT_EQ(r.pullContiguous(450), 500u);  // delivered data reaching into a range
  EXPECT_TRUE(r.empty());
}

TEST(OutOfOrderRanges, RemembersTheLatestSegmentOnceRangesExist) {
  OutOfOrderRanges r;
  r.add(1000, 1100);
  EXPECT_EQ(r.latestSegmentStart(), 1000u);
  r.noteSegment(0);  // an in-order segment: the next SACK block leads with none of the ranges
  EXPECT_EQ(r.latestSegmentStart(), 0u);
  r.noteSegment(1000);
  EXPECT_EQ(r.latestSegmentStart(), 1000u);
}

// Random segments against a byte map of what has been received beyond rcv.nxt: the ranges are
// exactly the received bytes, disjoint, sorted and never touching.
TEST(OutOfOrderRanges, AgreesWithAByteMapUnderRandomSegments) {
  std::mt19937 rng(7);
  for (int round = 0; round < 50; ++round) {
    OutOfOrderRanges r;
    std::vector<bool> received(2000, false);
    std::uint64_t rcvNxt = 0;
    for (int i = 0; i < 200; ++i) {
      const std::uint64_t seq = rcvNxt + rng() % 300;
      const std::uint64_t end = std::min<std::uint64_t>(seq + 1 + rng() % 60, received.size());
      if (seq >= end) continue;
      if (seq == rcvNxt) {
        rcvNxt = r.pullContiguous(end);
        for (std::uint64_t b = seq; b < end; ++b) received[b] = true;
      } else {
        r.add(seq, end);
        for (std::uint64_t b = seq; b < end; ++b) received[b] = true;
      }
      std::vector<Range> expected;
      for (std::uint64_t b = rcvNxt; b < received.size(); ++b) {
        if (!received[b]) continue;
        if (!expected.empty() && expected.back().end == b) {
          ++expected.back().end;
        } else {
          expected.push_back({b, b + 1});
        }
      }
      ASSERT_EQ(contents(r), expected) << "round " << round << " segment " << i;
      ASSERT_TRUE(rcvNxt == received.size() || !received[rcvNxt]);
    }
  }
}

}  // namespace
}  // namespace wirelab::models::transport::tcp
