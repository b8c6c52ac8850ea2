// The descriptor FIFO: order kept across the move from inline storage to the heap ring and across
// wrap-around, and owned resources released when a descriptor leaves.
#include "models/messaging/message_queue.h"

#include <gtest/gtest.h>

#include <memory>
#include <vector>

namespace wirelab::models::messaging {
namespace {

std::vector<int> contents(const MessageQueue<int>& q) {
  std::vector<int> v;
  for (const int x : q) v.push_back(x);
  return v;
}

TEST(MessageQueue, KeepsOrderInlineOnTheHeapAndAcrossWrapAround) {
  MessageQueue<int> q;
  int next = 0, expected = 0;
  // Sizes 0..9 in turn, each reached from a different head position.
  for (int round = 0; round < 10; ++round) {
    for (int i = 0; i < round; ++i) q.push_back(next++);
    ASSERT_EQ(q.size(), static_cast<std::size_t>(round));
    std::vector<int> want;
    for (int i = 0; i < round; ++i) want.push_back(expected + i);
    EXPECT_EQ(contents(q), want);
    for (int i = 0; i < round; ++i) {
      ASSERT_EQ(q.front(), expected++);
      q.pop_front();
    }
    EXPECT_TRUE(q.empty());
  }
  // Interleaved: one in, one out, with a standing backlog of three.
  for (int i = 0; i < 3; ++i) q.push_back(next++);
  for (int i = 0; i < 50; ++i) {
    q.push_back(next++);
    ASSERT_EQ(q.front(), expected++);
    q.pop_front();
  }
  EXPECT_EQ(q.size(), 3u);
}

TEST(MessageQueue, PopReleasesWhatTheDescriptorOwns) {
  MessageQueue<std::shared_ptr<int>> q;
  auto shared = std::make_shared<int>(7);
  q.push_back(shared);
  q.push_back(shared);
  q.push_back(shared);  // moves to the heap ring
  EXPECT_EQ(shared.use_count(), 4);
  q.pop_front();
  q.pop_front();
  EXPECT_EQ(shared.use_count(), 2);
}

}  // namespace
}  // namespace wirelab::models::messaging
