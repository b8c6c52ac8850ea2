// File: models/pubsub/mqtt_link.h
// One client's TCP connection to the broker as both ends share it: the message stream's wire (the
// descriptors still in flight in each direction) and both endpoints, so that a break is seen by
// both ends at the same instant and what it destroys is counted exactly.
//
// A break models a network failure that both ends detect (the client's own timeout and the
// broker's keep-alive expiry, MQTT 3.1.1 section 3.1.2.10), without the detection delay: both TCP
// endpoints are aborted at once. Everything still on the wire at that instant (written by one side,
// not yet delivered in order to the other) is lost, and never delivered later; the broker accounts
// for it before the aborts. A connection that TCP itself gives up on breaks the same way.
#pragma once

#include <functional>
#include <memory>
#include <unordered_map>
#include <utility>

#include "models/messaging/message_stream.h"
#include "models/pubsub/pubsub_types.h"

namespace wirelab::models::pubsub {

using MqttEndpoint = messaging::MessageEndpoint<Frame>;
using MqttWire = messaging::MessageWire<Frame>;

struct MqttLink {
  std::shared_ptr<MqttWire> wire;
  MqttEndpoint* clientEnd = nullptr;
  MqttEndpoint* brokerEnd = nullptr;
  bool broken = false;
  // Set by the broker once the CONNECT names the session: counts what the break destroys.
  std::function<void(const MqttWire&)> accountBreak;

  // Aborts both ends (once); each end's onClosed then runs its own handling.
  void breakBoth() {
    if (broken) return;
    broken = true;
    if (accountBreak) accountBreak(*wire);
    accountBreak = nullptr;
    MqttEndpoint* client = clientEnd;
    MqttEndpoint* broker = brokerEnd;
    if (client != nullptr) client->abort();
    if (broker != nullptr) broker->abort();
  }
};

// Where the broker finds the link a connecting client created (as MessageRegistry does for the
// wire), by the client's endpoint.
class MqttRegistry {
 public:
  messaging::MessageRegistry<Frame>& messages() { return m_messages; }

  // The client side: opens the connection and its link.
  std::pair<std::unique_ptr<MqttEndpoint>, std::shared_ptr<MqttLink>> connect(
      transport::tcp::TcpStack& stack, transport::Endpoint broker, const transport::tcp::TcpConfig& config) {
    auto endpoint = MqttEndpoint::connect(stack, broker, config, m_messages);
    const transport::Endpoint local = endpoint->connection()->local();
    auto link = std::make_shared<MqttLink>();
    // Keep a reference to the wire the stream registered, so that a break can see what is in flight.
    link->wire = m_messages.take(local);
    m_messages.put(local, link->wire);
    link->clientEnd = endpoint.get();
    m_links[local] = link;
    return {std::move(endpoint), std::move(link)};
  }

  // The broker side: the link of an accepted connection, or nullptr if its client already gave up.
  std::shared_ptr<MqttLink> accept(transport::tcp::TcpConnection& tcp,
                                   std::unique_ptr<MqttEndpoint>& endpoint) {
    auto it = m_links.find(tcp.remote());
    if (it == m_links.end() || m_messages.take(tcp.remote()) == nullptr) return nullptr;
    std::shared_ptr<MqttLink> link = std::move(it->second);
    m_links.erase(it);
    m_messages.put(tcp.remote(), link->wire);
    endpoint = MqttEndpoint::accept(tcp, m_messages);
    link->brokerEnd = endpoint.get();
    return link;
  }

  // The client closed before the broker accepted.
  void forget(transport::Endpoint client) {
    m_links.erase(client);
    m_messages.forget(client);
  }

 private:
  messaging::MessageRegistry<Frame> m_messages;
  std::unordered_map<transport::Endpoint, std::shared_ptr<MqttLink>, transport::EndpointHash> m_links;
};

}  // namespace wirelab::models::pubsub
