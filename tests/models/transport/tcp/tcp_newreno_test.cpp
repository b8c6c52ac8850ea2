// NewReno without SACK (RFC 6582) when many segments of one window are lost: the retransmission
// timer is restarted by the first partial ACK only ("Impatient"), so it expires and the sender
// goes back to SND.UNA in slow start, repairing the remaining holes in a few round trips instead
// of one per round trip.
#include <gtest/gtest.h>

#include <vector>

#include "models/transport/tcp/tcp_stack.h"
#include "tests/models/transport/tcp/tcp_fixture.h"

namespace wirelab::models::transport::tcp {
namespace {

using namespace wirelab::sim;

struct Outcome {
  SimTime done;  // when the server had every byte (zero: not by the end of the run)
  TcpCounters client;
};

// 1 MB over 100 Mbit/s with 20 ms each way. Client -> server packets 0 (SYN) and 1 (handshake ACK)
// come first, then data; slow start sends the fourth round trip's 80 segments as packets 72-151,
// and every other one from packet 80 to 150 is lost: 36 holes in one window, each followed by a
// segment that brings a duplicate ACK. Every retransmission is packet 152 or later.
Outcome transferWithFortyHoles() {
  std::vector<std::uint64_t> lost;
  for (std::uint64_t p = 80; p <= 150; p += 2) lost.push_back(p);
  testing::TcpPair t(testing::withLostPackets(testing::link(Mbps(100), Milliseconds(20)), lost),
                     testing::link(Mbps(100), Milliseconds(20)));
  TcpConfig cfg = *tcpProfile("rfc");
  cfg.receiveBufferBytes = 2 * 1024 * 1024;
  Outcome out;
  std::uint64_t received = 0;
  t.serverStack->listen(80, cfg, [&](TcpConnection& s) {
    s.callbacks().onData = [&](std::uint64_t n) {
      received += n;
      if (received == 1'000'000) out.done = t.sim.scheduler.now();
    };
  });
  TcpConnection& c = t.clientStack->connect({t.server, 80}, cfg);
  c.callbacks().onConnected = [&c] { c.send(1'000'000); };
  t.sim.scheduler.runUntil(SimTime::zero() + Seconds(20));
  out.client = c.counters();
  return out;
}

TEST(TcpNewReno, ManyHolesInOneWindowEndInOneTimeoutAndGoBackN) {
  const Outcome o = transferWithFortyHoles();
  ASSERT_NE(o.done, SimTime::zero());
  EXPECT_EQ(o.client.fastRetransmits, 1u);
  // Restarting the timer on every partial ACK would repair one hole per 40 ms round trip (1.6 s
  // for 40) with no timeout; the first partial ACK's timer (the 1 s minimum RTO) expires first.
  EXPECT_EQ(o.client.timeouts, 1u);
  // After the timeout the segments presumed lost are out of the flight (RFC 6298 5.4): the sender
  // resends from SND.UNA in slow start, so the last holes take a few round trips, and 1 MB (0.8 s
  // at line rate) is in by 2.5 s. Counting them in the flight instead would allow one segment per
  // backed-off RTO.
  EXPECT_LT(o.done, SimTime::zero() + Milliseconds(2500));
}

// RFC 5681 3.2 step 2: the segments limited transmit sends for the first duplicate ACKs (with SACK,
// RFC 6675 sends new data for each ACK with new SACK information) "MUST NOT be included" in the
// FlightSize that ssthresh halves. One segment lost in slow start on a 40 ms path: the window was
// the flight when the first duplicate ACK came, so ssthresh is half of it, not half of it plus the
// segments sent since.
TEST(TcpNewReno, SsthreshHalvesTheFlightWithoutWhatLimitedTransmitSent) {
  testing::TcpPair t(testing::withLostPackets(testing::link(Mbps(100), Milliseconds(20)), {60}),
                     testing::link(Mbps(100), Milliseconds(20)));
  TcpConfig cfg;  // NewReno with SACK (RFC 6675), RFC 3465 byte counting
  t.serverStack->listen(80, cfg, [](TcpConnection&) {});
  TcpConnection& c = t.clientStack->connect({t.server, 80}, cfg);
  std::uint64_t cwndBefore = 0, ssthreshAfter = 0;
  sim::Duration sinceLastGrowth;
  SimTime lastGrowth;
  c.traces().windowChanged.connect([&](const TcpConnection::WindowSample& w) {
    if (ssthreshAfter != 0) return;
    if (w.cwnd == w.ssthresh) {
      ssthreshAfter = w.ssthresh;
      sinceLastGrowth = w.time - lastGrowth;
    } else {
      cwndBefore = w.cwnd;
      lastGrowth = w.time;
    }
  });
  c.callbacks().onConnected = [&c] { c.send(3'000'000); };
  t.sim.scheduler.runUntil(SimTime::zero() + Seconds(2));
  ASSERT_GT(ssthreshAfter, 0u);
  EXPECT_EQ(c.counters().fastRetransmits, 1u);
  // The window stopped growing at the first duplicate ACK and the loss was declared a few ACKs
  // later, in the same round trip.
  EXPECT_LT(sinceLastGrowth, Milliseconds(5));
  const std::uint64_t mss = 1448;
  EXPECT_GE(ssthreshAfter + mss, cwndBefore / 2);
  EXPECT_LE(ssthreshAfter, cwndBefore / 2)
      << "limited transmit counted: half of cwnd + "
      << (2 * ssthreshAfter - cwndBefore) / static_cast<double>(mss) << " segments";
}

}  // namespace
}  // namespace wirelab::models::transport::tcp
