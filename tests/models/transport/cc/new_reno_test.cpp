// File: tests/models/transport/cc/new_reno_test.cpp
// NewReno against RFC 5681 / RFC 3465 / RFC 6582, driven by synthetic ACK streams. Windows are
// integer bytes and every rule here is exact, so the tolerance is zero bytes throughout.
#include "models/transport/cc/new_reno.h"

#include <gtest/gtest.h>

#include <cstring>

#include "tests/models/transport/cc/ack_driver.h"

namespace wirelab::models::transport::cc {
namespace {

using testing::AckDriver;
using testing::RoundOptions;

constexpr std::uint64_t kMss = 1448;

TEST(NewReno, InitialWindowIsTenSegments) {
  NewReno cc{CongestionConfig{}};
  EXPECT_STREQ(cc.name(), "NewReno");
  EXPECT_EQ(cc.cwndBytes(), 10 * kMss);  // RFC 6928
  EXPECT_EQ(cc.ssthreshBytes(), UINT64_MAX);
  EXPECT_TRUE(cc.inSlowStart());
  EXPECT_STREQ(cc.lastCause(), "initial window");
}

TEST(NewReno, SlowStartDoublesPerRoundWithOneAckPerSegment) {
  NewReno cc{CongestionConfig{}};
  AckDriver driver(cc, kMss);
  for (int round = 1; round <= 6; ++round) {
    driver.runRound();
    EXPECT_EQ(cc.cwndBytes(), (10ull << round) * kMss) << "round " << round;
  }
  EXPECT_STREQ(cc.lastCause(), "slow start");
}

TEST(NewReno, SlowStartDoublesPerRoundWithDelayedAcks) {
  // RFC 3465 with L = 2: an ACK for 2 segments grows cwnd by 2 segments, so delayed ACKs lose
  // nothing against one ACK per segment.
  NewReno cc{CongestionConfig{}};
  AckDriver driver(cc, kMss);
  for (int round = 1; round <= 6; ++round) {
    EXPECT_EQ(driver.runRound({.segmentsPerAck = 2}), (10ull << (round - 1)) / 2);
    EXPECT_EQ(cc.cwndBytes(), (10ull << round) * kMss) << "round " << round;
  }
}

TEST(NewReno, StretchAckGrowsAtMostTwoSegments) {
  // RFC 3465 section 2.2: min(bytesAcked, L * SMSS) per ACK, L = 2.
  NewReno cc{CongestionConfig{}};
  AckDriver driver(cc, kMss);
  driver.ackNow(5 * kMss);
  EXPECT_EQ(cc.cwndBytes(), 12 * kMss);
  driver.ackNow(700);  // a partial segment counts its bytes
  EXPECT_EQ(cc.cwndBytes(), 12 * kMss + 700);
}

TEST(NewReno, CongestionAvoidanceAddsExactlyOneSegmentPerWindow) {
  NewReno cc{CongestionConfig{}};
  AckDriver driver(cc, kMss);
  cc.onCongestionEvent(driver.now(), 40 * kMss);
  ASSERT_EQ(cc.cwndBytes(), 20 * kMss);
  cc.onRecoveryExit(driver.now());
  for (std::uint64_t round = 1; round <= 20; ++round) {
    driver.runRound();
    EXPECT_EQ(cc.cwndBytes(), (20 + round) * kMss) << "round " << round;
  }
  EXPECT_STREQ(cc.lastCause(), "congestion avoidance");
  EXPECT_FALSE(cc.inSlowStart());

  // The accumulator is exact whatever the ACK size: 1000-byte ACKs add one MSS after exactly cwnd
  // bytes, and the excess carries into the next window.
  const std::uint64_t w = cc.cwndBytes();  // 40 MSS = 57920 bytes
  std::uint64_t acked = 0;
  while (acked + 1000 < w) {
    driver.ackNow(1000);
    acked += 1000;
  }
  EXPECT_EQ(cc.cwndBytes(), w);
  driver.ackNow(1000);
  acked += 1000;
  EXPECT_EQ(cc.cwndBytes(), w + kMss);
  EXPECT_EQ(cc.bytesAckedAccumulator(), acked - w);
}

TEST(NewReno, SlowStartHandsOverAtSsthresh) {
  // RFC 5681 section 3.1: slow start while cwnd < ssthresh. The bytes of the ACK that crosses
  // ssthresh beyond it count towards congestion avoidance.
  NewReno cc{CongestionConfig{}};
  AckDriver driver(cc, kMss);
  cc.onRetransmissionTimeout(driver.now(), 21 * kMss);  // ssthresh = 10.5 MSS, cwnd = 1 MSS
  ASSERT_EQ(cc.ssthreshBytes(), 21 * kMss / 2);
  driver.runRound();  // 2
  driver.runRound();  // 4
  driver.runRound();  // 8
  EXPECT_EQ(cc.cwndBytes(), 8 * kMss);
  driver.ackNow(2 * kMss);  // 10
  driver.ackNow(2 * kMss);  // would be 12: capped at 10.5, 1.5 MSS left for avoidance
  EXPECT_EQ(cc.cwndBytes(), cc.ssthreshBytes());
  EXPECT_FALSE(cc.inSlowStart());
  EXPECT_EQ(cc.bytesAckedAccumulator(), 2 * kMss - kMss / 2);
}

TEST(NewReno, LossHalvesTheFlight) {
  NewReno cc{CongestionConfig{}};
  AckDriver driver(cc, kMss);
  driver.runRound();
  driver.runRound();  // 40 MSS
  cc.onCongestionEvent(driver.now(), 37 * kMss);
  // RFC 5681 equation (4): max(FlightSize / 2, 2 SMSS).
  EXPECT_EQ(cc.ssthreshBytes(), 37 * kMss / 2);
  EXPECT_EQ(cc.cwndBytes(), cc.ssthreshBytes());
  EXPECT_STREQ(cc.lastCause(), "fast retransmit: multiplicative decrease");
  // The floor of two segments.
  cc.onCongestionEvent(driver.now(), 3 * kMss);
  EXPECT_EQ(cc.ssthreshBytes(), 2 * kMss);
  EXPECT_EQ(cc.cwndBytes(), 2 * kMss);
}

TEST(NewReno, RtoGivesOneSegmentAndHalfTheFlight) {
  NewReno cc{CongestionConfig{}};
  AckDriver driver(cc, kMss);
  driver.runRound();
  driver.runRound();  // 40 MSS
  cc.onRetransmissionTimeout(driver.now(), 40 * kMss);
  EXPECT_EQ(cc.cwndBytes(), kMss);  // RFC 5681 section 3.1: the loss window
  EXPECT_EQ(cc.ssthreshBytes(), 20 * kMss);
  EXPECT_STREQ(cc.lastCause(), "RTO: loss window");
  EXPECT_TRUE(cc.inSlowStart());
  for (int round = 1; round <= 4; ++round) {
    driver.runRound();
    EXPECT_EQ(cc.cwndBytes(), (1ull << round) * kMss);
  }
}

TEST(NewReno, NoGrowthInRecoveryOrWhenApplicationLimited) {
  NewReno cc{CongestionConfig{}};
  AckDriver driver(cc, kMss);
  // Slow start.
  driver.runRound({.applicationLimited = true});
  EXPECT_EQ(cc.cwndBytes(), 10 * kMss);
  // Recovery, then congestion avoidance.
  driver.runRound();
  cc.onCongestionEvent(driver.now(), 20 * kMss);
  const std::uint64_t reduced = cc.cwndBytes();
  for (int i = 0; i < 3; ++i) driver.runRound({.inRecovery = true});
  EXPECT_EQ(cc.cwndBytes(), reduced);
  EXPECT_STREQ(cc.lastCause(), "fast retransmit: multiplicative decrease");
  cc.onRecoveryExit(driver.now());
  EXPECT_EQ(cc.cwndBytes(), reduced);  // no inflation to undo: RFC 6582 inflation is the transport's
  for (int i = 0; i < 3; ++i) driver.runRound({.applicationLimited = true});
  EXPECT_EQ(cc.cwndBytes(), reduced);
  EXPECT_EQ(cc.bytesAckedAccumulator(), 0u);
  driver.runRound();
  EXPECT_EQ(cc.cwndBytes(), reduced + kMss);
}

}  // namespace
}  // namespace wirelab::models::transport::cc
