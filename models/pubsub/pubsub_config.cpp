#include "models/pubsub/pubsub_config.h"

#include <cmath>
#include <limits>
#include <stdexcept>
#include <string>

namespace wirelab::models::pubsub {

namespace {

[[noreturn]] void reject(const std::string& parameter, const std::string& problem) {
  throw std::invalid_argument(parameter + ": " + problem);
}

std::string number(double v) {
  std::string s = std::to_string(v);
  while (s.size() > 1 && s.back() == '0') s.pop_back();
  if (!s.empty() && s.back() == '.') s.pop_back();
  return s;
}

void requireNonNegative(const std::string& parameter, double value, const char* unit) {
  if (!(value >= 0.0) || !std::isfinite(value)) {
    reject(parameter, std::string("must be zero or positive, got ") + number(value) + unit);
  }
}

void requireNonNegative(const std::string& parameter, sim::Duration d) {
  if (d < sim::Duration::zero())
    reject(parameter, "must be zero or positive, got " + number(d.seconds()) + " s");
}

// A distribution of a quantity that must not go below zero: its lowest quantile.
void requireNonNegative(const std::string& parameter, const sim::Distribution& d) {
  const double lowest = d.quantile(0.0);
  if (lowest < 0.0) reject(parameter, "must not take negative values, got " + d.describe());
}

}  // namespace

std::optional<Qos> parseQos(std::string_view text) {
  if (text == "0" || text == "at-most-once") return Qos::AtMostOnce;
  if (text == "1" || text == "at-least-once") return Qos::AtLeastOnce;
  return std::nullopt;
}

const char* toString(Qos qos) { return qos == Qos::AtMostOnce ? "at-most-once" : "at-least-once"; }

std::optional<std::uint32_t> PubSubConfig::topicIndex(std::string_view name) const {
  for (std::size_t i = 0; i < topics.size(); ++i) {
    if (topics[i] == name) return static_cast<std::uint32_t>(i);
  }
  return std::nullopt;
}

void PubSubConfig::validate() const {
  tcp.validate();
  if (version != MqttVersion::V311 && version != MqttVersion::V5)
    reject("pubsub.version", "unknown MQTT version");
  if (clientIdBytes == 0 || clientIdBytes > 65535) {
    reject("pubsub.client_id_bytes", "must be 1 to 65535, got " + std::to_string(clientIdBytes));
  }
  if (broker.port == 0) reject("pubsub.broker.port", "must not be 0");
  if (broker.maxInflight == 0 || broker.maxInflight > 65535) {
    reject("pubsub.broker.max_inflight", "must be 1 to 65535, got " + std::to_string(broker.maxInflight));
  }
  requireNonNegative("pubsub.delivery.retry_timeout", delivery.retryTimeout);
  requireNonNegative("pubsub.delivery.reconnect_delay", delivery.reconnectDelay);
  if (topics.empty()) reject("pubsub.topics", "at least one topic is needed");
  for (std::size_t i = 0; i < topics.size(); ++i) {
    if (topics[i].empty() || topics[i].size() > 65535) {
      reject("pubsub.topics[" + std::to_string(i) + "]",
             "a topic name is 1 to 65535 bytes (MQTT 3.1.1 section 1.5.3)");
    }
  }
  if (publishers.empty()) reject("pubsub.publishers", "at least one publisher group is needed");
  if (subscribers.empty()) reject("pubsub.subscribers", "at least one subscriber group is needed");
  std::uint64_t subscriberCount = 0;
  for (const PublisherGroup& g : publishers) {
    const std::string p = "pubsub.publishers." + g.name;
    if (g.count == 0) reject(p + ".count", "must be positive, got 0");
    if (g.qos != Qos::AtMostOnce && g.qos != Qos::AtLeastOnce) {
      reject(p + ".qos", "unknown QoS " + std::to_string(static_cast<int>(g.qos)) + " (0 or 1)");
    }
    if (!topicIndex(g.topic)) reject(p + ".topic", "unknown topic \"" + g.topic + "\"");
    requireNonNegative(p + ".interarrival", g.interarrival);
    if (g.interarrival.mean() <= 0.0)
      reject(p + ".interarrival", "must have a positive mean, got " + g.interarrival.describe());
    requireNonNegative(p + ".payload_bytes", g.payloadBytes);
    if (g.payloadBytes.quantile(1.0) > static_cast<double>(kMaxRemainingLength) - 65'600) {
      reject(p + ".payload_bytes", "exceeds MQTT's largest packet (268,435,455 bytes, section 2.2.3)");
    }
    requireNonNegative(p + ".start", g.start);
    if (g.stop < g.start) reject(p + ".stop", "must not lie before start");
    requireNonNegative(p + ".mean_time_between_breaks", g.meanTimeBetweenBreaks, " s");
  }
  for (const SubscriberGroup& g : subscribers) {
    const std::string p = "pubsub.subscribers." + g.name;
    subscriberCount += g.count;
    if (g.count == 0) reject(p + ".count", "must be positive, got 0");
    if (g.qos != Qos::AtMostOnce && g.qos != Qos::AtLeastOnce) {
      reject(p + ".qos", "unknown QoS " + std::to_string(static_cast<int>(g.qos)) + " (0 or 1)");
    }
    if (g.topics.empty()) reject(p + ".topics", "a subscriber needs at least one topic");
    for (const std::string& t : g.topics) {
      if (!topicIndex(t)) reject(p + ".topics", "unknown topic \"" + t + "\"");
    }
    requireNonNegative(p + ".mean_online_time", g.meanOnlineTime, " s");
    requireNonNegative(p + ".mean_offline_time", g.meanOfflineTime, " s");
    requireNonNegative(p + ".mean_time_between_breaks", g.meanTimeBetweenBreaks, " s");
    if ((g.meanOnlineTime > 0.0) != (g.meanOfflineTime > 0.0)) {
      reject(p + ".mean_offline_time",
             "the on/off process needs both mean_online_time and mean_offline_time");
    }
    requireNonNegative(p + ".active_from", g.activeFrom);
    requireNonNegative(p + ".active_until", g.activeUntil);
  }
  if (subscriberCount == 0) reject("pubsub.subscribers.count", "must be positive in total, got 0");
  if (subscriberCount > std::numeric_limits<std::uint32_t>::max())
    reject("pubsub.subscribers.count", "too many");
}

}  // namespace wirelab::models::pubsub
