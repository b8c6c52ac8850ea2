// What an ACK credits to window growth: RFC 3465 counts every byte the cumulative ACK newly covers,
// so the ACK that ends a SACK recovery credits the whole window SACKed during it; Linux
// (linuxDeliveredCredit, the "linux" profile) counts each segment once, when it is delivered
// (tcp_newly_delivered()), so that ACK credits only the repaired hole.
#include <gtest/gtest.h>

#include "models/transport/tcp/tcp_stack.h"
#include "tests/models/transport/tcp/tcp_fixture.h"

namespace wirelab::models::transport::tcp {
namespace {

using namespace wirelab::sim;

// One segment lost in slow start on a 40 ms path; NewReno, so that congestion avoidance grows one
// segment per window of credited bytes. Returns how long after the fast retransmit the window
// first grows.
Duration firstGrowthAfterRecovery(bool linuxDeliveredCredit) {
  testing::TcpPair t(testing::withLostPackets(testing::link(Mbps(100), Milliseconds(20)), {60}),
                     testing::link(Mbps(100), Milliseconds(20)));
  TcpConfig cfg = *tcpProfile("linux");
  cfg.congestionControl = cc::Algorithm::NewReno;
  cfg.hystartPlusPlus = false;
  cfg.linuxDeliveredCredit = linuxDeliveredCredit;
  t.serverStack->listen(80, cfg, [](TcpConnection&) {});
  TcpConnection& c = t.clientStack->connect({t.server, 80}, cfg);
  SimTime recoveryStart = SimTime::zero();
  Duration growth = Duration::zero();
  std::uint64_t cwndAtRecovery = 0;
  c.traces().windowChanged.connect([&](const TcpConnection::WindowSample& w) {
    if (recoveryStart == SimTime::zero() && w.cwnd == w.ssthresh) {
      recoveryStart = w.time;
      cwndAtRecovery = w.cwnd;
    } else if (recoveryStart != SimTime::zero() && growth == Duration::zero() && w.cwnd > cwndAtRecovery) {
      growth = w.time - recoveryStart;
    }
  });
  c.callbacks().onConnected = [&c] { c.send(3'000'000); };
  t.sim.scheduler.runUntil(SimTime::zero() + Seconds(2));
  EXPECT_EQ(c.counters().fastRetransmits, 1u);
  return growth;
}

TEST(TcpGrowthCredit, TheAckEndingARecoveryCreditsTheWholeWindowByRfc3465AndOnlyTheHoleLikeLinux) {
  // The recovery ends one round trip after the fast retransmit. Credited the whole SACKed window,
  // congestion avoidance adds a segment at once; credited one segment, it needs a window more.
  const Duration rfc = firstGrowthAfterRecovery(false);
  const Duration linuxCredit = firstGrowthAfterRecovery(true);
  EXPECT_GT(rfc, Milliseconds(40));
  EXPECT_LT(rfc, Milliseconds(60));
  EXPECT_GT(linuxCredit, Milliseconds(60));
  EXPECT_LT(linuxCredit, Milliseconds(100));
}

}  // namespace
}  // namespace wirelab::models::transport::tcp
