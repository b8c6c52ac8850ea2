// The "pubsub" workload kind: an MQTT-like broker on one node, groups of publishers and of
// subscribers on other nodes, topics, QoS 0 (at most once) or 1 (at least once), persistent
// sessions with a bounded queue, and disconnect processes (models/pubsub, docs/pubsub.md).
//
// Keys (besides kind and name):
//   broker: node                   the broker's node
//   topics: [sensors/temp]         the topic names (exact names, no wildcards)
//   qos: 0                         the default of every group: 0 | 1 | at-most-once | at-least-once
//   version: "3.1.1"               MQTT "3.1.1" or "5" (packet sizes)
//   max_inflight: 20               unacknowledged QoS 1 messages per session (1 to 65535)
//   queue_bound: 1000              messages the broker holds per session beyond the window
//   queue_qos0_offline: true       persistent sessions also queue QoS 0 while offline
//   retry_timeout: 0s              resend an unacknowledged QoS 1 PUBLISH after this (0: only after
//                                  a reconnect, as MQTT 5.0 requires)
//   reconnect_delay: 1s            a client whose connection broke reconnects after this
//   tcp: linux                     TCP settings of every connection (see tcp_settings.h)
//   publishers:                    a list of groups, each:
//     - name: publishers           names the group's random streams (same name: same draws)
//       node: pubs                 the group's node
//       count: 1                   publishers in the group
//       topic: sensors/temp        one of `topics` (default: the first)
//       qos: 0                     default: the workload's qos
//       rate: 1/s                  publications per second per publisher ("10/s", "600/min")
//       arrivals: poisson          poisson (exponential gaps) | periodic (constant gaps)
//       size: 100B                 payload bytes, or {dist: exponential, mean: 300} in bytes
//       start: 1s                  first publication at start + one gap ...
//       stop: (never)              ... none after stop
//       breaks: 0s                 mean time between random connection breaks (0: none)
//       queue_bound: 1000          QoS 1 messages a publisher holds while offline
//   subscribers:                   a list of groups, each:
//     - name: subscribers
//       node: subs
//       count: 1
//       topics: [sensors/temp]     default: every topic
//       qos: 0                     the subscription's maximum QoS (delivery: min(publication, this))
//       persistent: true           Clean Session 0: the broker keeps the session while offline
//       online: 0s                 on/off process: mean time online, then ...
//       offline: 0s                ... mean time offline (both exponential; both or neither)
//       breaks: 0s                 mean time between breaks with immediate reconnect (0: none)
//       from: 0s                   the on/off and break processes start here (e.g. after the first
//                                  subscription: messages before it are not owed to the subscriber)
//       until: (never)             ... and end here (then online)
//
// Metrics ("<name>.<metric>"): latency (distribution, s: publish call -> last byte at the
// subscriber, first deliveries), published, expected (publications x subscribers of their topic),
// delivered (distinct per subscriber), lost (bookkept losses: at the broker for a subscriber, and
// before the broker times the topic's subscribers), pending (expected - delivered - lost: still
// queued or in flight when the run ended), duplicates, redelivered (DUP resends by the broker),
// dropped_queue_full, bytes_from_broker and bytes_to_broker (IP bytes of the workload's packets,
// headers included, as transmitted on the first hop, retransmissions included), bytes_per_delivery,
// queue_depth_peak; series <name>.queue_depth (messages the broker holds: queued + unacknowledged);
// tagged events: every loss, drop and redelivery with its cause.
#include <algorithm>
#include <map>
#include <memory>
#include <set>
#include <stdexcept>

#include "models/pubsub/broker.h"
#include "models/pubsub/clustered_subscriber.h"
#include "models/pubsub/publisher.h"
#include "models/pubsub/subscriber.h"
#include "models/scenario/kinds/kind_reading.h"
#include "models/scenario/kinds/kinds.h"
#include "models/scenario/kinds/tcp_settings.h"

namespace wirelab::models::scenario {

namespace {

namespace ps = pubsub;

constexpr std::int64_t kClientsPerNode = 65'536 - 49'152;  // RFC 6335 dynamic ports

struct PubSubSpec final : WorkloadSpec {
  std::string brokerNode;
  std::vector<std::string> publisherNodes, subscriberNodes;  // by group
  ps::PubSubConfig config;

  bool endless() const override { return true; }
  std::unique_ptr<RunningWorkload> launch(RunContext& ctx) const override;
};

class RunningPubSub final : public RunningWorkload {
 public:
  RunningPubSub(const PubSubSpec& spec, RunContext& ctx) : m_spec(spec), m_config(spec.config) {
    const sim::NodeId brokerNode = ctx.node(spec.brokerNode);
    m_config.broker.port = ctx.allocatePort();
    m_broker = std::make_unique<ps::Broker>(ctx.tcp(brokerNode), m_config, m_registry, m_log);
    const transport::Endpoint brokerAt = m_broker->endpoint();
    std::set<sim::NodeId> clientNodes;
    for (std::size_t g = 0; g < m_config.publishers.size(); ++g) {
      const ps::PublisherGroup& group = m_config.publishers[g];
      const sim::NodeId node = ctx.node(spec.publisherNodes[g]);
      clientNodes.insert(node);
      for (std::uint32_t i = 0; i < group.count; ++i) {
        const auto index = static_cast<std::uint32_t>(m_publishers.size());
        m_publishers.push_back(std::make_unique<ps::Publisher>(ctx.tcp(node), brokerAt, m_config, m_registry,
                                                               m_log, group, index, i));
      }
    }
    for (std::size_t g = 0; g < m_config.subscribers.size(); ++g) {
      const ps::SubscriberGroup& group = m_config.subscribers[g];
      const sim::NodeId node = ctx.node(spec.subscriberNodes[g]);
      clientNodes.insert(node);
      std::vector<std::uint32_t> topics;
      for (const std::string& t : group.topics) topics.push_back(*m_config.topicIndex(t));
      for (std::uint32_t i = 0; i < group.count; ++i) {
        const auto index = static_cast<std::uint32_t>(m_subscribers.size());
        m_subscriberTopics.push_back(topics);
        m_subscribers.push_back(ps::makeSubscriberWithSession(*m_broker, topics, ctx.tcp(node), brokerAt,
                                                              m_config, m_registry, m_log, group, index, i));
        m_subscribers.back()->delivered.connect([this](const ps::Delivery& d) {
          if (!d.duplicate) m_latencies.push_back((d.receivedAt - d.publication.publishedAt).seconds());
        });
      }
    }
    // As PubSubScenario::start: subscribers first, at time zero.
    for (auto& s : m_subscribers) s->start();
    for (auto& p : m_publishers) p->start();
    countWireBytes(ctx, brokerNode, clientNodes, m_config.broker.port);
  }

  ~RunningPubSub() override {
    for (const auto& [signal, index] : m_subscriptions) signal->disconnect(index);
    // Clients and broker hold endpoints on the stacks' connections: they go before the stacks.
    m_subscribers.clear();
    m_publishers.clear();
    m_broker.reset();
  }

  void collect(RunResults& out) const override {
    const std::string p = m_spec.name + ".";
    for (const double l : m_latencies) out.addSample(p + "latency", "s", l);
    std::uint64_t published = 0, expected = 0, delivered = 0, lost = 0, duplicates = 0, redelivered = 0,
                  queueFull = 0;
    std::vector<std::uint64_t> fanout(m_config.topics.size(), 0);
    for (const auto& topics : m_subscriberTopics) {
      for (const std::uint32_t t : topics) ++fanout[t];
    }
    for (std::size_t i = 0; i < m_publishers.size(); ++i) {
      const ps::PublisherStats& st = m_publishers[i]->stats();
      const std::uint64_t beforeBroker = st.droppedOffline + st.droppedQueueFull +
                                         m_broker->publisher(static_cast<std::uint32_t>(i)).lostInFlight;
      published += st.published;
      expected += st.published * fanout[m_publishers[i]->topic()];
      lost += beforeBroker * fanout[m_publishers[i]->topic()];
    }
    for (std::size_t i = 0; i < m_subscribers.size(); ++i) {
      const ps::SubscriberStats& st = m_subscribers[i]->stats();
      const ps::SubscriberAccount& a = m_broker->subscriber(static_cast<std::uint32_t>(i));
      delivered += st.distinct;
      duplicates += st.duplicates;
      lost += a.lost();
      redelivered += a.redelivered;
      queueFull += a.droppedQueueFull;
    }
    out.setValue(p + "published", "1", static_cast<double>(published));
    out.setValue(p + "expected", "1", static_cast<double>(expected));
    out.setValue(p + "delivered", "1", static_cast<double>(delivered));
    out.setValue(p + "lost", "1", static_cast<double>(lost));
    out.setValue(p + "pending", "1",
                 static_cast<double>(expected) - static_cast<double>(delivered) - static_cast<double>(lost));
    out.setValue(p + "duplicates", "1", static_cast<double>(duplicates));
    out.setValue(p + "redelivered", "1", static_cast<double>(redelivered));
    out.setValue(p + "dropped_queue_full", "1", static_cast<double>(queueFull));
    out.setValue(p + "bytes_from_broker", "B", static_cast<double>(m_bytesFromBroker));
    out.setValue(p + "bytes_to_broker", "B", static_cast<double>(m_bytesToBroker));
    if (delivered > 0) {
      out.setValue(p + "bytes_per_delivery", "B",
                   static_cast<double>(m_bytesFromBroker + m_bytesToBroker) / static_cast<double>(delivered));
    }
    Series depth{p + "queue_depth", "time (s)", "messages held by the broker", {}};
    std::uint64_t peak = 0;
    for (const ps::QueueDepthSample& s : m_broker->queueDepth()) {
      const std::uint64_t held = s.queued + s.unacknowledged;
      peak = std::max(peak, held);
      depth.points.emplace_back(s.at.seconds(), static_cast<double>(held));
    }
    out.setValue(p + "queue_depth_peak", "1", static_cast<double>(peak));
    out.addSeries(std::move(depth));
    for (const ps::PubSubRecord& r : m_log.records()) {
      const std::string who = r.role == ps::ClientRole::Publisher ? "/publisher" : "/subscriber";
      out.addEvent(r.at.seconds(), m_spec.name + who + std::to_string(r.clientIndex),
                   std::string(r.cause) + " (message " + std::to_string(r.message.publisher) + ":" +
                       std::to_string(r.message.sequence) + ")");
    }
  }

 private:
  void countWireBytes(RunContext& ctx, sim::NodeId brokerNode, const std::set<sim::NodeId>& clients,
                      std::uint16_t port) {
    const sim::Node& bn = ctx.network().node(brokerNode);
    for (std::size_t i = 0; i < bn.interfaceCount(); ++i) {
      auto& signal = bn.interface(i).transmitted;
      m_subscriptions.emplace_back(
          &signal, signal.connect([this, brokerNode, port](const sim::Packet& pk, sim::SimTime) {
            if (pk.source == brokerNode && pk.sourcePort == port) m_bytesFromBroker += pk.sizeBytes;
          }));
    }
    for (const sim::NodeId c : clients) {
      const sim::Node& cn = ctx.network().node(c);
      for (std::size_t i = 0; i < cn.interfaceCount(); ++i) {
        auto& signal = cn.interface(i).transmitted;
        m_subscriptions.emplace_back(
            &signal, signal.connect([this, c, brokerNode, port](const sim::Packet& pk, sim::SimTime) {
              if (pk.source == c && pk.destination == brokerNode && pk.destinationPort == port)
                m_bytesToBroker += pk.sizeBytes;
            }));
      }
    }
  }

  const PubSubSpec& m_spec;
  ps::PubSubConfig m_config;
  ps::MqttRegistry m_registry;
  ps::PubSubLog m_log;
  std::unique_ptr<ps::Broker> m_broker;
  std::vector<std::unique_ptr<ps::Publisher>> m_publishers;
  std::vector<std::unique_ptr<ps::Subscriber>> m_subscribers;
  std::vector<std::vector<std::uint32_t>> m_subscriberTopics;
  std::vector<double> m_latencies;
  std::vector<std::pair<sim::Signal<const sim::Packet&, sim::SimTime>*, std::size_t>> m_subscriptions;
  std::uint64_t m_bytesFromBroker = 0, m_bytesToBroker = 0;
};

std::unique_ptr<RunningWorkload> PubSubSpec::launch(RunContext& ctx) const {
  return std::make_unique<RunningPubSub>(*this, ctx);
}

ps::Qos readQos(const SpecNode& n, ps::Qos fallback) {
  if (!n.has("qos")) return fallback;
  const std::string q = n.choice("qos", {"0", "1", "at-most-once", "at-least-once"});
  return ps::parseQos(q).value_or(fallback);
}

// Mean seconds of an exponential process given as a duration ("3s"); 0 turns it off.
double meanSeconds(const SpecNode& n, const std::string& key) {
  return n.duration(key, sim::Duration::zero()).seconds();
}

std::vector<std::string> readTextList(const SpecNode& n, const std::string& key) {
  std::vector<std::string> out;
  const SpecNode list = n[key];
  if (!list.defined()) return out;
  if (list.isScalar()) return {list.asText()};
  for (const SpecNode& item : list.items()) out.push_back(item.asText());
  return out;
}

void checkTopic(const ps::PubSubConfig& c, const SpecNode& at, const std::string& topic) {
  if (!topic.empty() && !c.topicIndex(topic)) {
    std::string known;
    for (const std::string& t : c.topics) known += (known.empty() ? "" : ", ") + t;
    at.error("unknown topic \"" + topic + "\" (topics: " + known + ")");
  }
}

}  // namespace

WorkloadKind pubsubKind() {
  WorkloadKind k;
  k.name = "pubsub";
  k.summary = "MQTT-like pub/sub through a broker, QoS 0/1, sessions, disconnects: latency, lost, duplicates";
  k.keys = {"broker",
            "topics",
            "qos",
            "version",
            "max_inflight",
            "queue_bound",
            "queue_qos0_offline",
            "retry_timeout",
            "reconnect_delay",
            "tcp",
            "publishers",
            "subscribers"};
  k.read = [](const SpecNode& n, const TopologySpec& topology) -> std::unique_ptr<WorkloadSpec> {
    auto s = std::make_unique<PubSubSpec>();
    ps::PubSubConfig& c = s->config;
    s->brokerNode = n.text("broker");
    checkNodeReference(topology, n, "broker", s->brokerNode);
    c.topics = readTextList(n, "topics");
    if (!n.has("topics")) n.text("topics");  // records "missing"
    for (std::size_t i = 0; i < c.topics.size(); ++i) {
      if (c.topics[i].empty())
        n["topics"].error("a topic name is 1 to 65535 bytes (MQTT 3.1.1 section 1.5.3)");
      for (std::size_t j = 0; j < i; ++j) {
        if (c.topics[i] == c.topics[j]) n["topics"].error("topic \"" + c.topics[i] + "\" is listed twice");
      }
    }
    const ps::Qos qos = readQos(n, ps::Qos::AtMostOnce);
    const std::string version = n.choice("version", {"3.1.1", "5"}, "3.1.1");
    c.version = version == "5" ? ps::MqttVersion::V5 : ps::MqttVersion::V311;
    c.broker.maxInflight = static_cast<std::uint32_t>(n.integer("max_inflight", 20, 1, 65535));
    c.broker.maxQueuedMessages = static_cast<std::uint32_t>(n.integer("queue_bound", 1000, 0, 100'000'000));
    c.broker.queueQos0WhileOffline = n.flag("queue_qos0_offline", true);
    c.delivery.retryTimeout = n.duration("retry_timeout", sim::Duration::zero());
    c.delivery.reconnectDelay = n.duration("reconnect_delay", sim::Seconds(1));
    c.tcp = readTcpSettings(n);

    std::map<std::string, std::int64_t> clientsPerNode;
    auto countOnNode = [&](const SpecNode& group, const std::string& node, std::int64_t count) {
      if (node.empty()) return;
      clientsPerNode[node] += count;
      if (clientsPerNode[node] > kClientsPerNode && clientsPerNode[node] - count <= kClientsPerNode) {
        group["count"].error("node " + node + " would hold " + std::to_string(clientsPerNode[node]) +
                             " clients; a node has 16384 ephemeral ports (49152-65535)");
      }
    };
    std::set<std::string> groupNames;
    auto uniqueName = [&](const SpecNode& group, const std::string& name) {
      if (!groupNames.insert(name).second)
        group["name"].error("group name \"" + name +
                            "\" is used twice (it names the group's random streams)");
    };

    c.publishers.clear();
    const SpecNode pubs = n["publishers"];
    if (!pubs.defined()) n.text("publishers");  // records "missing"
    const std::vector<SpecNode> pubItems = pubs.defined() ? pubs.items() : std::vector<SpecNode>{};
    for (std::size_t g = 0; g < pubItems.size(); ++g) {
      const SpecNode& item = pubItems[g];
      item.checkKeys({"name", "node", "count", "topic", "qos", "rate", "arrivals", "size", "start", "stop",
                      "breaks", "queue_bound"});
      ps::PublisherGroup group;
      group.name = item.text("name", "publishers" + (g == 0 ? std::string() : std::to_string(g)));
      uniqueName(item, group.name);
      const std::string node = item.text("node");
      checkNodeReference(topology, item, "node", node);
      if (!node.empty() && node == s->brokerNode)
        item["node"].error("a publisher needs a node other than the broker's");
      group.count = static_cast<std::uint32_t>(item.integer("count", 1, 1, kClientsPerNode));
      countOnNode(item, node, group.count);
      group.topic = item.text("topic", c.topics.empty() ? std::string() : c.topics.front());
      if (item.has("topic")) checkTopic(c, item["topic"], group.topic);
      group.qos = readQos(item, qos);
      const double rate = readPerSecond(item, "rate", 1.0);
      const std::string arrivals = item.choice("arrivals", {"poisson", "periodic"}, "poisson");
      group.interarrival = arrivals == "periodic" ? sim::Distribution(sim::Constant(1.0 / rate))
                                                  : sim::Distribution(sim::Exponential(1.0 / rate));
      group.payloadBytes = readBytesDistribution(item, "size", 100.0);
      group.start = item.duration("start", sim::Seconds(1));
      group.stop = item.duration("stop", sim::Duration::max());
      if (item.has("stop") && group.stop < group.start) item["stop"].error("must not lie before start");
      group.meanTimeBetweenBreaks = meanSeconds(item, "breaks");
      group.maxQueuedMessages = static_cast<std::uint32_t>(item.integer("queue_bound", 1000, 0, 100'000'000));
      c.publishers.push_back(group);
      s->publisherNodes.push_back(node);
    }
    if (pubs.defined() && pubItems.empty()) pubs.error("at least one publisher group is needed");

    c.subscribers.clear();
    const SpecNode subs = n["subscribers"];
    if (!subs.defined()) n.text("subscribers");  // records "missing"
    const std::vector<SpecNode> subItems = subs.defined() ? subs.items() : std::vector<SpecNode>{};
    for (std::size_t g = 0; g < subItems.size(); ++g) {
      const SpecNode& item = subItems[g];
      item.checkKeys({"name", "node", "count", "topics", "qos", "persistent", "online", "offline", "breaks",
                      "from", "until"});
      ps::SubscriberGroup group;
      group.name = item.text("name", "subscribers" + (g == 0 ? std::string() : std::to_string(g)));
      uniqueName(item, group.name);
      const std::string node = item.text("node");
      checkNodeReference(topology, item, "node", node);
      if (!node.empty() && node == s->brokerNode)
        item["node"].error("a subscriber needs a node other than the broker's");
      group.count = static_cast<std::uint32_t>(item.integer("count", 1, 1, kClientsPerNode));
      countOnNode(item, node, group.count);
      group.topics = item.has("topics") ? readTextList(item, "topics") : c.topics;
      if (item.has("topics")) {
        if (group.topics.empty()) item["topics"].error("a subscriber needs at least one topic");
        for (const std::string& t : group.topics) checkTopic(c, item["topics"], t);
      }
      group.qos = readQos(item, qos);
      group.persistentSession = item.flag("persistent", true);
      group.meanOnlineTime = meanSeconds(item, "online");
      group.meanOfflineTime = meanSeconds(item, "offline");
      if ((group.meanOnlineTime > 0.0) != (group.meanOfflineTime > 0.0)) {
        item[item.has("online") ? "online" : "offline"].error(
            "the on/off process needs both `online` and `offline` (mean times, above zero)");
      }
      group.meanTimeBetweenBreaks = meanSeconds(item, "breaks");
      group.activeFrom = item.duration("from", sim::Duration::zero());
      group.activeUntil = item.duration("until", sim::Duration::max());
      if (item.has("until") && group.activeUntil < group.activeFrom)
        item["until"].error("must not lie before `from`");
      c.subscribers.push_back(group);
      s->subscriberNodes.push_back(node);
    }
    if (subs.defined() && subItems.empty()) subs.error("at least one subscriber group is needed");

    if (n.diagnostics().empty()) {
      // The model's own checks, for anything the reads above let through.
      try {
        c.validate();
      } catch (const std::invalid_argument& e) {
        n.error(e.what());
      }
    }
    return s;
  };
  return k;
}

}  // namespace wirelab::models::scenario
