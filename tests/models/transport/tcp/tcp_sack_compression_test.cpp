// Linux's SACK compression (tcp_sack_compression.h): the decisions of __tcp_ack_snd_check() with an
// out-of-order queue, and a connection's ACKs while a lost segment leaves a hole: three duplicate
// ACKs at once, then one per millisecond, as the real captures show (docs/VALIDATION.md).
#include "models/transport/tcp/tcp_sack_compression.h"

#include <gtest/gtest.h>

#include <vector>

#include "models/transport/tcp/tcp_stack.h"
#include "tests/models/transport/tcp/tcp_fixture.h"

namespace wirelab::models::transport::tcp {
namespace {

using namespace wirelab::sim;
using Decision = SackCompression::Decision;

TEST(SackCompression, ThreeDuplicateAcksGoAtOnceThenTheyAreHeldUpTo44) {
  SackCompression c;
  for (int i = 0; i < 3; ++i) EXPECT_EQ(c.onOutOfOrder(1000), Decision::SendNow) << i;
  EXPECT_EQ(c.onOutOfOrder(1000), Decision::HoldAndArm);
  for (int held = 2; held <= SackCompression::kMaxHeld; ++held)
    EXPECT_EQ(c.onOutOfOrder(1000), Decision::Hold);
  EXPECT_TRUE(c.holding());
  EXPECT_EQ(c.onOutOfOrder(1000), Decision::SendNow);  // tcp_comp_sack_nr reached
  c.onAckSent();
  EXPECT_FALSE(c.holding());
  // The same hole: its three duplicate ACKs are spent, so the next SACK waits for the timer again.
  EXPECT_EQ(c.onOutOfOrder(1000), Decision::HoldAndArm);
  // A new rcv_nxt (part of the hole filled) allows three more at once.
  c.onAckSent();
  for (int i = 0; i < 3; ++i) EXPECT_EQ(c.onOutOfOrder(2448), Decision::SendNow) << i;
  EXPECT_EQ(c.onOutOfOrder(2448), Decision::HoldAndArm);
}

TEST(SackCompression, TheTimerIsFivePercentOfTheRttAtMostOneMillisecond) {
  EXPECT_EQ(SackCompression::delay(10'000, 0), Microseconds(500));       // the receiver's RTT: 10 ms
  EXPECT_EQ(SackCompression::delay(150'000, 0), Milliseconds(1));        // capped
  EXPECT_EQ(SackCompression::delay(150'000, 4'000), Microseconds(200));  // the smaller smoothed RTT
  EXPECT_EQ(SackCompression::delay(0, 8'000), Microseconds(400));        // no receiver estimate yet
}

struct Ack {
  SimTime at;
  std::uint64_t ack;
};

// The server sends 100 segments at 100 Mbit/s (120 us apart) over a 50 ms RTT; the 60th (in the
// third flight) is lost. Returns the client's ACKs from the first one that names the hole until the
// hole is filled, and the times the out-of-order segments arrived.
std::vector<Ack> acksBehindAHole(bool compress, std::vector<SimTime>& outOfOrderArrivals) {
  const LinkConfig up = testing::link(Mbps(100), Milliseconds(25));
  const LinkConfig down =
      testing::withLostPackets(up, {62});  // SYN-ACK, then data: position 62 is segment 60
  testing::TcpPair t(up, down);
  TcpConfig linux = *tcpProfile("linux");
  linux.linuxSackCompression = compress;
  t.serverStack->listen(80, linux, [](TcpConnection& c) { c.send(100 * 1448); });
  TcpConnection& client = t.clientStack->connect({t.server, 80}, linux);
  (void)client;
  std::vector<Ack> acks;
  std::uint64_t hole = 0;
  bool filled = false;
  t.sim.network.node(t.client).delivered.connect([&](const Packet& p, SimTime at) {
    if (p.payloadBytes == 0 || hole == 0 || filled) return;
    const std::uint64_t seq = p.header<TcpHeader>().seq;
    if (seq == hole) filled = true;
    if (seq > hole) outOfOrderArrivals.push_back(at);
  });
  t.sim.network.node(t.client).interface(0).enqueued.connect([&](const Packet& p, SimTime at) {
    if (p.protocol != kProtocolTcp) return;
    const TcpHeader& h = p.header<TcpHeader>();
    if (hole == 0 && h.sackCount > 0) {
      hole = h.ack;
      outOfOrderArrivals.push_back(at);  // the segment that opened it arrived just now
    }
    if (hole != 0 && h.ack == hole) acks.push_back({at, h.ack});
  });
  t.sim.scheduler.runUntil(SimTime::zero() + Seconds(2));
  return acks;
}

TEST(SackCompression, BehindAHoleThreeDuplicateAcksThenOnePerMillisecond) {
  std::vector<SimTime> arrivals;
  const std::vector<Ack> compressed = acksBehindAHole(true, arrivals);
  std::vector<SimTime> arrivalsPlain;
  const std::vector<Ack> plain = acksBehindAHole(false, arrivalsPlain);
  ASSERT_GE(arrivals.size(), 20u);
  // Without compression every out-of-order segment is answered at once.
  EXPECT_EQ(plain.size(), arrivalsPlain.size());
  // With it, the first ones go at once, as their segments arrive: the three duplicate ACKs, and quick
  // ACKs while the window still grows (tcp_grow_window() asks for one) ...
  std::size_t immediate = 0;
  while (immediate < compressed.size() && compressed[immediate].at == arrivals[immediate]) ++immediate;
  EXPECT_GE(immediate, 3u);
  // ... then each SACK is held until 1 ms (the RTT's 5 % is 2.5 ms, capped) after the first segment
  // it holds arrived, and carries everything that arrived before it.
  std::size_t next = immediate;
  for (std::size_t i = immediate; i < compressed.size(); ++i) {
    ASSERT_LT(next, arrivals.size());
    EXPECT_EQ(compressed[i].at, arrivals[next] + Milliseconds(1)) << "ACK " << i;
    while (next < arrivals.size() && arrivals[next] <= compressed[i].at) ++next;
  }
  EXPECT_GT(compressed.size(), immediate);
  EXPECT_LT(compressed.size(), arrivals.size() / 3);
}

}  // namespace
}  // namespace wirelab::models::transport::tcp
