// Bad input is rejected naming the parameter; MQTT packet sizes match the standard's encodings.
#include <gtest/gtest.h>

#include <stdexcept>
#include <string>

#include "models/pubsub/mqtt_sizes.h"
#include "models/pubsub/pubsub_scenario.h"

namespace wirelab::models::pubsub {
namespace {

std::string rejection(const PubSubScenarioConfig& c) {
  try {
    c.validate();
  } catch (const std::invalid_argument& e) {
    return e.what();
  }
  return "";
}

PubSubScenarioConfig valid() {
  PubSubScenarioConfig c;
  c.pubsub.publishers[0].topic = "sensors/temperature";
  c.pubsub.subscribers[0].topics = {"sensors/temperature"};
  return c;
}

TEST(PubSubConfig, TheDefaultsWithATopicAreValid) { EXPECT_EQ(rejection(valid()), ""); }

TEST(PubSubConfig, ZeroSubscribersAreRejected) {
  auto c = valid();
  c.pubsub.subscribers[0].count = 0;
  EXPECT_NE(rejection(c).find("pubsub.subscribers.subscribers.count"), std::string::npos) << rejection(c);
  c.pubsub.subscribers.clear();
  EXPECT_NE(rejection(c).find("pubsub.subscribers"), std::string::npos);
}

TEST(PubSubConfig, UnknownQosIsRejected) {
  EXPECT_FALSE(parseQos("2").has_value());
  EXPECT_FALSE(parseQos("exactly-once").has_value());
  EXPECT_EQ(parseQos("1"), Qos::AtLeastOnce);
  EXPECT_EQ(parseQos("at-most-once"), Qos::AtMostOnce);
  auto c = valid();
  c.pubsub.publishers[0].qos = static_cast<Qos>(2);
  EXPECT_NE(rejection(c).find("pubsub.publishers.publishers.qos: unknown QoS 2"), std::string::npos)
      << rejection(c);
  c = valid();
  c.pubsub.subscribers[0].qos = static_cast<Qos>(7);
  EXPECT_NE(rejection(c).find("pubsub.subscribers.subscribers.qos"), std::string::npos) << rejection(c);
}

TEST(PubSubConfig, NegativeRatesAndTimeoutsAreRejected) {
  auto c = valid();
  c.pubsub.delivery.retryTimeout = sim::Milliseconds(-5);
  EXPECT_NE(rejection(c).find("pubsub.delivery.retry_timeout: must be zero or positive, got -0.005 s"),
            std::string::npos)
      << rejection(c);
  c = valid();
  c.pubsub.delivery.reconnectDelay = sim::Seconds(-1);
  EXPECT_NE(rejection(c).find("pubsub.delivery.reconnect_delay"), std::string::npos);
  c = valid();
  c.pubsub.publishers[0].interarrival = sim::Uniform(-1.0, 1.0);
  EXPECT_NE(rejection(c).find("pubsub.publishers.publishers.interarrival: must not take negative values"),
            std::string::npos)
      << rejection(c);
  c = valid();
  c.pubsub.publishers[0].interarrival = sim::Constant(0.0);
  EXPECT_NE(rejection(c).find("interarrival: must have a positive mean"), std::string::npos);
  c = valid();
  c.pubsub.subscribers[0].meanOnlineTime = -2.0;
  EXPECT_NE(rejection(c).find("pubsub.subscribers.subscribers.mean_online_time"), std::string::npos);
  c = valid();
  c.pubsub.publishers[0].meanTimeBetweenBreaks = -1.0;
  EXPECT_NE(rejection(c).find("mean_time_between_breaks"), std::string::npos);
  c = valid();
  c.topology.clientLink.delay = sim::Milliseconds(-1);
  EXPECT_NE(rejection(c).find("pubsub.topology.client_link.delay"), std::string::npos);
  c = valid();
  c.topology.subscribersPerHost = 20'000;
  EXPECT_NE(rejection(c).find("pubsub.topology.subscribers_per_host"), std::string::npos);
  c = valid();
  c.pubsub.broker.maxInflight = 0;
  EXPECT_NE(rejection(c).find("pubsub.broker.max_inflight"), std::string::npos);
  c = valid();
  c.pubsub.subscribers[0].topics = {"no/such/topic"};
  EXPECT_NE(rejection(c).find("unknown topic \"no/such/topic\""), std::string::npos);
  // The scenario refuses to build from a bad configuration.
  EXPECT_THROW(PubSubScenario{c}, std::invalid_argument);
}

TEST(MqttSizes, PacketsAreEncodedAsTheStandardSays) {
  // Remaining Length boundaries (MQTT 3.1.1 section 2.2.3, table 2.4).
  EXPECT_EQ(remainingLengthBytes(127), 1u);
  EXPECT_EQ(remainingLengthBytes(128), 2u);
  EXPECT_EQ(remainingLengthBytes(16'383), 2u);
  EXPECT_EQ(remainingLengthBytes(16'384), 3u);
  EXPECT_EQ(remainingLengthBytes(2'097'152), 4u);
  // A QoS 1 PUBLISH of 1000 bytes on a 19-byte topic: 1 + 2 (remaining 1023) + 2 + 19 + 2 + 1000.
  EXPECT_EQ(publishBytes(MqttVersion::V311, 19, 1, 1000), 1026u);
  EXPECT_EQ(publishOverheadBytes(MqttVersion::V311, 19, 0, 100), 23u);  // 1 + 1 + 2 + 19
  EXPECT_EQ(publishOverheadBytes(MqttVersion::V5, 19, 0, 100), 24u);    // + Property Length
  EXPECT_EQ(pubackBytes(MqttVersion::V311), 4u);
  EXPECT_EQ(subackBytes(MqttVersion::V311), 5u);
}

}  // namespace
}  // namespace wirelab::models::pubsub
