#include "models/transport/tcp/tcp_trace_collector.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <memory>
#include <string>

#include "models/transport/tcp/tcp_stack.h"
#include "tests/models/transport/tcp/tcp_fixture.h"

namespace wirelab::models::transport::tcp {
namespace {

using namespace wirelab::sim;

TEST(TcpTraceCollector, RecordsTheWindowStoryWithItsCauses) {
  // 2 MB through a 10 Mbit/s link with one lost data segment: slow start, a fast retransmit with
  // its multiplicative decrease, congestion avoidance.
  testing::TcpPair t(testing::withLostPackets(testing::link(Mbps(10), Milliseconds(20)), {30}),
                     testing::link(Mbps(10), Milliseconds(20)));
  std::unique_ptr<TcpTraceCollector> receiverTrace;
  t.serverStack->listen(80, TcpConfig{}, [&](TcpConnection& s) {
    receiverTrace = std::make_unique<TcpTraceCollector>(s, t.sim.scheduler);
  });
  TcpConnection& c = t.clientStack->connect({t.server, 80}, TcpConfig{});
  TcpTraceCollector trace(c, t.sim.scheduler);
  c.callbacks().onConnected = [&] { c.send(2'000'000); };
  t.sim.scheduler.runUntil(SimTime::zero() + Seconds(10));

  ASSERT_GT(trace.cwndBytes().size(), 100u);
  EXPECT_EQ(trace.cwndBytes().samples().front().value, 10.0 * 1448);  // the initial window
  EXPECT_EQ(trace.retransmissions().size(), 1u);
  ASSERT_FALSE(trace.ssthreshBytes().empty());  // set by the one loss
  const auto& causes = trace.causeChanges();
  const auto has = [&causes](const std::string& text) {
    return std::any_of(causes.begin(), causes.end(), [&](const auto& e) { return e.cause == text; });
  };
  EXPECT_TRUE(has("initial window"));
  EXPECT_TRUE(has("slow start"));
  EXPECT_TRUE(has("fast retransmit after 3 duplicate ACKs"));
  EXPECT_TRUE(has("congestion avoidance"));
  // State changes and retransmissions are recorded with their causes and times (the collector
  // subscribed after connect(): SYN-SENT came before it).
  ASSERT_EQ(trace.events().size(), 2u);
  EXPECT_EQ(trace.events()[0].what, "ESTABLISHED");
  EXPECT_EQ(trace.events()[0].cause, "handshake complete");
  EXPECT_EQ(trace.events()[0].time.nanoseconds(), 40'000'000 + 2 * 60 * 8 * 100);
  EXPECT_EQ(trace.events()[1].what, "retransmit");
  EXPECT_EQ(trace.events()[1].cause, "fast retransmit after 3 duplicate ACKs");
  // The receiving side's delivered-bytes series ends at the whole transfer and never decreases.
  ASSERT_TRUE(receiverTrace);
  ASSERT_FALSE(receiverTrace->deliveredBytes().empty());
  EXPECT_EQ(receiverTrace->deliveredBytes().samples().back().value, 2'000'000.0);
  // Smoothed RTT settles near the path's 40 ms plus queueing.
  EXPECT_GT(trace.smoothedRttMs().samples().back().value, 40.0);
}

}  // namespace
}  // namespace wirelab::models::transport::tcp
