// The path parameters' checks the workload experiments share: each message names the experiment's
// field and the value it got; a valid path passes.
#include "models/workload/two_node_path.h"

#include <gtest/gtest.h>

#include <stdexcept>
#include <string>

namespace wirelab::models::workload {
namespace {

std::string rejection(sim::DataRate rate, sim::Duration rtt, double lossRate) {
  try {
    validatePathParameters("some_experiment", rate, rtt, lossRate);
  } catch (const std::invalid_argument& e) {
    return e.what();
  }
  return "accepted";
}

TEST(TwoNodePath, PathParameterChecksNameTheExperimentsField) {
  const sim::DataRate rate = sim::Mbps(10);
  const sim::Duration rtt = sim::Milliseconds(40);
  EXPECT_EQ(rejection(rate, rtt, 0.0), "accepted");
  EXPECT_EQ(rejection(rate, sim::Duration::zero(), 0.99), "accepted");
  EXPECT_EQ(rejection(sim::DataRate(0), rtt, 0.0), "some_experiment.rate: must be positive, got 0");
  EXPECT_EQ(rejection(rate, sim::Milliseconds(-1), 0.0),
            "some_experiment.rtt: must not be negative, got -1ms");
  EXPECT_EQ(rejection(rate, rtt, 1.0), "some_experiment.lossRate: must lie in [0, 1), got 1.000000");
  EXPECT_EQ(rejection(rate, rtt, -0.5), "some_experiment.lossRate: must lie in [0, 1), got -0.500000");
  // The first bad field is the one named, in the order rate, rtt, lossRate.
  EXPECT_EQ(rejection(sim::DataRate(-1), sim::Milliseconds(-1), 2.0),
            "some_experiment.rate: must be positive, got -1");
}

}  // namespace
}  // namespace wirelab::models::workload
