// TCP validated against closed forms on the tcp-bulk dumbbell (the ns-3 anchors' topology):
// utilisation, the receiver-window limit, fairness, and the Mathis et al. throughput model.
#include "models/workload/dumbbell_bulk.h"

#include <gtest/gtest.h>

#include <cmath>
#include <cstdio>
#include <fstream>
#include <string>

namespace wirelab::models::workload {
namespace {

using sim::Milliseconds;
using sim::Seconds;

// Payload capacity of a 100 Mbit/s PPP link with 1500-byte IP packets carrying 1448 bytes.
constexpr double kPayloadCapacityMbps = 100.0 * 1448 / 1502;

TEST(DumbbellBulk, OneFlowWithOneBdpOfBufferFillsTheBottleneck) {
  DumbbellBulkConfig c;  // 100 Mbit/s, 40 ms RTT, 333-packet (one BDP) bottleneck queue
  c.simTime = Seconds(30);
  const DumbbellBulkResult r = runDumbbellBulk(c);
  std::printf("VALIDATION utilisation goodput=%.3f Mbit/s capacity=%.3f ratio=%.4f\n", r.aggregateGoodputMbps,
              kPayloadCapacityMbps, r.aggregateGoodputMbps / kPayloadCapacityMbps);
  EXPECT_GE(r.aggregateGoodputMbps, 0.95 * kPayloadCapacityMbps);
  EXPECT_LE(r.aggregateGoodputMbps, kPayloadCapacityMbps);
}

TEST(DumbbellBulk, ReceiverWindowLimitsThroughputToWindowOverRtt) {
  for (const std::uint64_t window : {32 * 1024, 64 * 1024, 128 * 1024}) {
    DumbbellBulkConfig c;
    c.simTime = Seconds(20);
    c.tcp.receiveBufferBytes = window;
    const DumbbellBulkResult r = runDumbbellBulk(c);
    // W / RTT, with the RTT including one serialisation per hop of a full packet (1502 bytes at
    // 1 Gbit/s twice and at 100 Mbit/s once) and of the returning ACK (negligible).
    const double rttS = 0.040 + 1502 * 8 * (2 / 1e9 + 1 / 1e8);
    const double expectedMbps = static_cast<double>(window) * 8 / rttS / 1e6;
    std::printf("VALIDATION rwnd W=%llu goodput=%.3f W/RTT=%.3f ratio=%.4f\n",
                static_cast<unsigned long long>(window), r.aggregateGoodputMbps, expectedMbps,
                r.aggregateGoodputMbps / expectedMbps);
    // Start-up (one handshake and a slow start of a few RTTs in 20 s) costs a little: 5%.
    EXPECT_NEAR(r.aggregateGoodputMbps, expectedMbps, 0.05 * expectedMbps) << "window " << window;
    EXPECT_EQ(r.queueDrops, 0u);
  }
}

// Two RFC NewReno flows (the "rfc" profile) through one drop-tail bottleneck. Drop-tail losses are
// synchronised, so over a minute one flow can hold a larger share for a long while (seed 1 of
// this test gives Jain 0.58 over 60 s); AIMD converges, and over 300 s every seed is fair.
TEST(DumbbellBulk, TwoFlowsWithEqualRttShareTheBottleneckFairly) {
  for (const std::uint64_t seed : {1, 2, 3}) {
    DumbbellBulkConfig c;
    c.flows = 2;
    c.simTime = Seconds(300);
    c.seed = seed;
    c.tcp = *transport::tcp::tcpProfile("rfc");
    const DumbbellBulkResult r = runDumbbellBulk(c);
    const double jain = jainFairnessIndex(r.flowGoodputMbps);
    std::printf("VALIDATION fairness seed=%llu flows=%.2f,%.2f Mbit/s jain=%.4f\n",
                static_cast<unsigned long long>(seed), r.flowGoodputMbps[0], r.flowGoodputMbps[1], jain);
    EXPECT_GE(jain, 0.95) << "seed " << seed;
    // Without SACK, NewReno repairs one loss per round trip, so the synchronised multiple losses
    // of a drop-tail overflow cost some utilisation (88% for seed 2).
    EXPECT_GE(r.aggregateGoodputMbps, 0.85 * kPayloadCapacityMbps);
  }
}

// Mathis et al. 1997: B = MSS/RTT * C/sqrt(p). The derivation grows the window by 1/b segment per
// round trip for b segments per ACK and halves it on each loss, so C = sqrt(3/(2b)): sqrt(3/2) =
// 1.22 without delayed ACKs, sqrt(3/4) = 0.87 with them, for a NewReno that adds MSS*MSS/cwnd per
// ACK (RFC 5681 eq. 3: the "ns3" profile's growth) and halves FlightSize (RFC 5681 eq. 4; ns-3's
// halving of its smaller SACK pipe is switched off here, see docs/VALIDATION.md). Tolerance: 20%
// of the model, as the issue states; each point is the mean of 6 replications of 300 s, so that a
// few dozen loss events per run average out.
TEST(DumbbellBulk, NewRenoGoodputFollowsTheMathisModel) {
  for (const int rttMs : {40, 100, 200}) {
    for (const double p : {0.001, 0.005, 0.01, 0.02}) {
      for (const bool delayedAck : {true, false}) {
        double sum = 0;
        constexpr int kReplications = 6;
        for (int rep = 0; rep < kReplications; ++rep) {
          DumbbellBulkConfig c;
          c.lossRate = p;
          c.simTime = Seconds(300);
          c.run = static_cast<std::uint64_t>(rep);
          c.bottleneckDelay = Milliseconds(rttMs / 2 - 10);  // access links add 2 x 5 ms each way
          c.tcp.delayedAck = delayedAck;
          c.tcp.ssthreshFromPipe = false;
          sum += runDumbbellBulk(c).flowGoodputMbps[0];
        }
        const double goodput = sum / kReplications;
        const double constant = std::sqrt(delayedAck ? 0.75 : 1.5);
        const double model = mathisGoodputMbps(1448, Milliseconds(rttMs), p, constant);
        std::printf("VALIDATION mathis rtt=%dms p=%.3f delack=%d goodput=%.4f model=%.4f ratio=%.3f\n", rttMs,
                    p, delayedAck ? 1 : 0, goodput, model, goodput / model);
        EXPECT_NEAR(goodput, model, 0.20 * model)
            << "rtt " << rttMs << " p " << p << " delack " << delayedAck;
      }
    }
  }
}

// The same scenario against ns-3 3.37's figures (tests/data/ns3_tcp_bulk_goodput.csv, made by
// bench/validate_tcp_ns3.sh): the "ns3" profile, 5 seeds of 300 s, mean goodput within 10%.
TEST(DumbbellBulk, NewRenoGoodputIsWithinTenPercentOfNs3) {
  std::ifstream csv(std::string(WIRELAB_SOURCE_DIR) + "/tests/data/ns3_tcp_bulk_goodput.csv");
  ASSERT_TRUE(csv.good());
  std::string line;
  int rows = 0;
  while (std::getline(csv, line)) {
    if (line.empty() || line[0] == '#' || line[0] == 'r') continue;
    int rttMs = 0;
    double p = 0, ns3 = 0;
    ASSERT_EQ(std::sscanf(line.c_str(), "%d,%lf,%lf", &rttMs, &p, &ns3), 3) << line;
    double sum = 0;
    for (std::uint64_t seed = 1; seed <= 5; ++seed) {
      DumbbellBulkConfig c;
      c.lossRate = p;
      c.simTime = Seconds(300);
      c.seed = seed;
      c.bottleneckDelay = Milliseconds(rttMs / 2 - 10);
      sum += runDumbbellBulk(c).flowGoodputMbps[0];
    }
    const double ours = sum / 5;
    std::printf("VALIDATION ns3 rtt=%dms p=%.3f wirelab=%.3f ns3=%.3f ratio=%.3f\n", rttMs, p, ours, ns3,
                ours / ns3);
    EXPECT_NEAR(ours, ns3, 0.10 * ns3) << "rtt " << rttMs << " p " << p;
    ++rows;
  }
  EXPECT_EQ(rows, 12);
}

TEST(DumbbellBulk, SameSeedSameResult) {
  DumbbellBulkConfig c;
  c.flows = 3;
  c.lossRate = 0.005;
  c.simTime = Seconds(10);
  const auto a = runDumbbellBulk(c);
  const auto b = runDumbbellBulk(c);
  EXPECT_EQ(a.flowGoodputMbps, b.flowGoodputMbps);
  EXPECT_EQ(a.events, b.events);
  c.seed = 9;
  EXPECT_NE(runDumbbellBulk(c).events, a.events);
}

TEST(Formulas, JainAndMathis) {
  EXPECT_DOUBLE_EQ(jainFairnessIndex({5, 5, 5}), 1.0);
  EXPECT_DOUBLE_EQ(jainFairnessIndex({1, 0}), 0.5);
  // 1448 B, 40 ms, p = 1%, C = 1.22: 1448*8/0.04*1.22/0.1 = 3.533 Mbit/s (the anchors' figure).
  EXPECT_NEAR(mathisGoodputMbps(1448, Milliseconds(40), 0.01, 1.22), 3.533, 0.001);
}

}  // namespace
}  // namespace wirelab::models::workload
