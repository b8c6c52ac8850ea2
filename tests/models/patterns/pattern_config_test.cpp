// Bad input is rejected with a message naming the parameter.
#include <gtest/gtest.h>

#include <stdexcept>
#include <string>

#include "models/patterns/pattern_experiment.h"

namespace wirelab::models::patterns {
namespace {

using namespace wirelab::sim;

template <typename F>
std::string rejection(F&& f) {
  try {
    f();
  } catch (const std::invalid_argument& e) {
    return e.what();
  }
  return "(accepted)";
}

TEST(PatternConfig, NonPositiveIntervalsAndTimeoutsAreRejectedByName) {
  ShortPollingConfig poll;
  poll.interval = Seconds(-1);
  EXPECT_NE(rejection([&] { poll.validate(); }).find("short_polling.interval: must be positive"),
            std::string::npos);
  poll.interval = Duration::zero();
  EXPECT_NE(rejection([&] { poll.validate(); }).find("short_polling.interval"), std::string::npos);

  LongPollingConfig lp;
  lp.holdTimeout = Duration::zero();
  EXPECT_NE(rejection([&] { lp.validate(); }).find("long_polling.hold_timeout: must be positive"),
            std::string::npos);

  SseConfig sse;
  sse.retryDelay = Milliseconds(-5);
  EXPECT_NE(rejection([&] { sse.validate(); }).find("sse.retry_delay"), std::string::npos);

  PushConfig push;
  push.pingInterval = Seconds(-2);
  EXPECT_NE(rejection([&] { push.validate(); }).find("push.ping_interval"), std::string::npos);

  DisconnectConfig d;
  d.meanInterval = Seconds(-1);
  EXPECT_NE(rejection([&] { d.validate(); }).find("disconnect.mean_interval"), std::string::npos);
}

TEST(PatternConfig, BadEventSourcesAreRejectedByName) {
  EventSourceConfig e;
  e.ratePerSecond = 0;
  EXPECT_NE(rejection([&] { e.validate(); }).find("events.rate_per_s"), std::string::npos);
  e.ratePerSecond = -3;
  EXPECT_NE(rejection([&] { e.validate(); }).find("events.rate_per_s"), std::string::npos);
  e = {};
  e.kind = EventSourceConfig::Kind::Periodic;
  e.interval = Duration::zero();
  EXPECT_NE(rejection([&] { e.validate(); }).find("events.interval"), std::string::npos);
  e = {};
  e.kind = EventSourceConfig::Kind::Trace;
  e.traceTimes = {Seconds(2), Seconds(1)};
  EXPECT_NE(rejection([&] { e.validate(); }).find("events.trace_times[1]"), std::string::npos);
  e = {};
  e.payloadBytes = Normal(10, 100);  // can go negative
  EXPECT_NE(rejection([&] { e.validate(); }).find("events.payload_bytes"), std::string::npos);
}

TEST(PatternConfig, TheExperimentChecksItsOwnAndItsPartsParameters) {
  PatternExperimentConfig c;
  c.clients = 0;
  EXPECT_NE(rejection([&] { c.validate(); }).find("experiment.clients"), std::string::npos);
  c = {};
  c.clients = 40'000;  // one host has 16,384 ephemeral ports
  EXPECT_NE(rejection([&] { c.validate(); }).find("experiment.client_hosts"), std::string::npos);
  c = {};
  c.lossRate = 1.5;
  EXPECT_NE(rejection([&] { c.validate(); }).find("experiment.loss"), std::string::npos);
  c = {};
  c.lossRate = 0.01;  // a rate and scripted drops at once
  c.lostFromServer = {3};
  EXPECT_NE(rejection([&] { c.validate(); }).find("experiment.loss"), std::string::npos);
  c = {};
  c.server.longPolling.holdTimeout = Seconds(-20);
  EXPECT_NE(rejection([&] { PatternExperiment e(c); }).find("long_polling.hold_timeout"), std::string::npos);
  c = {};
  c.client.shortPolling.interval = Duration::zero();
  EXPECT_NE(rejection([&] { PatternExperiment e(c); }).find("short_polling.interval"), std::string::npos);
  EXPECT_EQ(rejection([] { PatternExperimentConfig{}.validate(); }), "(accepted)");
}

TEST(PatternConfig, PatternNamesRoundTrip) {
  for (Pattern p : {Pattern::ShortPolling, Pattern::LongPolling, Pattern::ServerSentEvents, Pattern::Push}) {
    EXPECT_EQ(parsePattern(toString(p)), p);
  }
  EXPECT_FALSE(parsePattern("carrier-pigeon").has_value());
}

}  // namespace
}  // namespace wirelab::models::patterns
