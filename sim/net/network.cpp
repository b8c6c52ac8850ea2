#include "sim/net/network.h"

#include <stdexcept>
#include <utility>

namespace wirelab::sim {

Network::Network(Scheduler& sched, PacketPool& pool, const RandomStreams& random)
    : m_sched(&sched), m_pool(&pool), m_random(random) {}

Network::~Network() = default;

NodeId Network::addNode(std::string name) {
  if (findNode(name) != kNoNode) throw std::invalid_argument("network: duplicate node name \"" + name + "\"");
  const auto id = static_cast<NodeId>(m_nodes.size());
  m_nodes.push_back(std::make_unique<Node>(*this, id, std::move(name)));
  return id;
}

NodeId Network::findNode(std::string_view name) const {
  for (const auto& n : m_nodes) {
    if (n->name() == name) return n->id();
  }
  return kNoNode;
}

std::unique_ptr<LossModel> Network::makeLossModel(const LossSpec& spec, const std::string& streamName) const {
  switch (spec.kind) {
    case LossSpec::Kind::None:
      return nullptr;
    case LossSpec::Kind::Bernoulli:
      if (spec.probability <= 0.0) return nullptr;
      return std::make_unique<BernoulliLoss>(spec.probability, m_random.stream(streamName));
    case LossSpec::Kind::GilbertElliott:
      return std::make_unique<GilbertElliottLoss>(spec.gilbertElliott, m_random.stream(streamName));
    case LossSpec::Kind::List:
      return std::make_unique<ListLoss>(spec.positions);
  }
  return nullptr;
}

std::size_t Network::connect(NodeId a, NodeId b, const LinkConfig& aToB, const LinkConfig& bToA) {
  if (a >= m_nodes.size() || b >= m_nodes.size() || a == b) {
    throw std::invalid_argument("network: connect needs two distinct existing nodes");
  }
  for (const LinkConfig* c : {&aToB, &bToA}) {
    if (c->rate.bitsPerSecond() <= 0) throw std::invalid_argument("network: link rate must be positive");
    if (c->delay < Duration::zero() || c->jitter < Duration::zero()) {
      throw std::invalid_argument("network: link delay and jitter must not be negative");
    }
  }
  Node& na = *m_nodes[a];
  Node& nb = *m_nodes[b];
  const std::string ab = "link/" + na.name() + "->" + nb.name();
  const std::string ba = "link/" + nb.name() + "->" + na.name();
  LinkRecord record;
  record.a = a;
  record.b = b;
  record.interfaceAtA = na.addInterface(std::make_unique<Interface>(
      *m_sched, na, nb, aToB, makeLossModel(aToB.loss, ab + "/loss"), m_random.stream(ab + "/jitter")));
  record.interfaceAtB = nb.addInterface(std::make_unique<Interface>(
      *m_sched, nb, na, bToA, makeLossModel(bToA.loss, ba + "/loss"), m_random.stream(ba + "/jitter")));
  m_links.push_back(record);
  return m_links.size() - 1;
}

PacketPtr Network::newPacket() { return m_pool->acquire(); }

}  // namespace wirelab::sim
