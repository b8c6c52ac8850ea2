#include "models/pubsub/mqtt_client.h"

#include <utility>

namespace wirelab::models::pubsub {

MqttClient::MqttClient(transport::tcp::TcpStack& stack, transport::Endpoint broker,
                       const PubSubConfig& config, MqttRegistry& registry, PubSubLog& log, ClientRole role,
                       std::uint32_t index, bool cleanSession)
    : m_stack(&stack),
      m_sched(&stack.network().scheduler()),
      m_broker(broker),
      m_config(&config),
      m_registry(&registry),
      m_log(&log),
      m_role(role),
      m_index(index),
      m_clean(cleanSession) {}

MqttClient::~MqttClient() {
  if (m_link) m_link->clientEnd = nullptr;
}

WireCounters MqttClient::wireCounters() const {
  WireCounters w = m_closedWire;
  if (m_tcp != nullptr) w.add(m_tcp->counters());
  return w;
}

void MqttClient::goOnline() {
  m_wantOnline = true;
  if (!m_endpoint && !m_reconnect.isArmed()) connect();
}

void MqttClient::goOffline() {
  m_wantOnline = false;
  m_reconnect.cancel();
  if (m_link) m_link->breakBoth();
}

void MqttClient::breakConnection() {
  if (m_link) m_link->breakBoth();
}

void MqttClient::onEndpointMessage(const messaging::Received<Frame>& m) {
  if (m.meta.type == PacketType::ConnAck) {
    m_sessionUp = true;
    onSessionStarted(m.meta.flag, m.meta.backlog);
    return;
  }
  onPacket(m);
}

void MqttClient::connect() {
  sim::AllocationCluster::Scope scope(m_cluster);
  auto [endpoint, link] = m_registry->connect(*m_stack, m_broker, m_config->tcp);
  m_endpoint = std::move(endpoint);
  m_link = std::move(link);
  m_tcp = m_endpoint->connection();
  m_connectStartedAt = now();
  ++m_connects;
  m_endpoint->setHandler(this);
  Frame connect;
  connect.type = PacketType::Connect;
  connect.role = m_role;
  connect.flag = m_clean;
  connect.clientIndex = m_index;
  send(connect, connectBytes(m_config->version, m_config->clientIdBytes));
  onConnecting();
}

void MqttClient::send(const Frame& f, std::uint64_t bytes) {
  if (m_endpoint) m_endpoint->send(f, bytes);
}

void MqttClient::onClosed() {
  ++m_lost;
  m_link->breakBoth();
  m_link->clientEnd = nullptr;
  if (m_tcp != nullptr) m_closedWire.add(m_tcp->counters());
  m_registry->forget(m_tcp->local());
  m_tcp = nullptr;
  m_link.reset();
  m_sessionUp = false;
  // The endpoint is running this callback: destroy it after the event.
  m_retired.push_back(std::move(m_endpoint));
  if (m_retired.size() == 1) m_sched->schedule(sim::Duration::zero(), [this] { m_retired.clear(); });
  onConnectionLost();
  if (m_wantOnline) m_reconnect.get(*m_sched).arm(m_config->delivery.reconnectDelay, [this] { connect(); });
}

}  // namespace wirelab::models::pubsub
