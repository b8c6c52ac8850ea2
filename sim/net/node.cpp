#include "sim/net/node.h"

#include <utility>

#include "sim/net/network.h"

namespace wirelab::sim {

Node::Node(Network& network, NodeId id, std::string name)
    : m_network(&network), m_id(id), m_name(std::move(name)) {}

void Node::setProtocolHandler(std::uint8_t protocol, ProtocolHandler handler) {
  for (auto& [number, existing] : m_handlers) {
    if (number == protocol) {
      existing = std::move(handler);
      return;
    }
  }
  m_handlers.emplace_back(protocol, std::move(handler));
}

std::uint32_t Node::addInterface(std::unique_ptr<Interface> iface) {
  m_interfaces.push_back(std::move(iface));
  return static_cast<std::uint32_t>(m_interfaces.size() - 1);
}

void Node::setRoute(NodeId destination, std::uint32_t interfaceIndex) {
  if (destination >= m_routes.size()) m_routes.resize(destination + 1, kNoInterface);
  m_routes[destination] = interfaceIndex;
}

void Node::setArrivalPrefetch(std::uint8_t protocol, ArrivalPrefetch prefetch, const void* model) {
  for (ProtocolPrefetch& p : m_prefetch) {
    if (p.protocol == protocol) {
      p = {protocol, prefetch, model};
      return;
    }
  }
  m_prefetch.push_back({protocol, prefetch, model});
}

void Node::send(PacketPtr p) {
  if (p->source == kNoNode) p->source = m_id;
  p->createdAt = m_network->scheduler().now();
  ++m_network->mutableCounters().sent;
  if (p->destination == m_id) {
    receive(std::move(p));
    return;
  }
  forward(std::move(p));
}

void Node::receive(PacketPtr p) {
  if (p->destination != m_id) {
    ++m_network->mutableCounters().forwarded;
    if (m_forwardingHook) {
      m_forwardingHook(std::move(p));
    } else {
      forward(std::move(p));
    }
    return;
  }
  for (auto& [number, handler] : m_handlers) {
    if (number == p->protocol) {
      ++m_network->mutableCounters().delivered;
      delivered(*p, m_network->scheduler().now());
      handler(std::move(p));
      return;
    }
  }
  dropped(*p, DropReason::NoHandler, m_network->scheduler().now());
  noteDropped(std::move(p), DropReason::NoHandler);
}

void Node::forward(PacketPtr p) {
  const std::uint32_t out = routeTo(p->destination);
  if (out == kNoInterface) {
    dropped(*p, DropReason::NoRoute, m_network->scheduler().now());
    noteDropped(std::move(p), DropReason::NoRoute);
    return;
  }
  if (p->source != m_id) {
    if (p->ttl <= 1) {
      dropped(*p, DropReason::TtlExpired, m_network->scheduler().now());
      noteDropped(std::move(p), DropReason::TtlExpired);
      return;
    }
    --p->ttl;
  }
  m_interfaces[out]->enqueue(std::move(p));
}

void Node::noteDropped(PacketPtr p, DropReason /*reason*/) {
  ++m_network->mutableCounters().dropped;
  p.reset();
}

}  // namespace wirelab::sim
