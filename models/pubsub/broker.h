// File: models/pubsub/broker.h
// An MQTT-like broker on its own node: it accepts client connections, keeps one session per
// client (MQTT 3.1.1 section 3.1.2.4), and fans each PUBLISH out to every subscriber of its topic.
//
// Delivery to a subscriber uses min(publication QoS, subscription QoS) (3.1.1 section 3.8.4):
// - QoS 0 (at most once, 4.3.1): sent once; lost if the connection breaks while it is on the wire.
// - QoS 1 (at least once, 4.3.2): kept until the subscriber's PUBACK; after a reconnect to a
//   persistent session every unacknowledged message is sent again with DUP set and its original
//   Packet Identifier (4.4), and optionally after `retryTimeout` on the same connection.
// A QoS 1 PUBLISH from a publisher is forwarded, then acknowledged: once the PUBACK is out, the
// broker owns the message (4.3.2). A DUP resend is forwarded again (QoS 1 allows duplicates).
//
// Sessions: a persistent session (Clean Session 0) outlives its connection; while the subscriber is
// offline the broker queues its messages (bounded; overflow dropped and counted) and sends them on
// reconnect, in order, after the unacknowledged ones. A clean session ends with its connection, and
// messages for a subscriber without a session are dropped and counted.
//
// Simplifications: a client is a publisher or a subscriber, never both; topics are exact names
// (no wildcards, 4.7); a SUBSCRIBE carries one topic filter; no retained messages (3.3.1.3), will
// messages, keep-alive PINGs or QoS 2.
#pragma once

#include <cstdint>
#include <map>
#include <memory>
#include <vector>

#include "models/pubsub/mqtt_link.h"
#include "models/pubsub/outbox.h"
#include "models/pubsub/pubsub_config.h"
#include "models/pubsub/pubsub_log.h"
#include "models/pubsub/wire_counters.h"
#include "sim/core/allocation_cluster.h"
#include "sim/core/small_vector.h"
#include "sim/core/timer.h"

namespace wirelab::models::pubsub {

// What the broker knows about the messages for one subscriber.
struct SubscriberAccount {
  std::uint64_t sent = 0;              // PUBLISH packets written to it, redeliveries included
  std::uint64_t redelivered = 0;       // of which DUP resends
  std::uint64_t acknowledged = 0;      // PUBACKs received
  std::uint64_t lostInFlight = 0;      // QoS 0, on the wire when its connection broke
  std::uint64_t droppedOffline = 0;    // no session (or QoS 0 not queued) while it was offline
  std::uint64_t droppedQueueFull = 0;  // its session's queue was full
  std::uint64_t lostSessionDiscarded = 0;
  std::uint64_t lost() const {
    return lostInFlight + droppedOffline + droppedQueueFull + lostSessionDiscarded;
  }
};

struct PublisherAccount {
  std::uint64_t received = 0;      // PUBLISH packets, DUP resends included
  std::uint64_t lostInFlight = 0;  // QoS 0, on the wire when its connection broke
};

struct QueueDepthSample {
  sim::SimTime at;
  std::uint64_t queued = 0;          // waiting in session queues (offline or beyond the window)
  std::uint64_t unacknowledged = 0;  // QoS 1 sent and awaiting PUBACK
};

class Broker {
 public:
  Broker(transport::tcp::TcpStack& stack, const PubSubConfig& config, MqttRegistry& registry, PubSubLog& log);
  Broker(const Broker&) = delete;
  Broker& operator=(const Broker&) = delete;
  ~Broker();

  // The deployment's subscribers are known from its configuration, so that messages published
  // before a subscriber's first SUBSCRIBE are counted as dropped for it rather than unaccounted.
  void expectSubscriber(std::uint32_t index, const std::vector<std::uint32_t>& topics);
  // A cluster's bytes for the session expectSubscriber() makes (it is cluster-allocated: made in
  // its subscriber's cluster, the fan-out finds it next to the wire it writes).
  static std::size_t subscriberSessionClusterBytes();

  transport::Endpoint endpoint() const { return {m_stack->node(), m_config.broker.port}; }
  const SubscriberAccount& subscriber(std::uint32_t index) const;
  const PublisherAccount& publisher(std::uint32_t index) const;
  std::uint64_t publishesReceived() const { return m_publishesReceived; }
  std::uint64_t heldMessages() const { return m_queued + m_unacknowledged; }
  // Queue depth after every change (one sample per instant: the last one).
  const std::vector<QueueDepthSample>& queueDepth() const { return m_depth; }
  void setKeepQueueDepth(bool keep) { m_keepDepth = keep; }
  // TCP traffic of the broker's side of every connection, closed or open.
  WireCounters wireCounters() const;
  std::size_t openConnections() const { return m_connections.size(); }

  sim::Signal<const QueueDepthSample&> queueDepthChanged;

  // A fan-out to this many subscribers or more prefetches ahead of its deliveries (fanOut); fewer
  // fit in the caches (as the scheduler's kHintsFromPending).
  static constexpr std::size_t kFanoutPrefetchFrom = 4096;

 private:
  // Cluster-allocated: made in the accepted connection's cluster (TcpStack::listen), beside it.
  // The endpoint's handler.
  struct Connection final : sim::ClusterAllocated, MqttEndpoint::Handler {
    explicit Connection(Broker& owner) : broker(&owner) {}
    void onEndpointMessage(const messaging::Received<Frame>& m) override { broker->onFrame(*this, m.meta); }
    // onClosed() may destroy this Connection, its endpoint with it: nothing here is touched after it.
    void onEndpointClosed(const char*) override { broker->onClosed(*this); }
    void onEndpointPeerClosed() override { link->breakBoth(); }

    Broker* broker;
    std::uint64_t id = 0;
    std::unique_ptr<MqttEndpoint> endpoint;
    std::shared_ptr<MqttLink> link;
    transport::tcp::TcpConnection* tcp = nullptr;
    bool bound = false;
    ClientRole role = ClientRole::Subscriber;
    std::uint32_t index = 0;
  };
  struct SubscriberSession : sim::ClusterAllocated {
    explicit SubscriberSession(const BrokerConfig& c) : outbox(c.maxInflight, c.maxQueuedMessages) {}
    Outbox outbox;
    Connection* connection = nullptr;
    // The cluster block `connection` lives in, for fan-outs: kept, since finding it reads the
    // connection's allocation header, a miss of its own.
    sim::PrefetchTarget connectionPrefetch;
    bool exists = false;
    bool persistent = false;
    Qos qos = Qos::AtMostOnce;
    // Subscribed in the current session. Inline (a subscriber has one or two topics): every
    // delivery of a fan-out reads it, and a heap array was an allocation of its own.
    sim::SmallVector<std::uint32_t, 2> activeTopics;
    std::vector<std::uint32_t> knownTopics;  // ever subscribed (for the fan-out index)
    std::unique_ptr<sim::Timer> retryTimer;
    SubscriberAccount account;
  };
  struct PublisherSession {
    Connection* connection = nullptr;
    PublisherAccount account;
  };

  void accept(transport::tcp::TcpConnection& tcp);
  void onFrame(Connection& c, const Frame& f);
  void onConnect(Connection& c, const Frame& f);
  void onSubscribe(Connection& c, const Frame& f);
  void onPublish(Connection& c, const Frame& f);
  void onPubAck(Connection& c, const Frame& f);
  void onClosed(Connection& c);
  void retire(std::unique_ptr<Connection> c);
  void deliver(std::uint32_t subscriber, Publication p);
  // A fan-out to many subscribers walks their sessions and connections, each cold, one after the
  // other: a software pipeline loads each subscriber's session kFanoutFar deliveries ahead, and
  // what the session points to (the connection's cluster block, its topics, its queue's tail)
  // kFanoutNear ahead, once the session has arrived. Nearer was better than farther (cycles per
  // subscriber at 100,000: 8/2 about 660, 16/8 about 800, 32/16 about 900; none: about 965).
  static constexpr std::size_t kFanoutFar = 8;
  static constexpr std::size_t kFanoutNear = 2;
  void fanOut(const std::vector<std::uint32_t>& subscribers, const Publication& p);
  void prefetchSession(std::uint32_t subscriber) const;
  void prefetchSessionTargets(std::uint32_t subscriber) const;
  void pump(std::uint32_t subscriber);
  void sendPublish(SubscriberSession& s, const Publication& p, std::uint16_t packetId, bool dup);
  void armRetry(std::uint32_t subscriber);
  void onRetryTimeout(std::uint32_t subscriber);
  void endSession(std::uint32_t subscriber);
  void accountSubscriberBreak(std::uint32_t subscriber, const MqttWire& wire);
  void accountPublisherBreak(std::uint32_t publisher, const MqttWire& wire);
  void record(PubSubRecord::Kind kind, ClientRole role, std::uint32_t index, MessageId m, const char* cause);
  void noteDepth(std::int64_t queuedDelta, std::int64_t unackedDelta);
  void syncDepth(SubscriberSession& s, std::size_t queuedBefore, std::size_t unackedBefore);
  SubscriberSession& subscriberSession(std::uint32_t index);
  PublisherSession& publisherSession(std::uint32_t index);
  sim::SimTime now() const { return m_sched->now(); }

  transport::tcp::TcpStack* m_stack;
  sim::Scheduler* m_sched;
  PubSubConfig m_config;
  MqttRegistry* m_registry;
  PubSubLog* m_log;
  std::map<std::uint64_t, std::unique_ptr<Connection>> m_connections;
  std::vector<std::unique_ptr<Connection>> m_retired;  // closed, destroyed after the event
  std::uint64_t m_nextConnectionId = 0;
  std::vector<std::unique_ptr<SubscriberSession>> m_subscribers;
  std::vector<PublisherSession> m_publishers;
  std::vector<std::vector<std::uint32_t>> m_topicSubscribers;  // fan-out index, by topic
  std::vector<std::uint64_t> m_topicBytes;
  std::uint64_t m_publishesReceived = 0;
  std::uint64_t m_queued = 0;
  std::uint64_t m_unacknowledged = 0;
  bool m_keepDepth = true;
  std::vector<QueueDepthSample> m_depth;
  WireCounters m_closedWire;
};

}  // namespace wirelab::models::pubsub
