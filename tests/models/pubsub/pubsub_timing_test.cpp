// Timing and bytes at zero loss against closed forms: end-to-end latency through the broker, and
// the fan-out's bytes on the wire.
#include <gtest/gtest.h>

#include <cmath>
#include <cstdio>

#include "tests/models/pubsub/pubsub_test_config.h"

namespace wirelab::models::pubsub {
namespace {

using testing::scenario;

constexpr std::uint64_t kTcpIpHeaderBytes = 20 + 20 + 12;  // IPv4 + TCP + timestamps option

// publisher -> router -> broker -> router -> subscriber, store and forward at every hop:
// latency = (d_client + tx_client) + (d_broker + tx_broker) for the PUBLISH into the broker, and the
// same for the one out of it, each segment carrying one whole PUBLISH plus TCP/IP headers.
TEST(PubSubTiming, ZeroLossLatencyIsTheTwoOneWayDelaysPlusSerialisation) {
  for (const Qos qos : {Qos::AtMostOnce, Qos::AtLeastOnce}) {
    auto c = scenario(1, 3, qos, 2.0, 8.0);  // one message every 0.5 s: no queueing
    c.pubsub.publishers[0].payloadBytes = sim::Constant(1000.0);
    PubSubScenario s(c);
    s.run();
    const std::uint64_t packet =
        publishBytes(MqttVersion::V311, c.pubsub.topics[0].size(), static_cast<int>(qos), 1000) +
        kTcpIpHeaderBytes;
    const sim::Duration oneHopClient =
        c.topology.clientLink.delay +
        sim::transmissionTime(sim::Bytes(static_cast<std::int64_t>(packet)), c.topology.clientLink.rate);
    const sim::Duration oneHopBroker =
        c.topology.brokerLink.delay +
        sim::transmissionTime(sim::Bytes(static_cast<std::int64_t>(packet)), c.topology.brokerLink.rate);
    const double expected = 2 * (oneHopClient + oneHopBroker).seconds();
    for (std::size_t i = 0; i < s.subscriberCount(); ++i) {
      const SubscriberStats& st = s.subscriber(i).stats();
      ASSERT_EQ(st.distinct, s.publisher(0).stats().published);
      EXPECT_NEAR(st.latencyMin, expected, 0.02 * expected);
      EXPECT_NEAR(st.latencyMax, expected, 0.02 * expected);
    }
    const SubscriberStats& st = s.subscriber(0).stats();
    std::printf(
        "VALIDATION pubsub zero-loss latency QoS %d: mean %.4f ms (min %.4f, max %.4f) vs closed form "
        "%.4f ms (tolerance 2%%)\n",
        static_cast<int>(qos), st.meanLatency() * 1e3, st.latencyMin * 1e3, st.latencyMax * 1e3,
        expected * 1e3);
  }
}

// One 300-byte message to S = 50 subscribers: the broker writes S x (message + MQTT overhead)
// bytes of PUBLISH, and transmits S segments of that plus 52 bytes of TCP/IP headers each.
TEST(PubSubTiming, FanOutBytesAreSubscribersTimesMessagePlusOverhead) {
  constexpr std::uint32_t kSubscribers = 50;
  auto c = scenario(1, kSubscribers, Qos::AtMostOnce, 0.2, 6.0);  // one publication, at t = 6 s
  c.pubsub.publishers[0].payloadBytes = sim::Constant(300.0);
  c.pubsub.publishers[0].start = sim::Seconds(1);
  c.topology.subscribersPerHost = 10;
  PubSubScenario s(c);
  s.start();
  auto& sched = s.simulation().scheduler;
  sched.runUntil(sim::SimTime::zero() + sim::Seconds(5));
  const WireCounters before = s.broker().wireCounters();
  const std::uint64_t wireBefore = s.brokerWireBytes();
  // The PUBLISH reaches the broker 11 ms after 6 s; stop before the broker's delayed ACK (40 ms).
  sched.runUntil(sim::SimTime::zero() + sim::Milliseconds(6030));
  ASSERT_EQ(s.publisher(0).stats().published, 1u);
  const std::uint64_t publish = publishBytes(MqttVersion::V311, c.pubsub.topics[0].size(), 0, 300);
  const std::uint64_t payload = s.broker().wireCounters().payloadBytesSent - before.payloadBytesSent;
  const std::uint64_t wire = s.brokerWireBytes() - wireBefore;
  EXPECT_EQ(payload, kSubscribers * publish);
  EXPECT_EQ(wire, kSubscribers * (publish + kTcpIpHeaderBytes));
  // Over the whole run the broker's TCP payload, TCP's own retransmissions aside, is CONNACK +
  // SUBACK + PUBLISH per subscriber, and the publisher's CONNACK.
  sched.run();
  EXPECT_EQ(s.broker().wireCounters().payloadBytesSent - s.broker().wireCounters().bytesRetransmitted,
            kSubscribers * (connackBytes(MqttVersion::V311) + subackBytes(MqttVersion::V311) + publish) +
                connackBytes(MqttVersion::V311));
  for (std::size_t i = 0; i < kSubscribers; ++i) EXPECT_EQ(s.subscriber(i).stats().distinct, 1u);
  std::printf(
      "VALIDATION pubsub fan-out bytes: %llu B of PUBLISH (expected S x (300 + %llu) = %llu), %llu B on the "
      "wire with TCP/IP headers (expected %llu), exact\n",
      static_cast<unsigned long long>(payload), static_cast<unsigned long long>(publish - 300),
      static_cast<unsigned long long>(kSubscribers * publish), static_cast<unsigned long long>(wire),
      static_cast<unsigned long long>(kSubscribers * (publish + kTcpIpHeaderBytes)));
}

}  // namespace
}  // namespace wirelab::models::pubsub
