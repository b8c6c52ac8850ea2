// File: models/pubsub/pubsub_config.h
// Everything configurable about a publish/subscribe deployment, as plain data a scenario file can
// fill: the protocol, the broker's limits, topics, and groups of identical publishers and
// subscribers. validate() throws std::invalid_argument naming the first bad parameter.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "models/pubsub/mqtt_sizes.h"
#include "models/pubsub/pubsub_types.h"
#include "models/transport/tcp/tcp_config.h"
#include "sim/core/distributions.h"
#include "sim/core/time.h"

namespace wirelab::models::pubsub {

// "0"/"at-most-once" or "1"/"at-least-once"; nullopt otherwise (QoS 2 is not modelled).
std::optional<Qos> parseQos(std::string_view text);
const char* toString(Qos qos);

struct BrokerConfig {
  std::uint16_t port = 1883;  // IANA's MQTT port
  // Unacknowledged QoS 1 messages per session (MQTT 5.0 Receive Maximum, section 3.3.4; mosquitto's
  // max_inflight_messages defaults to 20). 1 to 65535.
  std::uint32_t maxInflight = 20;
  // Messages held per session beyond the in-flight window, online or offline (mosquitto's
  // max_queued_messages, default 1000); a message arriving at a full queue is dropped and counted.
  std::uint32_t maxQueuedMessages = 1000;
  // Persistent sessions also queue QoS 0 messages while their subscriber is offline (MQTT 3.1.1
  // section 3.1.2.4 allows it; mosquitto's queue_qos0_messages).
  bool queueQos0WhileOffline = true;
};

// Applies to both directions of QoS 1 (broker -> subscriber and publisher -> broker).
struct DeliveryConfig {
  // Resend an unacknowledged QoS 1 PUBLISH on the same connection after this long (DUP set), as
  // MQTT 3.1.1 implementations may (section 4.4, non-normative); zero: only after a reconnect, as
  // MQTT 5.0 section 4.4 requires.
  sim::Duration retryTimeout = sim::Duration::zero();
  // A client whose connection broke reconnects after this delay.
  sim::Duration reconnectDelay = sim::Seconds(1);
};

struct PublisherGroup {
  std::string name = "publishers";
  std::uint32_t count = 1;
  Qos qos = Qos::AtMostOnce;
  std::string topic;  // one of PubSubConfig::topics
  // Time between publications in seconds: Exponential for Poisson publishing, Constant for
  // periodic. Payload sizes in bytes.
  sim::Distribution interarrival = sim::Constant(1.0);
  sim::Distribution payloadBytes = sim::Constant(100.0);
  sim::Duration start = sim::Seconds(1);  // first publication at start + one interarrival draw
  sim::Duration stop = sim::Seconds(10);  // no publication after this
  // Messages a QoS 1 publisher holds while offline or beyond its in-flight window.
  std::uint32_t maxQueuedMessages = 1000;
  // Random connection breaks: mean time between them in seconds (exponential); 0: none.
  double meanTimeBetweenBreaks = 0.0;
};

struct SubscriberGroup {
  std::string name = "subscribers";
  std::uint32_t count = 1;
  Qos qos = Qos::AtMostOnce;  // subscription's maximum QoS; delivery uses min(publication, this)
  std::vector<std::string> topics;
  bool persistentSession = true;  // CONNECT with Clean Session = 0 (3.1.1 section 3.1.2.4)
  // On/off process in seconds (both exponential; a mean of 0 turns it off): time online before
  // going offline, then time offline. Ends at `activeUntil`, after which subscribers stay online.
  double meanOnlineTime = 0.0;
  double meanOfflineTime = 0.0;
  double meanTimeBetweenBreaks = 0.0;  // breaks with immediate reconnect; 0: none
  // Both processes start at `activeFrom` (zero: at start()) and end at `activeUntil`.
  sim::Duration activeFrom = sim::Duration::zero();
  sim::Duration activeUntil = sim::Seconds(10);
};

struct PubSubConfig {
  MqttVersion version = MqttVersion::V311;
  std::uint32_t clientIdBytes = 16;  // Client Identifier length (CONNECT payload)
  transport::tcp::TcpConfig tcp;
  BrokerConfig broker;
  DeliveryConfig delivery;
  std::vector<std::string> topics = {"sensors/temperature"};
  std::vector<PublisherGroup> publishers = {PublisherGroup{}};
  std::vector<SubscriberGroup> subscribers = {SubscriberGroup{}};

  std::optional<std::uint32_t> topicIndex(std::string_view name) const;
  void validate() const;
};

}  // namespace wirelab::models::pubsub
