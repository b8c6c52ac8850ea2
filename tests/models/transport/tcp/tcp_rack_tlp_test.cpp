// RACK-TLP (RFC 8985) against plain SACK recovery on tail losses, where duplicate-ACK counting has
// too few segments after the loss to act and only a retransmission timeout (1 s here) would help.
#include <gtest/gtest.h>

#include <cstdio>

#include "models/transport/tcp/tcp_stack.h"
#include "tests/models/transport/tcp/tcp_fixture.h"

namespace wirelab::models::transport::tcp {
namespace {

using namespace wirelab::sim;

struct Result {
  double completionS = 0;
  TcpCounters counters;
};

// Five full segments in one flight over a 40 ms RTT path; client->server packet positions are
// 0 SYN, 1..5 the five data segments (the first carries the handshake's final ACK).
Result fiveSegments(std::uint64_t lostPosition, bool rackTlp) {
  testing::TcpPair t(testing::withLostPackets(testing::link(Mbps(100), Milliseconds(20)), {lostPosition}),
                     testing::link(Mbps(100), Milliseconds(20)));
  TcpConfig cfg;
  cfg.rackTlp = rackTlp;
  Result r;
  std::uint64_t received = 0;
  t.serverStack->listen(80, cfg, [&](TcpConnection& s) {
    s.callbacks().onData = [&](std::uint64_t n) {
      received += n;
      if (received == 5 * 1448) r.completionS = t.sim.scheduler.now().seconds();
    };
  });
  TcpConnection& c = t.clientStack->connect({t.server, 80}, cfg);
  c.callbacks().onConnected = [&] { c.send(5 * 1448); };
  t.sim.scheduler.runUntil(SimTime::zero() + Seconds(5));
  r.counters = c.counters();
  return r;
}

TEST(TcpRackTlp, RackRepairsALossFollowedByOneSegmentWithoutATimeout) {
  const Result sack = fiveSegments(4, false);  // the 4th data segment
  const Result rack = fiveSegments(4, true);
  std::printf("VALIDATION rack-tlp loss=4th-of-5 completion_s sack=%.4f rack=%.4f\n", sack.completionS,
              rack.completionS);
  EXPECT_EQ(sack.counters.timeouts, 1u);  // one duplicate ACK is not enough for RFC 6675
  EXPECT_GT(sack.completionS, 1.0);
  EXPECT_EQ(rack.counters.timeouts, 0u);
  EXPECT_EQ(rack.counters.fastRetransmits, 1u);
  // Handshake (1 RTT) + data (0.5 RTT) + the SACK back (0.5 RTT) + reordering window (RTT / 4) +
  // the retransmission (0.5 RTT): about 2.75 RTT = 110 ms.
  EXPECT_LT(rack.completionS, 0.130);
}

TEST(TcpRackTlp, TailLossProbeRepairsALostLastSegmentWithoutATimeout) {
  const Result sack = fiveSegments(5, false);  // the last data segment: no SACK will ever mention it
  const Result tlp = fiveSegments(5, true);
  std::printf("VALIDATION rack-tlp loss=last-of-5 completion_s sack=%.4f tlp=%.4f\n", sack.completionS,
              tlp.completionS);
  EXPECT_EQ(sack.counters.timeouts, 1u);
  EXPECT_GT(sack.completionS, 1.0);
  EXPECT_EQ(tlp.counters.timeouts, 0u);
  // The probe leaves 2 SRTT + 200 ms (a lone segment may wait for a delayed ACK) after the last
  // ACK, about 0.34 s, and repairs the loss half a round trip later.
  EXPECT_LT(tlp.completionS, 0.45);
  EXPECT_EQ(tlp.counters.bytesRetransmitted, 1448u);
}

TEST(TcpRackTlp, NeedsSack) {
  TcpConfig c;
  c.rackTlp = true;
  c.sack = false;
  EXPECT_THROW(c.validate(), std::invalid_argument);
  EXPECT_TRUE(tcpProfile("linux")->rackTlp);
}

}  // namespace
}  // namespace wirelab::models::transport::tcp
