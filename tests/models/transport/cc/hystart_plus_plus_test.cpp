// File: tests/models/transport/cc/hystart_plus_plus_test.cpp
// HyStart++ (RFC 9406) inside NewReno and CUBIC: steady RTT keeps slow start; a round whose minimum
// RTT rises past the threshold enters CSS (growth / 4) and, after CSS_ROUNDS rounds, slow start
// ends with ssthresh = cwnd; a rise that reverts returns to slow start. Exact byte counts throughout.
#include "models/transport/cc/hystart_plus_plus.h"

#include <gtest/gtest.h>

#include "models/transport/cc/cubic.h"
#include "models/transport/cc/new_reno.h"
#include "tests/models/transport/cc/ack_driver.h"

namespace wirelab::models::transport::cc {
namespace {

using testing::AckDriver;
using testing::RoundOptions;
using Phase = HyStartPlusPlus::Phase;

constexpr std::uint64_t kMss = 1448;

CongestionConfig withHystart() {
  CongestionConfig c;
  c.hystartPlusPlus = true;
  return c;
}

TEST(HyStartPlusPlus, RttThresholdIsAnEighthClampedToFourAndSixteenMs) {
  EXPECT_EQ(HyStartPlusPlus::rttThreshold(sim::Milliseconds(10)), sim::Milliseconds(4));
  EXPECT_EQ(HyStartPlusPlus::rttThreshold(sim::Milliseconds(32)), sim::Milliseconds(4));
  EXPECT_EQ(HyStartPlusPlus::rttThreshold(sim::Milliseconds(100)), sim::Microseconds(12500));
  EXPECT_EQ(HyStartPlusPlus::rttThreshold(sim::Milliseconds(128)), sim::Milliseconds(16));
  EXPECT_EQ(HyStartPlusPlus::rttThreshold(sim::Milliseconds(400)), sim::Milliseconds(16));
}

TEST(HyStartPlusPlus, SteadyRttKeepsStandardSlowStart) {
  NewReno cc{withHystart()};
  AckDriver driver(cc, kMss);
  for (int round = 1; round <= 8; ++round) {
    driver.runRound();
    EXPECT_EQ(cc.cwndBytes(), (10ull << round) * kMss);
    ASSERT_NE(cc.hystart(), nullptr);
    EXPECT_EQ(cc.hystart()->phase(), Phase::StandardSlowStart);
  }
  EXPECT_EQ(cc.ssthreshBytes(), UINT64_MAX);
  EXPECT_EQ(cc.hystart()->lastRoundMinRtt(), sim::Milliseconds(100));
}

TEST(HyStartPlusPlus, RttRiseEntersCssThenExitsAfterFiveRounds) {
  NewReno cc{withHystart()};
  AckDriver driver(cc, kMss);
  driver.runRound();
  driver.runRound();  // 40 MSS, last round's minimum 100 ms: threshold 12.5 ms
  // A rise of 12 ms stays below the threshold.
  driver.runRound({.rttSample = sim::Milliseconds(112)});
  EXPECT_EQ(cc.hystart()->phase(), Phase::StandardSlowStart);
  EXPECT_EQ(cc.cwndBytes(), 80 * kMss);
  // 112 ms -> 126 ms: +14 ms >= 112 / 8 = 14 ms. The 8th sample of the round decides: 7 ACKs grew at
  // the full rate, the remaining 73 at a quarter.
  driver.runRound({.rttSample = sim::Milliseconds(126)});
  ASSERT_NE(cc.hystart(), nullptr);
  EXPECT_EQ(cc.hystart()->phase(), Phase::ConservativeSlowStart);
  EXPECT_EQ(cc.hystart()->cssBaselineMinRtt(), sim::Milliseconds(126));
  EXPECT_EQ(cc.cwndBytes(), 80 * kMss + 7 * kMss + 73 * kMss / 4);
  EXPECT_STREQ(cc.lastCause(), "HyStart++: conservative slow start");

  // Rounds 2..5 of CSS: every ACK of one MSS adds MSS / 4 exactly.
  for (std::uint32_t cssRound = 2; cssRound <= HyStartPlusPlus::kCssRounds; ++cssRound) {
    const std::uint64_t before = cc.cwndBytes();
    const std::uint64_t acks = driver.runRound({.rttSample = sim::Milliseconds(126)});
    EXPECT_EQ(cc.cwndBytes(), before + acks * kMss / 4) << "CSS round " << cssRound;
    EXPECT_TRUE(cc.inSlowStart());
    EXPECT_EQ(cc.hystart()->cssRoundsCompleted(), cssRound - 1);
  }
  // The first ACK of the next round completes CSS_ROUNDS rounds: ssthresh = cwnd, avoidance.
  const std::uint64_t atExit = cc.cwndBytes();
  driver.ackNow(kMss);
  EXPECT_EQ(cc.ssthreshBytes(), atExit);
  EXPECT_FALSE(cc.inSlowStart());
  EXPECT_EQ(cc.hystart(), nullptr);
  EXPECT_STREQ(cc.lastCause(), "HyStart++: slow-start exit");
  EXPECT_EQ(cc.bytesAckedAccumulator(), kMss);  // that ACK counted towards avoidance
}

TEST(HyStartPlusPlus, TheEntryAckIsReportedAsTheCause) {
  NewReno cc{withHystart()};
  AckDriver driver(cc, kMss);
  driver.runRound();
  // 8 ACKs at 130 ms: the 8th enters CSS and is the last change.
  for (int i = 0; i < 8; ++i) {
    AckEvent ack;
    ack.now = driver.now();
    ack.bytesAcked = kMss;
    ack.bytesInFlight = cc.cwndBytes();
    ack.rttSample = sim::Milliseconds(130);
    ack.roundTripCount = driver.round();
    cc.onAck(ack);
  }
  EXPECT_STREQ(cc.lastCause(), "HyStart++: entering conservative slow start");
}

TEST(HyStartPlusPlus, SpuriousRiseReturnsToSlowStart) {
  NewReno cc{withHystart()};
  AckDriver driver(cc, kMss);
  driver.runRound();
  driver.runRound();                                       // 40 MSS at 100 ms
  driver.runRound({.rttSample = sim::Milliseconds(120)});  // CSS, baseline 120 ms
  ASSERT_EQ(cc.hystart()->phase(), Phase::ConservativeSlowStart);
  // RFC 9406 section 4.2: a CSS round whose minimum falls below the baseline ends CSS.
  const std::uint64_t before = cc.cwndBytes();
  const std::uint64_t acks = driver.runRound({.rttSample = sim::Milliseconds(100)});
  ASSERT_NE(cc.hystart(), nullptr);
  EXPECT_EQ(cc.hystart()->phase(), Phase::StandardSlowStart);
  EXPECT_EQ(cc.hystart()->cssBaselineMinRtt(), sim::Duration::max());
  // 7 ACKs at a quarter; the 8th decides and, like the rest, grows at the full rate.
  EXPECT_EQ(cc.cwndBytes(), before + 7 * kMss / 4 + (acks - 7) * kMss);
  // Back to doubling, and no exit with the RTT back at its base.
  for (int i = 0; i < 6; ++i) {
    const std::uint64_t start = cc.cwndBytes();
    driver.runRound();
    EXPECT_EQ(cc.cwndBytes(), start + start / kMss * kMss);
    EXPECT_EQ(cc.hystart()->phase(), Phase::StandardSlowStart);
  }
  EXPECT_EQ(cc.ssthreshBytes(), UINT64_MAX);
}

TEST(HyStartPlusPlus, FewerThanEightSamplesInARoundNeverDecide) {
  NewReno cc{withHystart()};
  AckDriver driver(cc, kMss);
  driver.runRound();
  // 20 ACKs, only 7 with an RTT sample (Karn's rule for the others), all well above threshold.
  driver.runRound({.rttSample = sim::Milliseconds(200), .sampledAcks = 7});
  EXPECT_EQ(cc.hystart()->phase(), Phase::StandardSlowStart);
  EXPECT_EQ(cc.cwndBytes(), 40 * kMss);
}

TEST(HyStartPlusPlus, OnlyTheInitialSlowStart) {
  // RFC 9406 section 4.2: after a loss (finite ssthresh) slow start is the standard one.
  NewReno cc{withHystart()};
  AckDriver driver(cc, kMss);
  driver.runRound();
  cc.onCongestionEvent(driver.now(), cc.cwndBytes());
  EXPECT_EQ(cc.hystart(), nullptr);
  NewReno off{CongestionConfig{}};
  EXPECT_EQ(off.hystart(), nullptr);
}

TEST(HyStartPlusPlus, CubicLeavesSlowStartWithoutALossAndStartsAnEpochWithKZero) {
  // RFC 9438 section 4.10: after a HyStart++ exit W_max is undefined: W_max = cwnd_epoch, K = 0,
  // cwnd_prior = cwnd.
  Cubic cc{withHystart()};
  AckDriver driver(cc, kMss);
  driver.runRound();
  driver.runRound();
  driver.runRound({.rttSample = sim::Milliseconds(130)});
  for (std::uint32_t i = 1; i < HyStartPlusPlus::kCssRounds; ++i) {
    driver.runRound({.rttSample = sim::Milliseconds(130)});
  }
  ASSERT_TRUE(cc.inSlowStart());
  const std::uint64_t atExit = cc.cwndBytes();
  driver.runRound({.rttSample = sim::Milliseconds(130)});
  EXPECT_EQ(cc.ssthreshBytes(), atExit);
  ASSERT_TRUE(cc.epochStart().has_value());
  EXPECT_DOUBLE_EQ(cc.kSeconds(), 0.0);
  EXPECT_DOUBLE_EQ(cc.wMaxSegments(), static_cast<double>(atExit) / kMss);
  EXPECT_DOUBLE_EQ(cc.cwndPriorSegments(), static_cast<double>(atExit) / kMss);
  EXPECT_GE(cc.cwndBytes(), atExit);
}

}  // namespace
}  // namespace wirelab::models::transport::cc
