// File: models/pubsub/subscriber.h
// A subscriber: subscribes to its topics, acknowledges every QoS 1 PUBLISH at once with a PUBACK
// (MQTT 3.1.1 section 4.3.2), counts distinct messages and duplicates exactly (by message
// identity), measures each message's end-to-end latency (publisher's publish call to the last byte
// here), and times its catch-up after reconnecting to a persistent session. An optional random
// on/off process takes it offline and back; random breaks reconnect at once.
#pragma once

#include <cstdint>
#include <limits>
#include <vector>

#include "models/pubsub/mqtt_client.h"
#include "models/pubsub/seen_messages.h"
#include "sim/core/random.h"

namespace wirelab::models::pubsub {

struct Delivery {
  std::uint32_t subscriber = 0;
  Publication publication;
  sim::SimTime receivedAt;
  bool dupFlag = false;    // the PUBLISH carried DUP
  bool duplicate = false;  // this subscriber had already received the message
};

struct CatchUp {
  sim::SimTime reconnectAt;  // connect() of the reconnecting attempt
  sim::SimTime caughtUpAt;   // the last message the broker held for the session arrived
  std::uint32_t messages = 0;
  sim::Duration duration() const { return caughtUpAt - reconnectAt; }
};

struct SubscriberStats {
  std::uint64_t received = 0;  // PUBLISH packets, duplicates included
  std::uint64_t distinct = 0;
  std::uint64_t duplicates = 0;
  std::uint64_t dupFlagged = 0;  // arrived with DUP set
  double latencySum = 0.0;       // seconds, over first deliveries
  double latencyMin = std::numeric_limits<double>::infinity();
  double latencyMax = 0.0;
  double meanLatency() const { return distinct > 0 ? latencySum / static_cast<double>(distinct) : 0.0; }
};

class Subscriber : public MqttClient {
 public:
  Subscriber(transport::tcp::TcpStack& stack, transport::Endpoint broker, const PubSubConfig& config,
             MqttRegistry& registry, PubSubLog& log, const SubscriberGroup& group, std::uint32_t index,
             std::uint32_t indexInGroup);

  // Connects and starts the on/off and break processes.
  void start();

  const SubscriberStats& stats() const { return m_stats; }
  const std::vector<CatchUp>& catchUps() const { return m_catchUps; }

  sim::Signal<const Delivery&> delivered;

 private:
  void onConnecting() override;
  void onSessionStarted(bool sessionPresent, std::uint32_t backlog) override;
  void onPacket(const messaging::Received<Frame>& m) override;
  void onConnectionLost() override;
  void subscribe();
  void scheduleOnOff();
  void scheduleBreak();
  sim::Duration exponential(double mean);

  // The group's configuration, not a copy (with its name and topic strings): it must outlive the
  // subscriber, as the scenario's configuration does.
  const SubscriberGroup* m_group;
  std::vector<std::uint32_t> m_topics;
  // The on/off and break processes, made only when the group has one (started at activeFrom):
  // other subscribers carry 8 bytes here, not two Timers and a stream, and a fan-out holds 100,000
  // subscribers (bench/README.md, ninth pass).
  struct Processes {
    Processes(sim::Scheduler& sched, sim::RandomStream r) : random(r), onOffTimer(sched), breakTimer(sched) {}
    sim::RandomStream random;
    sim::Timer onOffTimer, breakTimer;
  };
  std::unique_ptr<Processes> m_processes;
  bool m_sessionKnown = false;  // the broker holds a session for us (persistent, once subscribed)
  bool m_subscribedInAttempt = false;
  std::uint32_t m_catchUpLeft = 0;
  std::uint32_t m_catchUpTotal = 0;
  sim::SimTime m_catchUpFrom;
  std::uint16_t m_nextPacketId = 0;
  SeenMessages m_seen;
  std::vector<CatchUp> m_catchUps;
  SubscriberStats m_stats;
};

}  // namespace wirelab::models::pubsub
