// The relay's drop pattern (relay_loss_pattern.h) against real runs: the expected positions are the
// packets missing between the sender's and the receiver's capture of two realnet-dev runs
// (shared/captures/realnet-dev/http/<id>.{server,client}.pcap, counted per direction in capture
// order by bench/realnet_loss_pattern.py), not values computed from the formula.
#include "models/workload/relay_loss_pattern.h"

#include <gtest/gtest.h>

#include <cmath>
#include <cstdint>
#include <vector>

namespace wirelab::models::workload {
namespace {

using Positions = std::vector<std::uint64_t>;

TEST(RelayLossPattern, LosesThePacketsMissingFromAReal2PercentRun) {
  // http_h2_rtt50_loss0.02_n36_30k_rep1: relay seed 7051; 790 packets down, 255 up.
  EXPECT_EQ(relayLossPositions(7051, RelayDirection::ServerToClient, 0.02, 790),
            (Positions{17, 166, 223, 228, 323, 354, 359, 367, 481, 580, 690, 696, 711, 731, 747, 748}));
  EXPECT_EQ(relayLossPositions(7051, RelayDirection::ClientToServer, 0.02, 255), (Positions{35, 100, 164}));
}

TEST(RelayLossPattern, LosesThePacketsMissingFromAReal05PercentRun) {
  // http_h1_rtt150_loss0.005_n36_30k_rep2: relay seed 7092; 815 packets down, 297 up.
  EXPECT_EQ(relayLossPositions(7092, RelayDirection::ServerToClient, 0.005, 815),
            (Positions{15, 81, 194, 210, 770}));
  EXPECT_EQ(relayLossPositions(7092, RelayDirection::ClientToServer, 0.005, 297), (Positions{180}));
}

TEST(RelayLossPattern, LongRunsLoseTheConfiguredFraction) {
  for (const double p : {0.005, 0.02, 0.1}) {
    const auto lost = relayLossPositions(1, RelayDirection::ServerToClient, p, 1'000'000);
    const double rate = static_cast<double>(lost.size()) / 1e6;
    EXPECT_NEAR(rate, p, 4 * std::sqrt(p * (1 - p) / 1e6)) << p;  // within 4 standard errors
  }
  EXPECT_TRUE(relayLossPositions(1, RelayDirection::ServerToClient, 0.0, 1000).empty());
}

}  // namespace
}  // namespace wirelab::models::workload
