// File: tests/models/transport/quic/stream_halves_test.cpp
// The stream halves over their interval sets (sim/core/range_set.h): each byte delivered once, in
// order; lost data resent first, acknowledged bytes skipped.
#include <gtest/gtest.h>

#include "models/transport/quic/recv_stream.h"
#include "models/transport/quic/send_stream.h"

namespace wirelab::models::transport::quic {
namespace {

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
