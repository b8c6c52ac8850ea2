#include "models/pubsub/pubsub_scenario.h"

#include <stdexcept>
#include <string>

#include "models/pubsub/clustered_subscriber.h"
#include "sim/topology/routing.h"

namespace wirelab::models::pubsub {

namespace {

constexpr std::uint32_t kEphemeralPorts = 65535 - 49152 + 1;  // RFC 6335 dynamic range

void checkPerHost(const char* parameter, std::uint32_t n) {
  if (n == 0 || n > kEphemeralPorts) {
    throw std::invalid_argument(std::string(parameter) + ": must be 1 to " + std::to_string(kEphemeralPorts) +
                                " (ephemeral ports 49152-65535 per host), got " + std::to_string(n));
  }
}

}  // namespace

void PubSubTopology::validate() const {
  checkPerHost("pubsub.topology.publishers_per_host", publishersPerHost);
  checkPerHost("pubsub.topology.subscribers_per_host", subscribersPerHost);
  for (const auto* link : {&brokerLink, &clientLink}) {
    const char* name = link == &brokerLink ? "pubsub.topology.broker_link" : "pubsub.topology.client_link";
    if (link->rate.bitsPerSecond() <= 0)
      throw std::invalid_argument(std::string(name) + ".rate: must be positive");
    if (link->delay < sim::Duration::zero()) {
      throw std::invalid_argument(std::string(name) + ".delay: must be zero or positive, got " +
                                  std::to_string(link->delay.seconds()) + " s");
    }
    if (link->loss.probability < 0.0 || link->loss.probability > 1.0) {
      throw std::invalid_argument(std::string(name) + ".loss: a probability is 0 to 1, got " +
                                  std::to_string(link->loss.probability));
    }
  }
}

void PubSubScenarioConfig::validate() const {
  pubsub.validate();
  topology.validate();
}

PubSubScenario::PubSubScenario(const PubSubScenarioConfig& config) : m_config(config) {
  m_config.validate();
  const PubSubConfig& c = m_config.pubsub;
  m_sim = std::make_unique<sim::Simulation>(m_config.seed, m_config.run);
  sim::Network& net = m_sim->network;
  m_log.setKeepRecords(m_config.keepRecords);
  m_router = net.addNode("router");
  m_brokerNode = net.addNode("broker");
  net.connect(m_brokerNode, m_router, m_config.topology.brokerLink);
  auto addHost = [&](const std::string& name) {
    const sim::NodeId host = net.addNode(name);
    net.connect(host, m_router, m_config.topology.clientLink);
    return host;
  };
  std::vector<sim::NodeId> publisherHosts, subscriberHosts;
  std::uint32_t publishers = 0, subscribers = 0;
  for (const PublisherGroup& g : c.publishers) publishers += g.count;
  for (const SubscriberGroup& g : c.subscribers) subscribers += g.count;
  for (std::uint32_t i = 0; i * m_config.topology.publishersPerHost < publishers; ++i) {
    publisherHosts.push_back(addHost("publisher-host-" + std::to_string(i)));
  }
  for (std::uint32_t i = 0; i * m_config.topology.subscribersPerHost < subscribers; ++i) {
    subscriberHosts.push_back(addHost("subscriber-host-" + std::to_string(i)));
  }
  sim::computeShortestPathRoutes(net);

  m_stacks.push_back(std::make_unique<transport::tcp::TcpStack>(net, m_brokerNode));
  m_broker = std::make_unique<Broker>(*m_stacks.back(), c, m_registry, m_log);
  m_broker->setKeepQueueDepth(m_config.keepQueueDepth);
  const transport::Endpoint brokerAt = m_broker->endpoint();
  std::vector<transport::tcp::TcpStack*> publisherStacks, subscriberStacks;
  for (const sim::NodeId h : publisherHosts) {
    m_stacks.push_back(std::make_unique<transport::tcp::TcpStack>(net, h));
    publisherStacks.push_back(m_stacks.back().get());
  }
  for (const sim::NodeId h : subscriberHosts) {
    m_stacks.push_back(std::make_unique<transport::tcp::TcpStack>(net, h));
    subscriberStacks.push_back(m_stacks.back().get());
  }
  for (const PublisherGroup& g : c.publishers) {
    for (std::uint32_t i = 0; i < g.count; ++i) {
      const auto index = static_cast<std::uint32_t>(m_publishers.size());
      m_publishers.push_back(
          std::make_unique<Publisher>(*publisherStacks[index / m_config.topology.publishersPerHost], brokerAt,
                                      m_config.pubsub, m_registry, m_log, g, index, i));
    }
  }
  for (const SubscriberGroup& g : c.subscribers) {
    for (std::uint32_t i = 0; i < g.count; ++i) {
      const auto index = static_cast<std::uint32_t>(m_subscribers.size());
      std::vector<std::uint32_t> topics;
      for (const std::string& t : g.topics) topics.push_back(*c.topicIndex(t));
      m_subscribers.push_back(makeSubscriberWithSession(
          *m_broker, topics, *subscriberStacks[index / m_config.topology.subscribersPerHost], brokerAt,
          m_config.pubsub, m_registry, m_log, g, index, i));
    }
  }
}

PubSubScenario::~PubSubScenario() {
  // Clients and broker hold endpoints on the stacks' connections: they go first.
  m_subscribers.clear();
  m_publishers.clear();
  m_broker.reset();
  m_stacks.clear();
}

void PubSubScenario::start() {
  for (auto& s : m_subscribers) s->start();
  for (auto& p : m_publishers) p->start();
}

void PubSubScenario::run() {
  start();
  m_sim->scheduler.run();
}

std::uint64_t PubSubScenario::brokerWireBytes() const {
  const sim::Node& n = m_sim->network.node(m_brokerNode);
  std::uint64_t bytes = 0;
  for (std::size_t i = 0; i < n.interfaceCount(); ++i) bytes += n.interface(i).counters().transmittedBytes;
  return bytes;
}

std::uint64_t PubSubScenario::brokerWirePackets() const {
  const sim::Node& n = m_sim->network.node(m_brokerNode);
  std::uint64_t packets = 0;
  for (std::size_t i = 0; i < n.interfaceCount(); ++i)
    packets += n.interface(i).counters().transmittedPackets;
  return packets;
}

}  // namespace wirelab::models::pubsub
