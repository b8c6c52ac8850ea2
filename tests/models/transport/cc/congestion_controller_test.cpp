// File: tests/models/transport/cc/congestion_controller_test.cpp
// The factory: every algorithm is built with the configured initial window, unusable configs are
// rejected with the offending parameter named, and algorithm names round-trip.
#include "models/transport/cc/congestion_controller.h"

#include <gtest/gtest.h>

#include <stdexcept>
#include <string>

#include "models/transport/cc/cubic.h"
#include "models/transport/cc/new_reno.h"

namespace wirelab::models::transport::cc {
namespace {

// The message of the std::invalid_argument that `f` throws, or "" if it throws nothing.
template <typename F>
std::string invalidArgumentMessage(F&& f) {
  try {
    f();
  } catch (const std::invalid_argument& e) {
    return e.what();
  }
  return "";
}

TEST(CongestionControllerFactory, BuildsEachAlgorithm) {
  CongestionConfig config;
  config.mssBytes = 1200;
  config.initialWindowSegments = 4;
  for (const Algorithm a : {Algorithm::NewReno, Algorithm::Cubic}) {
    const auto cc = makeCongestionController(a, config);
    ASSERT_NE(cc, nullptr);
    EXPECT_EQ(cc->cwndBytes(), 4u * 1200u);
    EXPECT_EQ(cc->ssthreshBytes(), UINT64_MAX);
    EXPECT_STREQ(cc->lastCause(), "initial window");
    EXPECT_EQ(parseAlgorithm(cc->name()), a) << cc->name();
  }
  EXPECT_NE(dynamic_cast<NewReno*>(makeCongestionController(Algorithm::NewReno, config).get()), nullptr);
  EXPECT_NE(dynamic_cast<Cubic*>(makeCongestionController(Algorithm::Cubic, config).get()), nullptr);
}

TEST(CongestionControllerFactory, RejectsBadConfigsNamingTheParameter) {
  const auto check = [](CongestionConfig config, const std::string& parameter) {
    for (const Algorithm a : {Algorithm::NewReno, Algorithm::Cubic}) {
      EXPECT_EQ(invalidArgumentMessage([&] { makeCongestionController(a, config); }),
                parameter + " must be positive");
    }
    EXPECT_EQ(invalidArgumentMessage([&] { NewReno direct{config}; }), parameter + " must be positive");
    EXPECT_EQ(invalidArgumentMessage([&] { Cubic direct{config}; }), parameter + " must be positive");
  };
  CongestionConfig c;
  c.mssBytes = 0;
  check(c, "mssBytes");
  c = {};
  c.initialWindowSegments = 0;
  check(c, "initialWindowSegments");
  c = {};
  c.minimumWindowSegments = 0;
  check(c, "minimumWindowSegments");

  const std::string unknown = invalidArgumentMessage(
      [] { makeCongestionController(static_cast<Algorithm>(42), CongestionConfig{}); });
  EXPECT_NE(unknown.find("algorithm"), std::string::npos) << unknown;
  EXPECT_EQ(invalidArgumentMessage([] { makeCongestionController(Algorithm::Cubic, CongestionConfig{}); }),
            "");
}

TEST(CongestionControllerFactory, AlgorithmNamesRoundTrip) {
  for (const Algorithm a : {Algorithm::NewReno, Algorithm::Cubic}) EXPECT_EQ(parseAlgorithm(toString(a)), a);
  EXPECT_STREQ(toString(Algorithm::NewReno), "newreno");
  EXPECT_STREQ(toString(Algorithm::Cubic), "cubic");
  EXPECT_EQ(parseAlgorithm("CUBIC"), Algorithm::Cubic);
  EXPECT_EQ(parseAlgorithm("NewReno"), Algorithm::NewReno);
  EXPECT_EQ(parseAlgorithm("NEWRENO"), Algorithm::NewReno);
  EXPECT_EQ(parseAlgorithm("reno"), std::nullopt);
  EXPECT_EQ(parseAlgorithm("cubic "), std::nullopt);
  EXPECT_EQ(parseAlgorithm(""), std::nullopt);
  EXPECT_EQ(parseAlgorithm("bbr"), std::nullopt);
}

}  // namespace
}  // namespace wirelab::models::transport::cc
