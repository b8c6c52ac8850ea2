// File: models/pubsub/publisher.h
// A publisher: publishes messages on one topic at times drawn from a distribution (Poisson with
// exponential gaps, periodic with constant ones) and of sizes drawn from another. QoS 0 messages
// go out if the session is up and are otherwise dropped (counted); QoS 1 messages are kept until
// the broker's PUBACK, queued while offline, and resent with DUP after a reconnect (MQTT 3.1.1
// section 4.4) or, if configured, after a timeout. Its session is persistent (Clean Session 0).
#pragma once

#include <cstdint>
#include <memory>

#include "models/pubsub/mqtt_client.h"
#include "models/pubsub/outbox.h"
#include "sim/core/random.h"

namespace wirelab::models::pubsub {

struct PublisherStats {
  std::uint64_t published = 0;     // handed over by the application
  std::uint64_t sent = 0;          // PUBLISH packets written, resends included
  std::uint64_t resent = 0;        // DUP resends
  std::uint64_t acknowledged = 0;  // PUBACKs for QoS 1
  std::uint64_t droppedOffline = 0;
  std::uint64_t droppedQueueFull = 0;
};

class Publisher : public MqttClient {
 public:
  // `index` is unique among publishers; random streams are named after group and index.
  Publisher(transport::tcp::TcpStack& stack, transport::Endpoint broker, const PubSubConfig& config,
            MqttRegistry& registry, PubSubLog& log, const PublisherGroup& group, std::uint32_t index,
            std::uint32_t indexInGroup);

  // Connects and schedules the publications and the break process.
  void start();
  // Publishes one message now (also used by scripted runs).
  void publish(std::uint32_t payloadBytes);

  const PublisherStats& stats() const { return m_stats; }
  const Outbox& outbox() const { return m_outbox; }
  std::uint32_t topic() const { return m_topic; }
  Qos qos() const { return m_group.qos; }

  sim::Signal<const Publication&> published;

 private:
  void onSessionStarted(bool sessionPresent, std::uint32_t backlog) override;
  void onPacket(const messaging::Received<Frame>& m) override;
  void onConnectionLost() override;
  void scheduleNext();
  void scheduleBreak();
  void pump();
  void sendPublish(const Publication& p, std::uint16_t packetId, bool dup);
  void armRetry();
  void onRetryTimeout();
  void drop(const Publication& p, const char* why, std::uint64_t& counter);

  PublisherGroup m_group;
  std::uint32_t m_topic;
  std::uint64_t m_topicBytes;
  sim::RandomStream m_gaps, m_sizes, m_breaks;
  sim::Timer m_publishTimer, m_breakTimer, m_retryTimer;
  Outbox m_outbox;
  std::uint32_t m_sequence = 0;
  PublisherStats m_stats;
};

}  // namespace wirelab::models::pubsub
