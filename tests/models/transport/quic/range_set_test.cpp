// File: tests/models/transport/quic/range_set_test.cpp
// The interval set under received packet numbers and stream bytes, and the stream halves.
#include "models/transport/quic/range_set.h"

#include <gtest/gtest.h>

#include "models/transport/quic/recv_stream.h"
#include "models/transport/quic/send_stream.h"

namespace wirelab::models::transport::quic {
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

TEST(RecvStream, DeliversEachByteOnceInOrder) {
  RecvStream r(1000);
  EXPECT_EQ(r.onFrame(100, 100, false), 200u);  // raises the highest offset to 200
  EXPECT_EQ(r.takeDeliverable().bytes, 0u);     // a hole at 0..100
  r.onFrame(0, 100, false);
  EXPECT_EQ(r.takeDeliverable().bytes, 200u);
  r.onFrame(50, 100, false);  // duplicate data: nothing new
  EXPECT_EQ(r.takeDeliverable().bytes, 0u);
  r.onFrame(200, 50, true);
  const StreamDelivery last = r.takeDeliverable();
  EXPECT_EQ(last.bytes, 50u);
  EXPECT_TRUE(last.fin);
  EXPECT_EQ(r.delivered(), 250u);
}

TEST(SendStream, LostDataGoesFirstAndSkipsAcknowledgedBytes) {
  SendStream s;
  s.write(3000, true);
  StreamChunk a = s.nextChunk(1000, UINT64_MAX);
  s.onSent(a);
  StreamChunk b = s.nextChunk(1000, UINT64_MAX);
  s.onSent(b);
  StreamChunk c = s.nextChunk(1000, UINT64_MAX);
  EXPECT_TRUE(c.fin);
  s.onSent(c);
  s.onAcked(1000, 1000, false);
  s.onLost(0, 1000, false);
  s.onLost(1000, 1000, false);  // acknowledged meanwhile: nothing to resend
  StreamChunk r = s.nextChunk(5000, 0);
  EXPECT_TRUE(r.retransmission);
  EXPECT_EQ(r.offset, 0u);
  EXPECT_EQ(r.length, 1000u);
  s.onSent(r);
  s.onAcked(0, 1000, false);
  s.onAcked(2000, 1000, true);
  EXPECT_TRUE(s.allAcknowledged());
}

}  // namespace
}  // namespace wirelab::models::transport::quic
