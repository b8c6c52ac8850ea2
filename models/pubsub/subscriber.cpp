#include "models/pubsub/subscriber.h"

#include <algorithm>
#include <cmath>
#include <string>

namespace wirelab::models::pubsub {

Subscriber::Subscriber(transport::tcp::TcpStack& stack, transport::Endpoint broker,
                       const PubSubConfig& config, MqttRegistry& registry, PubSubLog& log,
                       const SubscriberGroup& group, std::uint32_t index, std::uint32_t indexInGroup)
    : MqttClient(stack, broker, config, registry, log, ClientRole::Subscriber, index,
                 !group.persistentSession),
      m_group(&group) {
  for (const std::string& t : group.topics) m_topics.push_back(config.topicIndex(t).value_or(0));
  // The on/off and break processes, and the stream they draw from, exist only in a group that has
  // one: a group with neither has nothing to start, at start() or at activeFrom.
  if (group.meanOnlineTime > 0.0 || group.meanTimeBetweenBreaks > 0.0) {
    const std::string stream = "pubsub/subscriber/" + group.name + "/" + std::to_string(indexInGroup);
    m_processes =
        std::make_unique<Processes>(stack.network().scheduler(), stack.network().random().stream(stream));
  }
}

sim::Duration Subscriber::exponential(double mean) {
  return sim::SecondsF(-std::log(m_processes->random.uniformOpen01()) * mean);
}

void Subscriber::start() {
  goOnline();
  if (!m_processes) return;  // neither process
  if (sim::SimTime::zero() + m_group->activeFrom > now()) {
    // The processes begin later (after the first subscription, say): draw from then on. The break
    // timer re-arms itself last, as a timer's callback may replace itself only as its last act.
    m_processes->breakTimer.armAt(sim::SimTime::zero() + m_group->activeFrom, [this] {
      scheduleOnOff();
      scheduleBreak();
    });
    return;
  }
  scheduleOnOff();
  scheduleBreak();
}

void Subscriber::scheduleOnOff() {
  if (m_group->meanOnlineTime <= 0.0) return;
  const sim::SimTime until = sim::SimTime::zero() + m_group->activeUntil;
  const sim::SimTime at =
      now() + exponential(wantsOnline() ? m_group->meanOnlineTime : m_group->meanOfflineTime);
  if (at > until) {
    // The process ends: a subscriber offline at its end comes back then (and catches up).
    if (!wantsOnline()) m_processes->onOffTimer.armAt(std::max(until, now()), [this] { goOnline(); });
    return;
  }
  m_processes->onOffTimer.armAt(at, [this] {
    if (wantsOnline()) {
      goOffline();
    } else {
      goOnline();
    }
    scheduleOnOff();
  });
}

void Subscriber::scheduleBreak() {
  if (m_group->meanTimeBetweenBreaks <= 0.0) return;
  const sim::SimTime at = now() + exponential(m_group->meanTimeBetweenBreaks);
  if (at > sim::SimTime::zero() + m_group->activeUntil) return;
  m_processes->breakTimer.armAt(at, [this] {
    if (wantsOnline()) breakConnection();
    scheduleBreak();
  });
}

void Subscriber::subscribe() {
  for (const std::uint32_t topic : m_topics) {
    Frame f;
    f.type = PacketType::Subscribe;
    m_nextPacketId = static_cast<std::uint16_t>(m_nextPacketId == 65535 ? 1 : m_nextPacketId + 1);
    f.packetId = m_nextPacketId;
    f.publication.topic = topic;
    f.publication.qos = m_group->qos;
    send(f, subscribeBytes(config().version, config().topics[topic].size()));
  }
}

void Subscriber::onConnecting() {
  // Without a subscribed session at the broker the subscription goes right behind CONNECT (3.1.4
  // lets a client send before CONNACK), so that no message published meanwhile misses it needlessly.
  m_subscribedInAttempt = !m_sessionKnown;
  if (m_subscribedInAttempt) subscribe();
}

void Subscriber::onSessionStarted(bool sessionPresent, std::uint32_t backlog) {
  m_catchUpLeft = 0;
  if (!sessionPresent) {
    m_sessionKnown = false;
    if (!m_subscribedInAttempt) subscribe();  // the broker lost the session
    m_subscribedInAttempt = true;
  }
  if (sessionPresent && backlog > 0) {
    m_catchUpLeft = backlog;
    m_catchUpTotal = backlog;
    m_catchUpFrom = connectStartedAt();
  }
}

void Subscriber::onConnectionLost() { m_catchUpLeft = 0; }

void Subscriber::onPacket(const messaging::Received<Frame>& m) {
  if (m.meta.type == PacketType::SubAck) {
    // A persistent session keeps the subscription from now on (3.1.2.4).
    if (m_group->persistentSession) m_sessionKnown = true;
    return;
  }
  if (m.meta.type != PacketType::Publish) return;
  const Frame& f = m.meta;
  const Publication& p = f.publication;
  if (p.qos == Qos::AtLeastOnce) {
    Frame ack;
    ack.type = PacketType::PubAck;
    ack.packetId = f.packetId;
    send(ack, pubackBytes(config().version));
  }
  ++m_stats.received;
  if (f.dup) ++m_stats.dupFlagged;
  const bool duplicate = m_seen.insert(p.id);
  if (duplicate) {
    ++m_stats.duplicates;
  } else {
    ++m_stats.distinct;
    const double latency = (m.at - p.publishedAt).seconds();
    m_stats.latencySum += latency;
    m_stats.latencyMin = std::min(m_stats.latencyMin, latency);
    m_stats.latencyMax = std::max(m_stats.latencyMax, latency);
  }
  delivered(Delivery{index(), p, m.at, f.dup, duplicate});
  if (m_catchUpLeft > 0 && --m_catchUpLeft == 0) {
    m_catchUps.push_back(CatchUp{m_catchUpFrom, m.at, m_catchUpTotal});
  }
}

}  // namespace wirelab::models::pubsub
