// File: tests/models/transport/quic/quic_congestion_test.cpp
// The recovery period (RFC 9002 7.3.2) and its Proportional Rate Reduction (cc/prr.h) in the
// QUIC-like transport, and the absence of spurious loss declarations: every packet declared lost
// is one the network dropped, also when ACKs are lost and many gaps are open.
#include <gtest/gtest.h>

#include <cstdio>
#include <memory>
#include <set>
#include <vector>

#include "models/transport/quic/loss_recovery.h"
#include "quic_test_support.h"

namespace wirelab::models::transport::quic {
namespace {

using namespace testing;
using sim::Milliseconds;
using sim::SimTime;

// ---- The recovery period ----

class Host final : public RecoveryHost {
 public:
  void onPacketAcked(PacketSpace, const SentPacket&) override {}
  void onPacketLost(PacketSpace, const SentPacket& p, const char*) override {
    lost.push_back(p.packetNumber);
  }
  void onProbeTimeout(PacketSpace) override {}
  void onCongestionEvent() override { ++congestionEvents; }
  void onRecoveryMetrics(const char*) override {}
  bool handshakeConfirmed() const override { return true; }
  bool hasHandshakeKeys() const override { return false; }
  bool peerCompletedAddressValidation() const override { return true; }
  bool atAmplificationLimit() const override { return false; }
  bool applicationLimited() const override { return false; }
  std::vector<std::uint64_t> lost;
  int congestionEvents = 0;
};

AckFrame ackOf(std::uint32_t largest, std::uint32_t firstRange, std::vector<AckGapRange> extra = {}) {
  AckFrame f{};
  f.largest = largest;
  f.firstRange = firstRange;
  f.extraRangeCount = static_cast<std::uint8_t>(extra.size());
  for (std::size_t i = 0; i < extra.size(); ++i) f.extra[i] = extra[i];
  return f;
}

// One connection's loss recovery with NewReno over 1000-byte datagrams, driven by hand.
struct RecoveryBench {
  static RecoveryConfig config() {
    RecoveryConfig rc;
    rc.maxDatagramBytes = 1000;
    return rc;
  }
  static std::unique_ptr<cc::CongestionController> newReno() {
    cc::CongestionConfig c;
    c.mssBytes = 1000;
    return cc::makeCongestionController(cc::Algorithm::NewReno, c);
  }
  // Sends the next 1-RTT datagram now.
  void send() {
    SentPacket p;
    p.packetNumber = r.nextPacketNumber(PacketSpace::Application);
    p.timeSent = sched.now();
    p.sizeBytes = 1000;
    p.type = PacketType::OneRtt;
    p.ackEliciting = true;
    p.inFlight = true;
    r.onPacketSent(PacketSpace::Application, p);
  }
  sim::Scheduler sched;
  Host host;
  LossRecovery r{sched, host, newReno(), config()};
};

TEST(RecoveryPeriod, TheRepairSentAtTheInstantOfDetectionEndsTheRecoveryWhenAcknowledged) {
  RecoveryBench b;
  sim::Scheduler& sched = b.sched;
  Host& host = b.host;
  LossRecovery& r = b.r;
  const auto send = [&b] { b.send(); };
  for (int i = 0; i < 10; ++i) send();  // 0..9
  // At 50 ms: 0 is missing, 1..9 arrived. Packet 0 is lost (9 >= 0 + 3): recovery begins, and the
  // repair (packet 10) leaves at that same instant, as a real stack sends it right after.
  sched.scheduleAt(SimTime::zero() + Milliseconds(50), [&] {
    r.onAckReceived(PacketSpace::Application, ackOf(9, 8), Milliseconds(25));
    send();
  });
  sched.runUntil(SimTime::zero() + Milliseconds(50));
  ASSERT_EQ(host.lost, std::vector<std::uint64_t>{0});
  EXPECT_TRUE(r.inRecovery());
  const std::uint64_t reduced = r.controller().cwndBytes();
  EXPECT_EQ(reduced, 5000u);  // RFC 9002 B.6: half the window of 10
  // At 100 ms the repair is acknowledged: it was sent after the loss was detected, so the period
  // ends (RFC 9002 7.3.2) and its bytes count towards growth (A.7 OnPacketAcked).
  sched.scheduleAt(SimTime::zero() + Milliseconds(100),
                   [&] { r.onAckReceived(PacketSpace::Application, ackOf(10, 9), Milliseconds(25)); });
  sched.runUntil(SimTime::zero() + Milliseconds(100));
  EXPECT_FALSE(r.inRecovery());
  EXPECT_EQ(host.congestionEvents, 1);
  // A loss of a packet sent before the period began starts no new one.
  EXPECT_EQ(r.counters().congestionEvents, 1u);
}

TEST(ProportionalRateReduction, TheAckThatStartsRecoveryCountsAsDelivered) {
  RecoveryBench b;
  sim::Scheduler& sched = b.sched;
  LossRecovery& r = b.r;
  for (int i = 0; i < 10; ++i) b.send();  // 0..9, the initial window
  int released = 0;
  // At 50 ms an ACK reports 1..3: packet 0 is lost (3 >= 0 + 3). RecoverFS = 7 datagrams (6 in
  // flight and the lost one), ssthresh = 5, and this very ACK delivered 3 (RFC 6937 section 3,
  // RFC 9937 section 4). Datagrams go while prr_delivered * ssthresh > prr_out * RecoverFS
  // (Chromium's PrrSender): 3 * 5 > 0, 1 * 7, 2 * 7, not 3 * 7: the repair and two more.
  sched.scheduleAt(SimTime::zero() + Milliseconds(50), [&] {
    r.onAckReceived(PacketSpace::Application, ackOf(3, 2), Milliseconds(25));
    while (r.congestionAllowsDatagram() && released < 10) {
      b.send();
      ++released;
    }
  });
  sched.runUntil(SimTime::zero() + Milliseconds(50));
  ASSERT_EQ(b.host.lost, std::vector<std::uint64_t>{0});
  ASSERT_TRUE(r.inRecovery());
  EXPECT_EQ(r.controller().cwndBytes(), 5000u);
  EXPECT_EQ(released, 3)
      << "the ACK that started recovery delivered 3 datagrams: PRR owes more than the repair";
}

// ---- No spurious loss declarations ----

struct LossAudit {
  std::uint64_t declaredLost = 0;  // 1-RTT packets the server declared lost
  std::uint64_t spurious = 0;      // ... of which the client had received
  std::uint64_t dataDrops = 0;     // losses on the server -> client link
  std::uint64_t ackDrops = 0;      // losses on the client -> server link
  bool done = false;
};

// The client requests `bytes` on one stream; the server's packets are audited against what the
// client received. `c2s`/`s2c` lose independently; `dropAck` may drop chosen client datagrams.
LossAudit audit(const sim::LinkConfig& c2s, const sim::LinkConfig& s2c, std::uint64_t seed,
                std::uint64_t bytes, std::function<bool(const sim::Packet&)> dropAck = {}) {
  QuicPair net(c2s, s2c, seed);
  std::unique_ptr<DatagramFilter> filter;
  if (dropAck)
    filter = std::make_unique<DatagramFilter>(net.sim.network, net.server, *net.serverUdp, dropAck);
  LossAudit a;
  std::set<std::uint64_t> received;
  net.serverEndpoint->listen([&](QuicConnection& c) {
    c.setStreamDataCallback([&c, bytes](std::uint64_t id, std::uint64_t, bool fin) {
      if (fin) c.send(id, bytes, true);
    });
    c.packetLost.connect([&](const QuicLossEvent& e) {
      if (e.type != PacketType::OneRtt) return;
      ++a.declaredLost;
      if (received.count(e.packetNumber) != 0) ++a.spurious;
    });
  });
  QuicConnection& c = net.clientEndpoint->connect(net.serverEndpoint->localEndpoint());
  c.packetReceived.connect([&](const QuicPacketEvent& e) {
    if (e.type == PacketType::OneRtt) received.insert(e.packetNumber);
  });
  c.setStreamDataCallback([&](std::uint64_t, std::uint64_t, bool fin) {
    if (fin) {
      a.done = true;
      net.scheduler().stop();
    }
  });
  c.send(c.openStream(), 100, true);
  net.scheduler().runUntil(SimTime::zero() + sim::Seconds(60));
  a.dataDrops = net.sim.network.node(net.server).interface(0).counters().lossDrops;
  a.ackDrops = net.sim.network.node(net.client).interface(0).counters().lossDrops;
  if (filter) a.ackDrops += static_cast<std::uint64_t>(filter->dropped());
  return a;
}

TEST(SpuriousLoss, LosingOnlyAcksNeverMakesTheSenderDeclareALoss) {
  // Every other ACK-carrying client datagram, and runs of five in a row, vanish: the ACKs that
  // arrive still cover what the lost ones reported (RFC 9000 13.2.3: ranges repeat until acked).
  int n = 0;
  const auto dropAcks = [&n](const sim::Packet& p) {
    if (!quicHeader(p).isShortForm()) return false;
    ++n;
    return n % 2 == 0 || (n % 50) < 5;
  };
  const sim::LinkConfig l = link(sim::Mbps(20), Milliseconds(20));
  const LossAudit a = audit(l, l, 1, 1'000'000, dropAcks);
  ASSERT_TRUE(a.done);
  EXPECT_GT(a.ackDrops, 100u);
  EXPECT_EQ(a.dataDrops, 0u);
  EXPECT_EQ(a.declaredLost, 0u);
}

TEST(SpuriousLoss, UnderRandomLossBothWaysEveryDeclaredLossIsADrop) {
  // 5% each way at 50 Mbit/s: windows of tens of packets with several gaps open while ACKs are
  // lost too. Summed over seeds, the packets declared lost are exactly the data-direction drops
  // (a dropped packet is always detected, a received one never declared).
  const sim::LinkConfig l = withBernoulliLoss(link(sim::Mbps(50), Milliseconds(10)), 0.05);
  std::uint64_t declared = 0, spurious = 0, drops = 0, ackDrops = 0;
  for (std::uint64_t seed = 1; seed <= 5; ++seed) {
    const LossAudit a = audit(l, l, seed, 1'000'000);
    ASSERT_TRUE(a.done) << "seed " << seed;
    declared += a.declaredLost;
    spurious += a.spurious;
    drops += a.dataDrops;
    ackDrops += a.ackDrops;
  }
  std::printf(
      "5 x 1 MB, 5%% loss each way: %llu data drops, %llu ACK-direction drops, %llu declared lost, "
      "%llu spurious\n",
      static_cast<unsigned long long>(drops), static_cast<unsigned long long>(ackDrops),
      static_cast<unsigned long long>(declared), static_cast<unsigned long long>(spurious));
  EXPECT_GT(drops, 100u);
  EXPECT_GT(ackDrops, 10u);
  EXPECT_EQ(spurious, 0u);
  EXPECT_EQ(declared, drops);
}

}  // namespace
}  // namespace wirelab::models::transport::quic
