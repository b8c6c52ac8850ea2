// File: models/pubsub/pubsub_scenario.h
// A whole publish/subscribe deployment built from parameters (what a scenario file describes):
// a broker host, publisher hosts and subscriber hosts, each joined to one router, with a TCP stack
// per host; the broker, and the publishers and subscribers of every configured group, several per
// host if asked (each host has the 16,384 ephemeral ports 49152-65535 for its connections).
//
//   PubSubScenarioConfig c;                        // defaults: one publisher, one subscriber
//   c.pubsub.subscribers[0].count = 1000;
//   PubSubScenario s(c);
//   s.run();
//   s.subscriber(0).stats().distinct; s.broker().subscriber(0).lost(); s.log().records();
#pragma once

#include <cstdint>
#include <memory>
#include <vector>

#include "models/pubsub/broker.h"
#include "models/pubsub/publisher.h"
#include "models/pubsub/subscriber.h"
#include "sim/net/network.h"

namespace wirelab::models::pubsub {

struct PubSubTopology {
  sim::LinkConfig brokerLink;  // broker <-> router, the same both ways
  sim::LinkConfig clientLink;  // every client host <-> router
  std::uint32_t publishersPerHost = 1;
  std::uint32_t subscribersPerHost = 1;
  void validate() const;
};

struct PubSubScenarioConfig {
  PubSubConfig pubsub;
  PubSubTopology topology;
  std::uint64_t seed = 1;
  std::uint64_t run = 0;
  bool keepRecords = true;     // keep the cause-tagged records (the signal fires either way)
  bool keepQueueDepth = true;  // keep the broker's queue-depth series
  void validate() const;
};

class PubSubScenario {
 public:
  explicit PubSubScenario(const PubSubScenarioConfig& config);
  PubSubScenario(const PubSubScenario&) = delete;
  PubSubScenario& operator=(const PubSubScenario&) = delete;
  ~PubSubScenario();

  // Starts every client at time zero (the broker listens from construction).
  void start();
  // start(), then runs until no event is left (publishing and the on/off processes end).
  void run();

  sim::Simulation& simulation() { return *m_sim; }
  sim::Network& network() { return m_sim->network; }
  Broker& broker() { return *m_broker; }
  PubSubLog& log() { return m_log; }
  std::size_t publisherCount() const { return m_publishers.size(); }
  std::size_t subscriberCount() const { return m_subscribers.size(); }
  Publisher& publisher(std::size_t i) { return *m_publishers[i]; }
  Subscriber& subscriber(std::size_t i) { return *m_subscribers[i]; }
  sim::NodeId brokerNode() const { return m_brokerNode; }
  sim::NodeId routerNode() const { return m_router; }
  // IP bytes and packets the broker host transmitted (TCP/IP headers included; link framing not).
  std::uint64_t brokerWireBytes() const;
  std::uint64_t brokerWirePackets() const;

 private:
  PubSubScenarioConfig m_config;
  std::unique_ptr<sim::Simulation> m_sim;
  sim::NodeId m_router = sim::kNoNode, m_brokerNode = sim::kNoNode;
  std::vector<std::unique_ptr<transport::tcp::TcpStack>> m_stacks;
  MqttRegistry m_registry;
  PubSubLog m_log;
  std::unique_ptr<Broker> m_broker;
  std::vector<std::unique_ptr<Publisher>> m_publishers;
  std::vector<std::unique_ptr<Subscriber>> m_subscribers;
};

}  // namespace wirelab::models::pubsub
