// The host's millisecond timestamp clock (TcpConfig::randomClockPhase): where its ticks fall
// against the start of the run, and what that changes: the TSval a segment carries (RFC 7323
// section 3.2) and Linux's receiver RTT, the difference of two millisecond readings.
#include <gtest/gtest.h>

#include <set>
#include <vector>

#include "models/transport/tcp/tcp_stack.h"
#include "tests/models/transport/tcp/tcp_fixture.h"

namespace wirelab::models::transport::tcp {
namespace {

using namespace wirelab::sim;

struct Stamped {
  SimTime at;
  std::uint32_t tsVal;
};

TcpConfig linuxWithPhase(bool randomPhase) {
  TcpConfig c = *tcpProfile("linux");
  c.randomClockPhase = randomPhase;
  return c;
}

// The TSvals the client puts on its segments, with the time each was stamped.
std::vector<Stamped> clientStamps(bool randomPhase, std::uint64_t seed, Duration& phase) {
  testing::TcpPair t(testing::link(Gbps(10), Microseconds(25'250)), seed);
  std::vector<Stamped> out;
  t.sim.network.node(t.client).interface(0).enqueued.connect([&out](const Packet& p, SimTime at) {
    if (p.protocol == kProtocolTcp) out.push_back({at, p.header<TcpHeader>().tsVal});
  });
  t.serverStack->listen(80, linuxWithPhase(randomPhase), [](TcpConnection& c) { c.send(10 * 1448); });
  t.clientStack->connect({t.server, 80}, linuxWithPhase(randomPhase));
  t.sim.scheduler.runUntil(SimTime::zero() + Milliseconds(200));
  phase = t.clientStack->clockPhase();
  return out;
}

TEST(TcpClockPhase, TsValReadsTheHostsMillisecondClockAtItsPhase) {
  for (const bool randomPhase : {false, true}) {
    Duration phase;
    const std::vector<Stamped> stamps = clientStamps(randomPhase, 7, phase);
    ASSERT_GE(stamps.size(), 3u);
    EXPECT_GE(phase, Duration::zero());
    EXPECT_LT(phase, Milliseconds(1));
    const std::int64_t offset = randomPhase ? phase.nanoseconds() : 0;
    for (const Stamped& s : stamps) {
      // +1 keeps TSval 0 free for "no timestamp".
      EXPECT_EQ(s.tsVal, static_cast<std::uint32_t>((s.at.nanoseconds() + offset) / 1'000'000 + 1));
    }
  }
}

TEST(TcpClockPhase, EachHostDrawsItsOwnPhaseFromTheSeed) {
  testing::TcpPair a(testing::link(Gbps(10), Milliseconds(1)), 3);
  testing::TcpPair b(testing::link(Gbps(10), Milliseconds(1)), 3);
  testing::TcpPair c(testing::link(Gbps(10), Milliseconds(1)), 4);
  EXPECT_EQ(a.clientStack->clockPhase(), b.clientStack->clockPhase()) << "same seed, same phase";
  EXPECT_NE(a.clientStack->clockPhase(), a.serverStack->clockPhase()) << "two hosts, two clocks";
  EXPECT_NE(a.clientStack->clockPhase(), c.clientStack->clockPhase()) << "another seed";
}

// On a 50.5 ms path the receiver's RTT from timestamps (tcp_rcv_rtt_measure_ts()) is 50 or 51 ms,
// depending on where the client's millisecond ticks fall: always the same value when they fall at
// whole simulated milliseconds, about half of each over random phases.
TEST(TcpClockPhase, TheReceiverRttIsTheDifferenceOfTwoMillisecondReadings) {
  for (const bool randomPhase : {false, true}) {
    std::multiset<std::int64_t> rtts;
    for (std::uint64_t seed = 1; seed <= 40; ++seed) {
      testing::TcpPair t(testing::link(Gbps(10), Microseconds(25'250)), seed);
      t.serverStack->listen(80, linuxWithPhase(randomPhase), [](TcpConnection& c) { c.send(10 * 1448); });
      TcpConnection& client = t.clientStack->connect({t.server, 80}, linuxWithPhase(randomPhase));
      t.sim.scheduler.runUntil(SimTime::zero() + Milliseconds(200));
      ASSERT_NE(client.linuxReceiveBuffer(), nullptr);
      rtts.insert(client.linuxReceiveBuffer()->rcvRttUs());
    }
    for (const std::int64_t rtt : rtts) EXPECT_TRUE(rtt == 50'000 || rtt == 51'000) << rtt;
    const std::size_t at51 = rtts.count(51'000);
    if (randomPhase) {
      EXPECT_GE(at51, 10u);
      EXPECT_LE(at51, 30u);
    } else {
      EXPECT_TRUE(at51 == 0 || at51 == rtts.size()) << "one phase, one reading";
    }
  }
}

}  // namespace
}  // namespace wirelab::models::transport::tcp
