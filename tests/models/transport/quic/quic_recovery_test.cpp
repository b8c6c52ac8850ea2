// File: tests/models/transport/quic/quic_recovery_test.cpp
// Loss detection and ACK processing (RFC 9002): ACK frames encode out-of-order arrivals as ranges
// and the sender acknowledges exactly those packets; the packet threshold and the time threshold
// declare the holes; a lost tail, with no later packet to reveal it, is recovered by the PTO.
#include <gtest/gtest.h>

#include <cstdio>
#include <vector>

#include "models/transport/quic/ack_tracker.h"
#include "models/transport/quic/loss_recovery.h"
#include "quic_test_support.h"

namespace wirelab::models::transport::quic {
namespace {

using namespace testing;
using sim::Duration;
using sim::Milliseconds;
using sim::SimTime;

TEST(AckTracker, RangesDescribeOutOfOrderArrivals) {
  AckTracker t(false, 2, Milliseconds(25));
  const SimTime now = SimTime::zero() + Milliseconds(10);
  for (std::uint64_t pn : {0u, 1u, 2u, 5u, 6u, 9u}) EXPECT_TRUE(t.onPacketReceived(pn, true, now));
  EXPECT_FALSE(t.onPacketReceived(5, true, now));  // duplicate
  EXPECT_TRUE(t.ackDue());                         // gaps opened: acknowledge at once (RFC 9000 13.2.1)
  const AckFrame f = t.buildFrame(now + Milliseconds(1));
  EXPECT_EQ(f.largest, 9u);
  EXPECT_EQ(f.firstRange, 0u);
  EXPECT_EQ(f.delayMicros, 1000u);
  ASSERT_EQ(f.extraRangeCount, 2u);
  // RFC 9000 19.3.1: gap = previous smallest - this largest - 2; length = largest - smallest.
  EXPECT_EQ(f.extra[0].gap, 1u);     // 7, 8 missing
  EXPECT_EQ(f.extra[0].length, 1u);  // 5..6
  EXPECT_EQ(f.extra[1].gap, 1u);     // 3, 4 missing
  EXPECT_EQ(f.extra[1].length, 2u);  // 0..2
  const AckRanges r = decodeAckRanges(f);
  ASSERT_EQ(r.count, 3u);
  EXPECT_EQ(r.smallest[0], 9u);
  EXPECT_EQ(r.largest[1], 6u);
  EXPECT_EQ(r.smallest[1], 5u);
  EXPECT_EQ(r.largest[2], 2u);
  EXPECT_EQ(r.smallest[2], 0u);
  // Encoded size: type, largest, delay (125 in 8 us units: 2 bytes), count, first range, 2 x 2.
  EXPECT_EQ(ackFrameBytes(f), 1u + 1u + 2u + 1u + 1u + 4u);
}

TEST(AckTracker, DelaysTheAckOfASingleInOrderPacket) {
  AckTracker t(false, 2, Milliseconds(25));
  const SimTime now = SimTime::zero() + Milliseconds(3);
  t.onPacketReceived(0, true, now);
  EXPECT_FALSE(t.ackDue());
  EXPECT_TRUE(t.delayedAckPending());
  EXPECT_EQ(t.ackDeadline(), now + Milliseconds(25));  // max_ack_delay
  t.onPacketReceived(1, true, now);
  EXPECT_TRUE(t.ackDue());  // the second ack-eliciting packet
  t.onAckSent();
  t.onPacketReceived(2, false, now);  // not ack-eliciting: no ACK owed
  EXPECT_FALSE(t.ackDue());
  EXPECT_FALSE(t.delayedAckPending());
  AckTracker handshake(true, 2, Milliseconds(25));
  handshake.onPacketReceived(0, true, now);
  EXPECT_TRUE(handshake.ackDue());  // Initial and Handshake packets: immediately
}

// Records what LossRecovery decides; every handshake fact says "done".
class RecordingHost final : public RecoveryHost {
 public:
  void onPacketAcked(PacketSpace, const SentPacket& p) override { acked.push_back(p.packetNumber); }
  void onPacketLost(PacketSpace, const SentPacket& p, const char* cause) override {
    lost.push_back(p.packetNumber);
    causes.push_back(cause);
  }
  void onProbeTimeout(PacketSpace) override { ++probes; }
  void onCongestionEvent() override { ++congestionEvents; }
  void onRecoveryMetrics(const char*) override {}
  bool handshakeConfirmed() const override { return true; }
  bool hasHandshakeKeys() const override { return false; }
  bool peerCompletedAddressValidation() const override { return true; }
  bool atAmplificationLimit() const override { return false; }
  bool applicationLimited() const override { return false; }

  std::vector<std::uint64_t> acked, lost;
  std::vector<const char*> causes;
  int probes = 0;
  int congestionEvents = 0;
};

struct RecoveryRig {
  RecoveryRig() {
    cc::CongestionConfig c;
    c.mssBytes = 1200;
    recovery = std::make_unique<LossRecovery>(
        sched, host, cc::makeCongestionController(cc::Algorithm::NewReno, c), RecoveryConfig{});
  }
  void send(std::uint64_t count) {
    for (std::uint64_t i = 0; i < count; ++i) {
      SentPacket p;
      p.packetNumber = recovery->nextPacketNumber(PacketSpace::Application);
      p.timeSent = sched.now();
      p.sizeBytes = 1000;
      p.type = PacketType::OneRtt;
      p.ackEliciting = true;
      p.inFlight = true;
      recovery->onPacketSent(PacketSpace::Application, p);
    }
  }
  void ackAt(Duration at, const AckFrame& f) {
    sched.scheduleAt(SimTime::zero() + at,
                     [this, f] { recovery->onAckReceived(PacketSpace::Application, f, Milliseconds(25)); });
  }
  sim::Scheduler sched;
  RecordingHost host;
  std::unique_ptr<LossRecovery> recovery;
};

AckFrame ackOf(std::uint32_t largest, std::uint32_t firstRange, std::vector<AckGapRange> extra = {}) {
  AckFrame f{};
  f.largest = largest;
  f.firstRange = firstRange;
  f.extraRangeCount = static_cast<std::uint8_t>(extra.size());
  for (std::size_t i = 0; i < extra.size(); ++i) f.extra[i] = extra[i];
  return f;
}

TEST(LossRecovery, AckRangesAcknowledgeOutOfOrderPacketsAndPacketThresholdFindsTheHole) {
  RecoveryRig rig;
  rig.send(10);  // 0..9 at t = 0
  EXPECT_EQ(rig.recovery->bytesInFlight(), 10000u);
  // 4 is missing: ranges [5, 9] and [0, 3] (gap 0: largest 3 = 5 - 0 - 2).
  rig.ackAt(Milliseconds(50), ackOf(9, 4, {{0, 3}}));
  rig.sched.runUntil(SimTime::zero() + Milliseconds(50));
  EXPECT_EQ(rig.host.acked.size(), 9u);
  ASSERT_EQ(rig.host.lost.size(), 1u);
  EXPECT_EQ(rig.host.lost[0], 4u);
  EXPECT_STREQ(rig.host.causes[0], kCausePacketThreshold);  // 9 >= 4 + 3
  EXPECT_EQ(rig.recovery->bytesInFlight(), 0u);
  EXPECT_EQ(rig.host.congestionEvents, 1);
  EXPECT_EQ(rig.recovery->rtt().latest(), Milliseconds(50));
  EXPECT_TRUE(rig.recovery->inRecovery());
}

TEST(LossRecovery, TimeThresholdDeclaresAHoleTooFewPacketsReveal) {
  RecoveryRig rig;
  rig.send(6);  // 0..5 at t = 0
  // 4 is missing but only 5 is above it: not enough for the packet threshold.
  rig.ackAt(Milliseconds(40), ackOf(5, 0, {{0, 3}}));
  rig.sched.runUntil(SimTime::zero() + Milliseconds(40));
  EXPECT_TRUE(rig.host.lost.empty());
  EXPECT_EQ(rig.recovery->bytesInFlight(), 1000u);
  // loss_delay = 9/8 * max(smoothed_rtt, latest_rtt) = 45 ms after packet 4 was sent.
  rig.sched.runUntil(SimTime::zero() + Milliseconds(45) - sim::Nanoseconds(1));
  EXPECT_TRUE(rig.host.lost.empty());
  rig.sched.runUntil(SimTime::zero() + Milliseconds(45));
  ASSERT_EQ(rig.host.lost.size(), 1u);
  EXPECT_EQ(rig.host.lost[0], 4u);
  EXPECT_STREQ(rig.host.causes[0], kCauseTimeThreshold);
}

TEST(LossRecovery, ProbeTimeoutBacksOffExponentially) {
  RecoveryRig rig;
  rig.send(2);
  rig.ackAt(Milliseconds(100), ackOf(0, 0));  // RTT sample 100 ms: srtt 100, rttvar 50
  rig.sched.runUntil(SimTime::zero() + Milliseconds(100));
  // PTO = srtt + 4 rttvar + max_ack_delay = 100 + 200 + 25 ms after packet 1 was sent (t = 0).
  EXPECT_EQ(rig.recovery->probeTimeout(), Milliseconds(325));
  rig.sched.runUntil(SimTime::zero() + Milliseconds(325) - sim::Nanoseconds(1));
  EXPECT_EQ(rig.host.probes, 0);
  rig.sched.runUntil(SimTime::zero() + Milliseconds(325));
  EXPECT_EQ(rig.host.probes, 1);
  EXPECT_EQ(rig.recovery->ptoCount(), 1u);
  // Nothing new sent: the next PTO is twice as long, from the same last send (t = 0).
  rig.sched.runUntil(SimTime::zero() + Milliseconds(650) - sim::Nanoseconds(1));
  EXPECT_EQ(rig.host.probes, 1);
  rig.sched.runUntil(SimTime::zero() + Milliseconds(650));
  EXPECT_EQ(rig.host.probes, 2);
}

TEST(QuicRecovery, PtoRecoversALostTail) {
  const Duration oneWay = Milliseconds(20);
  const sim::DataRate rate = sim::Mbps(10);
  QuicPair net(link(rate, oneWay));
  bool armed = false;
  DatagramFilter filter(net.sim.network, net.server, *net.serverUdp, [&](const sim::Packet& p) {
    const QuicDatagram& d = quicHeader(p);
    if (!armed || !d.isShortForm()) return false;
    for (std::size_t i = 0; i < d.body.shortForm.streamFrameCount; ++i) {
      if (d.body.shortForm.streams[i].fin()) {
        armed = false;  // only the first transmission of the tail
        return true;
      }
    }
    return false;
  });
  SimTime done = SimTime::max();
  net.serverEndpoint->listen([&](QuicConnection& c) {
    c.setStreamDataCallback([&](std::uint64_t, std::uint64_t, bool fin) {
      if (fin) done = net.now();
    });
  });
  QuicConnection& c = net.clientEndpoint->connect(net.serverEndpoint->localEndpoint());
  net.scheduler().runUntil(SimTime::zero() + sim::Seconds(1));
  ASSERT_EQ(c.state(), ConnectionState::HandshakeConfirmed);

  SimTime tailSent;
  std::uint32_t retransmissionBytes = 0;
  c.packetSent.connect([&](const QuicPacketEvent& e) {
    if (e.shortPacket == nullptr || e.shortPacket->streamFrameCount == 0) return;
    if (e.shortPacket->streams[0].fin() && tailSent == SimTime()) {
      tailSent = e.time;
    } else if (e.shortPacket->streams[0].fin()) {
      retransmissionBytes = e.datagramBytes;
    }
  });
  std::vector<QuicMetricsEvent> metrics;
  c.metricsUpdated.connect([&](const QuicMetricsEvent& e) { metrics.push_back(e); });
  std::vector<QuicRetransmitEvent> retransmits;
  c.framesRetransmitted.connect([&](const QuicRetransmitEvent& e) { retransmits.push_back(e); });
  armed = true;
  c.send(c.openStream(), 4000, true);  // three packets; the third (with FIN) is lost
  net.scheduler().runUntil(SimTime::zero() + sim::Seconds(3));

  ASSERT_NE(done, SimTime::max());
  EXPECT_EQ(filter.dropped(), 1);
  EXPECT_EQ(c.recoveryCounters().probeTimeouts, 1u);
  // Nothing revealed the loss before the PTO; the probe repeated the tail's frames. The tail
  // packet itself is declared lost (time threshold) only when the probe's ACK arrives, and then
  // has nothing left to resend (RFC 9002 section 6.2.4).
  ASSERT_EQ(retransmits.size(), 1u);
  EXPECT_STREQ(retransmits[0].cause, "PTO");
  EXPECT_EQ(c.recoveryCounters().packetsLost, 1u);
  EXPECT_EQ(c.recoveryCounters().lostByTimeThreshold, 1u);
  // The PTO fired srtt + max(4 rttvar, 1 ms) + max_ack_delay after the tail was sent, with the
  // estimates of the last metrics update before it.
  std::size_t pto = 0;
  while (pto < metrics.size() && std::string(metrics[pto].cause) != "PTO") ++pto;
  ASSERT_LT(pto, metrics.size());
  ASSERT_GT(pto, 0u);
  const QuicMetricsEvent& before = metrics[pto - 1];
  const Duration expectedPto =
      before.smoothedRtt + std::max(before.rttVariance * 4, Milliseconds(1)) + Milliseconds(25);
  EXPECT_EQ(metrics[pto].time, tailSent + expectedPto);
  // The probe carries the tail again and arrives one way later.
  ASSERT_GT(retransmissionBytes, 0u);
  EXPECT_EQ(done,
            metrics[pto].time + sim::transmissionTime(sim::Bytes(retransmissionBytes + 28), rate) + oneWay);
  std::printf(
      "Tail loss: PTO %.3f ms after the tail (srtt %.3f ms, rttvar %.3f ms); recovered %.3f ms after it\n",
      expectedPto.milliseconds(), before.smoothedRtt.milliseconds(), before.rttVariance.milliseconds(),
      (done - tailSent).milliseconds());
}

}  // namespace
}  // namespace wirelab::models::transport::quic
