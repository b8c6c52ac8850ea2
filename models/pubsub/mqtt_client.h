// File: models/pubsub/mqtt_client.h
// What publishers and subscribers share: one TCP connection to the broker through the message
// stream, the CONNECT / CONNACK exchange (MQTT 3.1.1 sections 3.1, 3.2), breaks, going offline and
// coming back, and reconnecting after a break.
#pragma once

#include <cstdint>
#include <memory>
#include <vector>

#include "models/pubsub/mqtt_link.h"
#include "models/pubsub/pubsub_config.h"
#include "models/pubsub/pubsub_log.h"
#include "models/pubsub/wire_counters.h"
#include "sim/core/allocation_cluster.h"
#include "sim/core/timer.h"

namespace wirelab::models::pubsub {

// Cluster-allocated (sim/core/allocation_cluster.h): made inside its cluster's scope, a client
// keeps the cluster and opens its connections in it, so that the client, its endpoint, wire, TCP
// connection and controller lie in one block.
// It is its endpoint's handler (messaging::MessageEndpoint::Handler).
class MqttClient : public sim::ClusterAllocated, private MqttEndpoint::Handler {
 public:
  // The cluster this client was made in: its connections are made there too (while there is room).
  void keepCluster(sim::AllocationCluster cluster) { m_cluster = std::move(cluster); }

  MqttClient(transport::tcp::TcpStack& stack, transport::Endpoint broker, const PubSubConfig& config,
             MqttRegistry& registry, PubSubLog& log, ClientRole role, std::uint32_t index, bool cleanSession);
  MqttClient(const MqttClient&) = delete;
  MqttClient& operator=(const MqttClient&) = delete;
  virtual ~MqttClient();

  // Connects now. Also scripted: goOffline() breaks the connection and stays away until
  // goOnline(); breakConnection() breaks it and reconnects after the configured delay.
  void goOnline();
  void goOffline();
  void breakConnection();

  bool sessionUp() const { return m_sessionUp; }  // CONNACK received on the current connection
  bool wantsOnline() const { return m_wantOnline; }
  std::uint32_t index() const { return m_index; }
  std::uint64_t connects() const { return m_connects; }
  std::uint64_t connectionsLost() const { return m_lost; }
  WireCounters wireCounters() const;

 protected:
  virtual void onConnecting() {}  // CONNECT is written: packets may follow at once (3.1.4)
  virtual void onSessionStarted(bool sessionPresent, std::uint32_t backlog) = 0;
  virtual void onPacket(const messaging::Received<Frame>& m) = 0;
  virtual void onConnectionLost() {}

  void send(const Frame& f, std::uint64_t bytes);
  const PubSubConfig& config() const { return *m_config; }
  PubSubLog& log() const { return *m_log; }
  sim::Scheduler& scheduler() const { return *m_sched; }
  sim::SimTime now() const { return m_sched->now(); }
  sim::SimTime connectStartedAt() const { return m_connectStartedAt; }

 private:
  void connect();
  void onClosed();
  // MqttEndpoint::Handler: the current endpoint's (and the retired ones', until they go).
  void onEndpointMessage(const messaging::Received<Frame>& m) override;
  void onEndpointPeerClosed() override { m_link->breakBoth(); }
  void onEndpointClosed(const char*) override { onClosed(); }

  transport::tcp::TcpStack* m_stack;
  sim::Scheduler* m_sched;
  transport::Endpoint m_broker;
  const PubSubConfig* m_config;
  MqttRegistry* m_registry;
  PubSubLog* m_log;
  ClientRole m_role;
  std::uint32_t m_index;
  bool m_clean;
  std::unique_ptr<MqttEndpoint> m_endpoint;
  std::shared_ptr<MqttLink> m_link;
  transport::tcp::TcpConnection* m_tcp = nullptr;
  std::vector<std::unique_ptr<MqttEndpoint>> m_retired;
  sim::LazyTimer m_reconnect;  // made at the first reconnection
  bool m_wantOnline = false;
  bool m_sessionUp = false;
  sim::SimTime m_connectStartedAt;
  std::uint64_t m_connects = 0;
  std::uint64_t m_lost = 0;
  WireCounters m_closedWire;
  sim::AllocationCluster m_cluster;
};

}  // namespace wirelab::models::pubsub
