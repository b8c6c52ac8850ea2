#include "models/pubsub/publisher.h"

#include <algorithm>
#include <cmath>
#include <string>

namespace wirelab::models::pubsub {

namespace {

std::string streamName(const PublisherGroup& g, std::uint32_t i, const char* what) {
  return "pubsub/publisher/" + g.name + "/" + std::to_string(i) + "/" + what;
}

}  // namespace

Publisher::Publisher(transport::tcp::TcpStack& stack, transport::Endpoint broker, const PubSubConfig& config,
                     MqttRegistry& registry, PubSubLog& log, const PublisherGroup& group, std::uint32_t index,
                     std::uint32_t indexInGroup)
    : MqttClient(stack, broker, config, registry, log, ClientRole::Publisher, index, false),
      m_group(group),
      m_topic(config.topicIndex(group.topic).value_or(0)),
      m_topicBytes(group.topic.size()),
      m_gaps(stack.network().random().stream(streamName(group, indexInGroup, "interarrival"))),
      m_sizes(stack.network().random().stream(streamName(group, indexInGroup, "size"))),
      m_breaks(stack.network().random().stream(streamName(group, indexInGroup, "breaks"))),
      m_publishTimer(stack.network().scheduler()),
      m_breakTimer(stack.network().scheduler()),
      m_retryTimer(stack.network().scheduler()),
      m_outbox(config.broker.maxInflight, group.maxQueuedMessages) {}

void Publisher::start() {
  goOnline();
  const sim::SimTime first =
      sim::SimTime::zero() + m_group.start + sim::SecondsF(m_group.interarrival.sample(m_gaps));
  if (first <= sim::SimTime::zero() + m_group.stop) {
    m_publishTimer.armAt(std::max(first, now()), [this] {
      const double size = std::max(0.0, std::round(m_group.payloadBytes.sample(m_sizes)));
      publish(static_cast<std::uint32_t>(size));
      scheduleNext();
    });
  }
  scheduleBreak();
}

void Publisher::scheduleNext() {
  const sim::SimTime next = now() + sim::SecondsF(m_group.interarrival.sample(m_gaps));
  if (next > sim::SimTime::zero() + m_group.stop) return;
  m_publishTimer.armAt(next, [this] {
    const double size = std::max(0.0, std::round(m_group.payloadBytes.sample(m_sizes)));
    publish(static_cast<std::uint32_t>(size));
    scheduleNext();
  });
}

void Publisher::scheduleBreak() {
  if (m_group.meanTimeBetweenBreaks <= 0.0) return;
  const double u = m_breaks.uniformOpen01();
  const sim::SimTime at = now() + sim::SecondsF(-std::log(u) * m_group.meanTimeBetweenBreaks);
  if (at > sim::SimTime::zero() + m_group.stop) return;
  m_breakTimer.armAt(at, [this] {
    breakConnection();
    scheduleBreak();
  });
}

void Publisher::publish(std::uint32_t payloadBytes) {
  const Publication p{MessageId{index(), m_sequence++}, m_topic, payloadBytes, now(), m_group.qos};
  ++m_stats.published;
  published(p);
  if (p.qos == Qos::AtMostOnce && !sessionUp()) {
    drop(p, cause::kDroppedPublisherOffline, m_stats.droppedOffline);
    return;
  }
  if (!m_outbox.enqueue(p)) {
    drop(p, cause::kDroppedPublisherQueueFull, m_stats.droppedQueueFull);
    return;
  }
  pump();
}

void Publisher::drop(const Publication& p, const char* why, std::uint64_t& counter) {
  ++counter;
  log().add(PubSubRecord{now(), PubSubRecord::Kind::Dropped, ClientRole::Publisher, index(), p.id, why});
}

void Publisher::pump() {
  if (!sessionUp()) return;
  bool qos1 = false;
  while (auto out = m_outbox.takeNext(now())) {
    sendPublish(out->publication, out->packetId, false);
    qos1 = qos1 || out->packetId != 0;
  }
  if (qos1) armRetry();
}

void Publisher::sendPublish(const Publication& p, std::uint16_t packetId, bool dup) {
  Frame f;
  f.type = PacketType::Publish;
  f.dup = dup;
  f.packetId = packetId;
  f.publication = p;
  ++m_stats.sent;
  send(f, publishBytes(config().version, m_topicBytes, static_cast<int>(p.qos), p.payloadBytes));
}

void Publisher::onSessionStarted(bool, std::uint32_t) {
  // 4.4: resend the unacknowledged PUBLISH packets with DUP and their original identifiers.
  for (const Outbox::Unacknowledged& u : m_outbox.inflight()) {
    sendPublish(u.publication, u.packetId, true);
    ++m_stats.resent;
    log().add(PubSubRecord{now(), PubSubRecord::Kind::Redelivered, ClientRole::Publisher, index(),
                           u.publication.id, cause::kRedeliveredAfterReconnect});
  }
  m_outbox.markAllResent(now());
  pump();
  armRetry();
}

void Publisher::onPacket(const messaging::Received<Frame>& m) {
  if (m.meta.type != PacketType::PubAck) return;
  if (m_outbox.acknowledge(m.meta.packetId)) ++m_stats.acknowledged;
  pump();
}

void Publisher::onConnectionLost() { m_retryTimer.cancel(); }

void Publisher::armRetry() {
  const sim::Duration timeout = config().delivery.retryTimeout;
  if (timeout <= sim::Duration::zero() || m_outbox.unacknowledged() == 0 || !sessionUp()) return;
  const sim::SimTime due = m_outbox.inflight().front().lastSentAt + timeout;
  m_retryTimer.armAt(std::max(due, now()), [this] { onRetryTimeout(); });
}

void Publisher::onRetryTimeout() {
  const sim::Duration timeout = config().delivery.retryTimeout;
  while (sessionUp() && m_outbox.unacknowledged() > 0 &&
         m_outbox.inflight().front().lastSentAt + timeout <= now()) {
    const Outbox::Unacknowledged u = m_outbox.inflight().front();
    sendPublish(u.publication, u.packetId, true);
    ++m_stats.resent;
    log().add(PubSubRecord{now(), PubSubRecord::Kind::Redelivered, ClientRole::Publisher, index(),
                           u.publication.id, cause::kRedeliveredAfterTimeout});
    m_outbox.markOldestResent(now());
  }
  armRetry();
}

}  // namespace wirelab::models::pubsub
