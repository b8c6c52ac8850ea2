// The Linux receive side on a connection (linuxReceiveAutotuning, linuxAckPolicy): the windows a
// Linux client offers during the handshake and the first flight, quick ACKs at the start, the
// delayed ACK of interactive mode, and Dynamic Right-Sizing's cap. Closed forms from the kernel's
// arithmetic (see tcp_rcv_buffer_test.cpp); the first-flight windows are those of the captures.
#include <gtest/gtest.h>

#include <stdexcept>
#include <vector>

#include "models/transport/cc/loss_based_controller.h"
#include "models/transport/tcp/tcp_stack.h"
#include "sim/core/allocation_cluster.h"
#include "tests/models/transport/tcp/tcp_fixture.h"

namespace wirelab::models::transport::tcp {
namespace {

using namespace wirelab::sim;

struct Sent {
  SimTime at;
  TcpHeader h;
  std::uint32_t payload;
};

// Records the segments the client sends.
std::vector<Sent>& recordClient(testing::TcpPair& t) {
  static thread_local std::vector<Sent> sent;
  sent.clear();
  t.sim.network.node(t.client).interface(0).enqueued.connect([](const Packet& p, SimTime at) {
    if (p.protocol == kProtocolTcp) sent.push_back({at, p.header<TcpHeader>(), p.payloadBytes});
  });
  return sent;
}

TcpConfig linux() { return *tcpProfile("linux"); }

TEST(TcpLinuxReceive, HandshakeAndFirstFlightOfferTheCapturedWindows) {
  testing::TcpPair t(testing::link(Gbps(10), Milliseconds(25)));
  std::vector<Sent>& sent = recordClient(t);
  t.serverStack->listen(80, linux(), [](TcpConnection& c) { c.send(10 * 1448); });
  TcpConfig client = linux();
  client.readLatency = Milliseconds(1);  // the flight arrives before the reader runs
  t.clientStack->connect({t.server, 80}, client);
  t.sim.scheduler.runUntil(SimTime::zero() + Milliseconds(101));

  ASSERT_GE(sent.size(), 12u);
  EXPECT_EQ(sent[0].h.window, 64240u);  // SYN: 44 x 1460
  EXPECT_EQ(sent[1].h.window, 64512u);  // handshake ACK: 65536 - 1448 rounded up to 1024
  // Quick-ACK mode: one ACK per segment of the first flight, each with the window of
  // tcp_select_window() while the data wait unread (LinuxRcvBuffer.FirstFlightWindowsMatchTheCaptures).
  std::vector<std::uint32_t> windows;
  for (std::size_t i = 2; i < 12; ++i) {
    EXPECT_EQ(sent[i].h.ack, 1 + (i - 1) * 1448);
    windows.push_back(sent[i].h.window);
  }
  EXPECT_EQ(windows, (std::vector<std::uint32_t>{67584, 70656, 73728, 76800, 75776, 74752, 73728, 72704,
                                                 71680, 70656}));
}

// The server sends one short segment 200 ms after the first flight; returns how long the client
// takes to acknowledge it, with or without an application that answers the first flight.
Duration ackDelayOfASecondResponse(bool clientAnswers) {
  testing::TcpPair t(testing::link(Gbps(10), Milliseconds(25)));
  std::vector<Sent>& sent = recordClient(t);
  TcpConnection* server = nullptr;
  t.serverStack->listen(80, linux(), [&](TcpConnection& c) {
    server = &c;
    c.send(4 * 1448);
  });
  TcpConnection& client = t.clientStack->connect({t.server, 80}, linux());
  bool answered = false;
  client.callbacks().onData = [&](std::uint64_t) {
    if (clientAnswers && !answered && client.counters().bytesDelivered == 4 * 1448) {
      answered = true;
      client.send(100);  // a reply within ato of the data: interactive ("pingpong") mode
    }
  };
  t.sim.scheduler.runUntil(SimTime::zero() + Milliseconds(200));
  server->send(1000);
  const SimTime arrival = SimTime::zero() + Milliseconds(225);  // one way later (+ serialisation)
  t.sim.scheduler.runUntil(SimTime::zero() + Milliseconds(400));
  for (const Sent& s : sent) {
    if (s.h.ack == 1 + 4 * 1448 + 1000) return s.at - arrival;
  }
  return Duration::max();
}

TEST(TcpLinuxReceive, QuickAcksAnswerAtOnceAndInteractiveModeDelaysTheAck) {
  // Quick-ACK mode still has ACKs left after a four-segment flight: the short segment is
  // acknowledged as it arrives.
  EXPECT_LT(ackDelayOfASecondResponse(false), Milliseconds(1));
  // Once the application has answered, the connection is interactive: a short segment waits for
  // the delayed-ACK timer, ato = TCP_ATO_MIN = 40 ms.
  const Duration delayed = ackDelayOfASecondResponse(true);
  EXPECT_GE(delayed, Milliseconds(39));
  EXPECT_LE(delayed, Milliseconds(41));
}

TEST(TcpLinuxReceive, DrsGrowsTheWindowUpToTcpRmem2) {
  // A long download with a reader that keeps up: DRS raises sk_rcvbuf each receiver RTT until
  // tcp_rmem[2] = 256 KiB (window scale 3: 8-byte units). The ACK of a segment is decided while
  // that segment is still queued, so the largest window offered is win_from_space(262144 - 2304)
  // = 162400 bytes, and the transfer runs at about win_from_space(262144) = 163840 per RTT.
  testing::TcpPair t(testing::link(Gbps(1), Milliseconds(25)));
  TcpConfig cfg = linux();
  cfg.tcpRmemMax = 256 * 1024;
  std::vector<Sent>& sent = recordClient(t);
  t.serverStack->listen(80, cfg, [](TcpConnection& c) {
    c.send(c.sendSpace());
    c.callbacks().onSendSpace = [&c] { c.send(c.sendSpace()); };  // an endless download
  });
  TcpConnection& client = t.clientStack->connect({t.server, 80}, cfg);
  t.sim.scheduler.runUntil(SimTime::zero() + Seconds(3));
  const std::uint64_t before = client.counters().bytesDelivered;
  t.sim.scheduler.runUntil(SimTime::zero() + Seconds(5));
  std::uint32_t largest = 0;
  for (const Sent& s : sent) largest = std::max(largest, s.h.window);
  EXPECT_EQ(largest, (262144u - 2304u) * 160 / 256);
  EXPECT_EQ(client.linuxReceiveBuffer()->rcvbuf(), 256 * 1024);
  const double perRtt = static_cast<double>(client.counters().bytesDelivered - before) / (2.0 / 0.050);
  EXPECT_NEAR(perRtt, 163840.0, 163840.0 * 0.03) << "bytes per 50 ms round trip";
}

// tcp_recvmsg_locked() runs tcp_rcv_space_adjust() after each skb it copies. A reader that finds a
// whole 30-segment flight queued (it wakes 1 ms after the data) reads it in one call, but the
// measure that falls due sees only its first skb copied, with the 29 others still queued (inq):
// copied - inq stays below the last measure and the buffer does not grow. Measured after the
// whole read, 30 x 1448 bytes would have grown it (to several times tcp_rmem[1]).
TEST(TcpLinuxReceive, DrsMeasuresAfterTheFirstSkbOfARead) {
  testing::TcpPair t(testing::link(Gbps(10), Milliseconds(25)));
  TcpConfig server = linux();
  server.initialWindowSegments = 40;
  TcpConnection* accepted = nullptr;
  t.serverStack->listen(80, server, [&](TcpConnection& c) {
    accepted = &c;
    c.send(10 * 1448);
  });
  TcpConfig client = linux();
  client.readLatency = Milliseconds(1);
  TcpConnection& c = t.clientStack->connect({t.server, 80}, client);
  t.sim.scheduler.scheduleAt(SimTime::zero() + Milliseconds(150), [&] {
    ASSERT_NE(accepted, nullptr);
    accepted->send(30 * 1448);
  });
  t.sim.scheduler.runUntil(SimTime::zero() + Milliseconds(170));
  ASSERT_EQ(c.counters().bytesDelivered, 10u * 1448);
  EXPECT_EQ(c.linuxReceiveBuffer()->rcvbuf(), 131072);
  t.sim.scheduler.runUntil(SimTime::zero() + Milliseconds(240));
  ASSERT_EQ(c.counters().bytesDelivered, 40u * 1448) << "the second flight was read";
  EXPECT_EQ(c.linuxReceiveBuffer()->rcvbuf(), 131072) << "copied - inq = 14480 - 28 x 1448 < 0";
  EXPECT_EQ(c.linuxReceiveBuffer()->rcvSpace(), 10 * 1448);
}

TEST(TcpLinuxReceive, TheLinuxProfileRunsTheLinuxReceiveSideAndOthersDoNot) {
  EXPECT_TRUE(linux().linuxReceiveAutotuning);
  EXPECT_TRUE(linux().linuxAckPolicy);
  EXPECT_EQ(linux().abcLimitSegments, 0u);
  for (const char* other : {"rfc", "ns3"}) {
    EXPECT_FALSE(tcpProfile(other)->linuxReceiveAutotuning) << other;
    EXPECT_FALSE(tcpProfile(other)->linuxAckPolicy) << other;
    EXPECT_EQ(tcpProfile(other)->abcLimitSegments, 2u) << other;
  }
  TcpConfig bad = *tcpProfile("rfc");
  bad.linuxAckPolicy = true;  // the ACK policy works on the autotuned window's state
  EXPECT_THROW(bad.validate(), std::invalid_argument);
  bad = linux();
  bad.tcpRmemMax = bad.tcpRmemDefault - 1;
  EXPECT_THROW(bad.validate(), std::invalid_argument);
}

// The Linux receive side, HyStart++ and PRR are made only for a configuration that uses them, and then
// inside the connection's cluster block, which clusterBytes() sizes for them: a default connection
// carries null pointers instead (bench/README.md, tenth pass).
TEST(TcpLinuxReceive, TheLinuxProfilesOptionalStateExistsOnlyWhenConfiguredAndThenInTheConnectionsBlock) {
  for (const bool linuxProfile : {false, true}) {
    testing::TcpPair t(testing::link(Gbps(1), Milliseconds(5)));
    const TcpConfig config = linuxProfile ? linux() : TcpConfig{};
    TcpConnection* accepted = nullptr;
    t.serverStack->listen(
        80, config, [&](TcpConnection& c) { accepted = &c; }, TcpConnection::clusterBytes(config));
    TcpConnection& client = t.clientStack->connect({t.server, 80}, config);
    client.callbacks().onConnected = [&] { client.send(20 * 1448); };
    t.sim.scheduler.runUntil(SimTime::zero() + Seconds(1));
    ASSERT_NE(accepted, nullptr);
    EXPECT_EQ(accepted->counters().bytesDelivered, 20u * 1448) << "linux profile: " << linuxProfile;
    if (!linuxProfile) {
      EXPECT_EQ(accepted->linuxReceiveBuffer(), nullptr);
      EXPECT_EQ(client.linuxReceiveBuffer(), nullptr);
      const auto* cc = dynamic_cast<const cc::LossBasedController*>(&accepted->congestion());
      ASSERT_NE(cc, nullptr);
      EXPECT_EQ(cc->hystart(), nullptr);  // off by default
      EXPECT_EQ(accepted->proportionalRateReduction(), nullptr);
      continue;
    }
    ASSERT_NE(accepted->linuxReceiveBuffer(), nullptr);
    EXPECT_TRUE(AllocationCluster::inBlock(accepted->linuxReceiveBuffer()));
    // HyStart++ (the profile's CUBIC runs it) joins the block too, while slow start lasts.
    const auto* cc = dynamic_cast<const cc::LossBasedController*>(&accepted->congestion());
    ASSERT_NE(cc, nullptr);
    ASSERT_NE(cc->hystart(), nullptr);
    EXPECT_TRUE(AllocationCluster::inBlock(cc->hystart()));
    // So does PRR's state (the profile runs PRR in SACK recovery).
    ASSERT_NE(accepted->proportionalRateReduction(), nullptr);
    EXPECT_TRUE(AllocationCluster::inBlock(accepted->proportionalRateReduction()));
    // The client connected outside any cluster: its receive side is on the heap.
    ASSERT_NE(client.linuxReceiveBuffer(), nullptr);
    EXPECT_FALSE(AllocationCluster::inBlock(client.linuxReceiveBuffer()));
  }
}

}  // namespace
}  // namespace wirelab::models::transport::tcp
