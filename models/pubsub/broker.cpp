#include "models/pubsub/broker.h"

#include <algorithm>
#include <stdexcept>
#include <utility>

namespace wirelab::models::pubsub {

namespace {

template <typename Topics>
bool contains(const Topics& v, std::uint32_t x) {
  return std::find(v.begin(), v.end(), x) != v.end();
}

}  // namespace

Broker::Broker(transport::tcp::TcpStack& stack, const PubSubConfig& config, MqttRegistry& registry,
               PubSubLog& log)
    : m_stack(&stack),
      m_sched(&stack.network().scheduler()),
      m_config(config),
      m_registry(&registry),
      m_log(&log) {
  m_config.validate();
  m_topicSubscribers.resize(m_config.topics.size());
  for (const std::string& t : m_config.topics) m_topicBytes.push_back(t.size());
  // Each accepted connection's block also holds the broker's Connection and endpoint for it.
  const std::size_t clusterBytes = transport::tcp::TcpConnection::clusterBytes(m_config.tcp) +
                                   sim::AllocationCluster::bytesFor({sizeof(Connection)}) +
                                   MqttEndpoint::clusterBytes(false);
  stack.listen(
      m_config.broker.port, m_config.tcp, [this](transport::tcp::TcpConnection& c) { accept(c); },
      clusterBytes);
}

Broker::~Broker() {
  for (auto& [id, c] : m_connections) {
    if (c->link) c->link->brokerEnd = nullptr;
  }
}

std::size_t Broker::subscriberSessionClusterBytes() {
  return sim::AllocationCluster::bytesFor({sizeof(SubscriberSession)});
}

void Broker::expectSubscriber(std::uint32_t index, const std::vector<std::uint32_t>& topics) {
  SubscriberSession& s = subscriberSession(index);
  for (const std::uint32_t topic : topics) {
    if (topic >= m_topicSubscribers.size() || contains(s.knownTopics, topic)) continue;
    s.knownTopics.push_back(topic);
    m_topicSubscribers[topic].push_back(index);
  }
}

const SubscriberAccount& Broker::subscriber(std::uint32_t index) const {
  static const SubscriberAccount kNone;
  return index < m_subscribers.size() && m_subscribers[index] ? m_subscribers[index]->account : kNone;
}

const PublisherAccount& Broker::publisher(std::uint32_t index) const {
  static const PublisherAccount kNone;
  return index < m_publishers.size() ? m_publishers[index].account : kNone;
}

WireCounters Broker::wireCounters() const {
  WireCounters w = m_closedWire;
  for (const auto& [id, c] : m_connections) {
    if (c->tcp != nullptr) w.add(c->tcp->counters());
  }
  return w;
}

Broker::SubscriberSession& Broker::subscriberSession(std::uint32_t index) {
  if (index >= m_subscribers.size()) m_subscribers.resize(index + 1);
  if (!m_subscribers[index]) m_subscribers[index] = std::make_unique<SubscriberSession>(m_config.broker);
  return *m_subscribers[index];
}

Broker::PublisherSession& Broker::publisherSession(std::uint32_t index) {
  if (index >= m_publishers.size()) m_publishers.resize(index + 1);
  return m_publishers[index];
}

void Broker::accept(transport::tcp::TcpConnection& tcp) {
  auto c = std::make_unique<Connection>(*this);
  c->link = m_registry->accept(tcp, c->endpoint);
  if (!c->link || c->link->broken) {
    // Its client gave up (or broke) before the handshake completed here.
    if (c->endpoint) c->endpoint->abort();
    tcp.abort();
    if (c->endpoint) retire(std::move(c));
    return;
  }
  c->id = m_nextConnectionId++;
  c->tcp = &tcp;
  c->endpoint->setHandler(c.get());
  m_connections.emplace(c->id, std::move(c));
}

void Broker::onFrame(Connection& c, const Frame& f) {
  switch (f.type) {
    case PacketType::Connect:
      onConnect(c, f);
      break;
    case PacketType::Subscribe:
      onSubscribe(c, f);
      break;
    case PacketType::Publish:
      onPublish(c, f);
      break;
    case PacketType::PubAck:
      onPubAck(c, f);
      break;
    default:
      break;  // a client sends no CONNACK or SUBACK
  }
}

void Broker::onConnect(Connection& c, const Frame& f) {
  c.bound = true;
  c.role = f.role;
  c.index = f.clientIndex;
  const std::uint32_t index = f.clientIndex;
  Frame ack;
  ack.type = PacketType::ConnAck;
  if (f.role == ClientRole::Publisher) {
    PublisherSession& p = publisherSession(index);
    // 3.1.4: a second connection with the same Client Identifier disconnects the first.
    if (p.connection != nullptr && p.connection != &c) p.connection->link->breakBoth();
    p.connection = &c;
    c.link->accountBreak = [this, index](const MqttWire& w) { accountPublisherBreak(index, w); };
    ack.flag = !f.flag;
    c.endpoint->send(ack, connackBytes(m_config.version));
    return;
  }
  SubscriberSession& s = subscriberSession(index);
  if (s.connection != nullptr && s.connection != &c) s.connection->link->breakBoth();
  const bool clean = f.flag;
  // 3.1.2.4: Clean Session 1 discards any previous session; 0 resumes it, or creates one.
  if (clean && s.exists) endSession(index);
  const bool sessionPresent = !clean && s.exists;
  if (!sessionPresent) {
    s.exists = true;
    s.activeTopics.clear();
  }
  s.persistent = !clean;
  s.connection = &c;
  s.connectionPrefetch = sim::AllocationCluster::blockPrefetch(&c, sizeof(Connection));
  c.link->accountBreak = [this, index](const MqttWire& w) { accountSubscriberBreak(index, w); };
  ack.flag = sessionPresent;
  ack.backlog = static_cast<std::uint32_t>(s.outbox.held());
  c.endpoint->send(ack, connackBytes(m_config.version));
  // 4.4: resend every unacknowledged PUBLISH, with DUP and the original Packet Identifier.
  for (const Outbox::Unacknowledged& u : s.outbox.inflight()) {
    sendPublish(s, u.publication, u.packetId, true);
    ++s.account.redelivered;
    record(PubSubRecord::Kind::Redelivered, ClientRole::Subscriber, index, u.publication.id,
           cause::kRedeliveredAfterReconnect);
  }
  s.outbox.markAllResent(now());
  pump(index);
  armRetry(index);
}

void Broker::onSubscribe(Connection& c, const Frame& f) {
  if (!c.bound || c.role != ClientRole::Subscriber) return;
  SubscriberSession& s = subscriberSession(c.index);
  const std::uint32_t topic = f.publication.topic;
  if (topic >= m_topicSubscribers.size()) return;
  s.qos = f.publication.qos;
  if (!contains(s.activeTopics, topic)) s.activeTopics.push_back(topic);
  if (!contains(s.knownTopics, topic)) {
    s.knownTopics.push_back(topic);
    m_topicSubscribers[topic].push_back(c.index);
  }
  Frame ack;
  ack.type = PacketType::SubAck;
  ack.packetId = f.packetId;
  c.endpoint->send(ack, subackBytes(m_config.version));
}

void Broker::onPublish(Connection& c, const Frame& f) {
  if (!c.bound || c.role != ClientRole::Publisher) return;
  ++publisherSession(c.index).account.received;
  ++m_publishesReceived;
  const Publication& p = f.publication;
  if (p.topic < m_topicSubscribers.size()) {
    fanOut(m_topicSubscribers[p.topic], p);
  }
  if (p.qos == Qos::AtLeastOnce) {
    Frame ack;
    ack.type = PacketType::PubAck;
    ack.packetId = f.packetId;
    c.endpoint->send(ack, pubackBytes(m_config.version));
  }
}

void Broker::onPubAck(Connection& c, const Frame& f) {
  if (!c.bound || c.role != ClientRole::Subscriber) return;
  SubscriberSession& s = subscriberSession(c.index);
  const std::size_t q = s.outbox.queued(), u = s.outbox.unacknowledged();
  if (s.outbox.acknowledge(f.packetId)) ++s.account.acknowledged;
  syncDepth(s, q, u);
  pump(c.index);
}

void Broker::fanOut(const std::vector<std::uint32_t>& subscribers, const Publication& p) {
  // Over a few subscribers, whose state is in cache, prefetching would only cost.
  const std::size_t n = subscribers.size();
  const bool pipelined = n >= kFanoutPrefetchFrom;
  for (std::size_t k = 0; k < n; ++k) {
    if (pipelined) {
      if (k + kFanoutFar < n) prefetchSession(subscribers[k + kFanoutFar]);
      if (k + kFanoutNear < n) prefetchSessionTargets(subscribers[k + kFanoutNear]);
    }
    deliver(subscribers[k], p);
  }
}

void Broker::prefetchSession(std::uint32_t subscriber) const {
  if (subscriber < m_subscribers.size() && m_subscribers[subscriber]) {
    sim::PrefetchTarget(m_subscribers[subscriber].get(), sizeof(SubscriberSession)).prefetch();
  }
}

void Broker::prefetchSessionTargets(std::uint32_t subscriber) const {
  if (subscriber >= m_subscribers.size() || !m_subscribers[subscriber]) return;
  const SubscriberSession& s = *m_subscribers[subscriber];
  s.connectionPrefetch.prefetch();
  if (!s.activeTopics.empty()) __builtin_prefetch(s.activeTopics.data());  // inline: the session's line
  s.outbox.prefetchTail();
}

void Broker::deliver(std::uint32_t subscriber, Publication p) {
  SubscriberSession& s = subscriberSession(subscriber);
  if (s.qos < p.qos) p.qos = s.qos;
  const bool online = s.connection != nullptr;
  if (!s.exists || !contains(s.activeTopics, p.topic) ||
      (!online && p.qos == Qos::AtMostOnce && !m_config.broker.queueQos0WhileOffline)) {
    ++s.account.droppedOffline;
    record(PubSubRecord::Kind::Dropped, ClientRole::Subscriber, subscriber, p.id,
           cause::kDroppedSubscriberOffline);
    return;
  }
  const std::size_t q = s.outbox.queued(), u = s.outbox.unacknowledged();
  if (!s.outbox.enqueue(p)) {
    ++s.account.droppedQueueFull;
    record(PubSubRecord::Kind::Dropped, ClientRole::Subscriber, subscriber, p.id, cause::kDroppedQueueFull);
    return;
  }
  syncDepth(s, q, u);
  if (online) pump(subscriber);
}

void Broker::pump(std::uint32_t subscriber) {
  SubscriberSession& s = *m_subscribers[subscriber];
  if (s.connection == nullptr) return;
  const std::size_t q = s.outbox.queued(), u = s.outbox.unacknowledged();
  bool sentQos1 = false;
  while (auto out = s.outbox.takeNext(now())) {
    sendPublish(s, out->publication, out->packetId, false);
    sentQos1 = sentQos1 || out->packetId != 0;
  }
  syncDepth(s, q, u);
  if (sentQos1) armRetry(subscriber);
}

void Broker::sendPublish(SubscriberSession& s, const Publication& p, std::uint16_t packetId, bool dup) {
  Frame f;
  f.type = PacketType::Publish;
  f.dup = dup;
  f.packetId = packetId;
  f.publication = p;
  ++s.account.sent;
  s.connection->endpoint->send(
      f, publishBytes(m_config.version, m_topicBytes[p.topic], static_cast<int>(p.qos), p.payloadBytes));
}

void Broker::armRetry(std::uint32_t subscriber) {
  if (m_config.delivery.retryTimeout <= sim::Duration::zero()) return;
  SubscriberSession& s = *m_subscribers[subscriber];
  if (s.outbox.unacknowledged() == 0 || s.connection == nullptr) return;
  if (!s.retryTimer) s.retryTimer = std::make_unique<sim::Timer>(*m_sched);
  const sim::SimTime due = s.outbox.inflight().front().lastSentAt + m_config.delivery.retryTimeout;
  s.retryTimer->armAt(std::max(due, now()), [this, subscriber] { onRetryTimeout(subscriber); });
}

void Broker::onRetryTimeout(std::uint32_t subscriber) {
  SubscriberSession& s = *m_subscribers[subscriber];
  if (s.connection == nullptr) return;
  while (s.outbox.unacknowledged() > 0 &&
         s.outbox.inflight().front().lastSentAt + m_config.delivery.retryTimeout <= now()) {
    const Outbox::Unacknowledged u = s.outbox.inflight().front();
    sendPublish(s, u.publication, u.packetId, true);
    ++s.account.redelivered;
    record(PubSubRecord::Kind::Redelivered, ClientRole::Subscriber, subscriber, u.publication.id,
           cause::kRedeliveredAfterTimeout);
    s.outbox.markOldestResent(now());
  }
  armRetry(subscriber);
}

void Broker::endSession(std::uint32_t subscriber) {
  SubscriberSession& s = *m_subscribers[subscriber];
  const std::size_t q = s.outbox.queued(), u = s.outbox.unacknowledged();
  for (const Publication& p : s.outbox.discardAll()) {
    ++s.account.lostSessionDiscarded;
    record(PubSubRecord::Kind::Lost, ClientRole::Subscriber, subscriber, p.id, cause::kLostSessionDiscarded);
  }
  syncDepth(s, q, u);
  s.exists = false;
  s.activeTopics.clear();
  if (s.retryTimer) s.retryTimer->cancel();
}

void Broker::onClosed(Connection& c) {
  c.link->breakBoth();
  c.link->brokerEnd = nullptr;
  if (c.tcp != nullptr) m_closedWire.add(c.tcp->counters());
  c.tcp = nullptr;
  if (c.bound && c.role == ClientRole::Publisher) {
    PublisherSession& p = publisherSession(c.index);
    if (p.connection == &c) p.connection = nullptr;
  } else if (c.bound) {
    SubscriberSession& s = subscriberSession(c.index);
    if (s.connection == &c) {
      s.connection = nullptr;
      s.connectionPrefetch = sim::PrefetchTarget();
      if (s.retryTimer) s.retryTimer->cancel();
      if (!s.persistent) endSession(c.index);  // 3.1.2.4: a clean session ends with its connection
    }
  }
  auto it = m_connections.find(c.id);
  if (it == m_connections.end()) return;
  std::unique_ptr<Connection> owned = std::move(it->second);
  m_connections.erase(it);
  retire(std::move(owned));
}

// A closed connection's endpoint may be deep in its own callback: destroyed after the event.
void Broker::retire(std::unique_ptr<Connection> c) {
  m_retired.push_back(std::move(c));
  if (m_retired.size() == 1) {
    m_sched->schedule(sim::Duration::zero(), [this] { m_retired.clear(); });
  }
}

void Broker::accountSubscriberBreak(std::uint32_t subscriber, const MqttWire& wire) {
  SubscriberSession& s = subscriberSession(subscriber);
  for (const MqttWire::InFlight& m : wire.toClient) {
    if (m.meta.type != PacketType::Publish || m.meta.publication.qos != Qos::AtMostOnce) continue;
    ++s.account.lostInFlight;
    record(PubSubRecord::Kind::Lost, ClientRole::Subscriber, subscriber, m.meta.publication.id,
           cause::kLostInFlightToSubscriber);
  }
}

void Broker::accountPublisherBreak(std::uint32_t publisher, const MqttWire& wire) {
  PublisherSession& p = publisherSession(publisher);
  for (const MqttWire::InFlight& m : wire.toServer) {
    if (m.meta.type != PacketType::Publish || m.meta.publication.qos != Qos::AtMostOnce) continue;
    ++p.account.lostInFlight;
    record(PubSubRecord::Kind::Lost, ClientRole::Publisher, publisher, m.meta.publication.id,
           cause::kLostInFlightToBroker);
  }
}

void Broker::record(PubSubRecord::Kind kind, ClientRole role, std::uint32_t index, MessageId m,
                    const char* why) {
  m_log->add(PubSubRecord{now(), kind, role, index, m, why});
}

void Broker::syncDepth(SubscriberSession& s, std::size_t queuedBefore, std::size_t unackedBefore) {
  const auto q = static_cast<std::int64_t>(s.outbox.queued()) - static_cast<std::int64_t>(queuedBefore);
  const auto u =
      static_cast<std::int64_t>(s.outbox.unacknowledged()) - static_cast<std::int64_t>(unackedBefore);
  if (q != 0 || u != 0) noteDepth(q, u);
}

void Broker::noteDepth(std::int64_t queuedDelta, std::int64_t unackedDelta) {
  m_queued = static_cast<std::uint64_t>(static_cast<std::int64_t>(m_queued) + queuedDelta);
  m_unacknowledged = static_cast<std::uint64_t>(static_cast<std::int64_t>(m_unacknowledged) + unackedDelta);
  const QueueDepthSample sample{now(), m_queued, m_unacknowledged};
  if (m_keepDepth) {
    if (!m_depth.empty() && m_depth.back().at == sample.at) {
      m_depth.back() = sample;
    } else {
      m_depth.push_back(sample);
    }
  }
  queueDepthChanged(sample);
}

}  // namespace wirelab::models::pubsub
