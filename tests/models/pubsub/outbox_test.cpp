// Outbox::passThrough: a message that would leave at once goes out as enqueue() then takeNext()
// would send it (same packet identifiers, same window), and is refused, changing nothing, when it
// would have to wait or be dropped.
#include "models/pubsub/outbox.h"

#include <gtest/gtest.h>

namespace wirelab::models::pubsub {
namespace {

Publication message(std::uint32_t sequence, Qos qos) {
  Publication p;
  p.id = MessageId{0, sequence};
  p.qos = qos;
  return p;
}

TEST(Outbox, PassThroughSendsWhatEnqueueThenTakeNextSend) {
  Outbox through(2, 10), queued(2, 10);
  const sim::SimTime t = sim::SimTime::zero() + sim::Seconds(1);
  for (std::uint32_t s = 0; s < 3; ++s) {
    const Qos qos = s == 1 ? Qos::AtMostOnce : Qos::AtLeastOnce;
    const auto a = through.passThrough(message(s, qos), t);
    ASSERT_TRUE(queued.enqueue(message(s, qos)));
    const auto b = queued.takeNext(t);
    ASSERT_TRUE(a && b) << s;
    EXPECT_EQ(a->publication.id, b->publication.id);
    EXPECT_EQ(a->packetId, b->packetId);
    EXPECT_EQ(through.unacknowledged(), queued.unacknowledged());
    EXPECT_EQ(through.queued(), 0u);
  }
  EXPECT_EQ(through.unacknowledged(), 2u);
  // The window is full: a QoS 1 message would wait, so it does not pass (and nothing changes).
  EXPECT_FALSE(through.passThrough(message(3, Qos::AtLeastOnce), t));
  EXPECT_EQ(through.unacknowledged(), 2u);
  EXPECT_EQ(through.queued(), 0u);
  // A QoS 0 message needs no window.
  EXPECT_TRUE(through.passThrough(message(4, Qos::AtMostOnce), t));
}

TEST(Outbox, NothingPassesAMessageThatIsWaiting) {
  Outbox box(1, 10);
  const sim::SimTime t = sim::SimTime::zero();
  ASSERT_TRUE(box.passThrough(message(0, Qos::AtLeastOnce), t));
  ASSERT_TRUE(box.enqueue(message(1, Qos::AtLeastOnce)));         // waits for the window
  EXPECT_FALSE(box.passThrough(message(2, Qos::AtMostOnce), t));  // order is kept
  EXPECT_EQ(box.queued(), 1u);
}

TEST(Outbox, NothingPassesWhereNothingMayBeQueued) {
  Outbox box(10, 0);  // enqueue() drops every message
  EXPECT_FALSE(box.enqueue(message(0, Qos::AtMostOnce)));
  EXPECT_FALSE(box.passThrough(message(0, Qos::AtMostOnce), sim::SimTime::zero()));
}

}  // namespace
}  // namespace wirelab::models::pubsub
