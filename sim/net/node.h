// File: sim/net/node.h
// A host or router: interfaces to its neighbours, a forwarding table indexed by destination node
// (so forwarding costs O(1) whatever the number of interfaces), and per-protocol handlers through
// which models receive the packets addressed to this node.
#pragma once

#include <cstdint>
#include <functional>
#include <memory>
#include <string>
#include <utility>
#include <vector>

#include "sim/core/prefetch.h"
#include "sim/core/signal.h"
#include "sim/net/interface.h"
#include "sim/net/packet.h"

namespace wirelab::sim {

class Network;

class Node {
 public:
  static constexpr std::uint32_t kNoInterface = 0xffffffffu;
  using ProtocolHandler = std::function<void(PacketPtr)>;
  // Takes the packets this node would forward (not addressed to it), instead of forwarding them at
  // once: the model of a forwarding process with its own timing (a user-space relay, say), which
  // hands each one back to forward() when it sends it on.
  using ForwardingHook = std::function<void(PacketPtr)>;
  // Where the model of a protocol looks first when a packet arrives (its demultiplexing entry,
  // say), computed without reading that memory; `model` is the pointer given with it.
  using ArrivalPrefetch = PrefetchTarget (*)(const void* model, const Packet& packet);

  Node(Network& network, NodeId id, std::string name);
  Node(const Node&) = delete;
  Node& operator=(const Node&) = delete;

  NodeId id() const { return m_id; }
  const std::string& name() const { return m_name; }

  // Models on this node receive packets of `protocol` addressed to it through `handler`.
  void setProtocolHandler(std::uint8_t protocol, ProtocolHandler handler);
  // Optional, beside a handler: lets arrivals of `protocol` be prefetched (prefetch.h).
  void setArrivalPrefetch(std::uint8_t protocol, ArrivalPrefetch prefetch, const void* model);
  // The prefetch hint for the arrival of `packet` here: the protocol's entry point and what the
  // packet says the model at this end will touch.
  PrefetchHint arrivalHint(const Packet& packet) const {
    // The protocol's entry (a demultiplexing table's) first: it is what the arrival reads first,
    // and a prefetch issued after a block's dozens of lines waits for them.
    // The packet itself is often cold by then too (a fan-out's waited behind a hundred thousand
    // others): named in the place of a second region when the model at this end names one only (a
    // client, whose wire lies in its connection's block).
    const PrefetchTarget second =
        packet.arrivalPrefetch[1].empty() ? packet.prefetchTarget() : packet.arrivalPrefetch[1];
    PrefetchHint hint{{PrefetchTarget(), packet.arrivalPrefetch[0], second}};
    for (const ProtocolPrefetch& p : m_prefetch) {
      if (p.protocol == packet.protocol) hint.targets[0] = p.function(p.model, packet);
    }
    return hint;
  }

  // Sends a packet originated here: stamps source and creation time, then routes it.
  void send(PacketPtr p);
  // A packet arriving from a link: delivered to a handler if addressed here, else forwarded
  // (through the forwarding hook, if one is set).
  void receive(PacketPtr p);
  void setForwardingHook(ForwardingHook hook) { m_forwardingHook = std::move(hook); }
  // Routes `p` out of the interface towards its destination (dropped without a route, or when its
  // TTL runs out in transit).
  void forward(PacketPtr p);

  std::size_t interfaceCount() const { return m_interfaces.size(); }
  Interface& interface(std::size_t index) const { return *m_interfaces[index]; }
  std::uint32_t addInterface(std::unique_ptr<Interface> iface);

  void setRoute(NodeId destination, std::uint32_t interfaceIndex);
  void clearRoutes() { m_routes.clear(); }
  std::uint32_t routeTo(NodeId destination) const {
    return destination < m_routes.size() ? m_routes[destination] : kNoInterface;
  }

  // Counts a packet dropped here or by one of this node's interfaces and releases it. The emitter
  // of the matching `dropped` signal is whoever decided the drop (node or interface).
  void noteDropped(PacketPtr p, DropReason reason);

  Signal<const Packet&, SimTime> delivered;            // handed to a local handler
  Signal<const Packet&, DropReason, SimTime> dropped;  // no route, TTL expired, no handler

 private:
  Network* m_network;
  NodeId m_id;
  std::string m_name;
  std::vector<std::unique_ptr<Interface>> m_interfaces;
  std::vector<std::uint32_t> m_routes;  // by destination NodeId
  std::vector<std::pair<std::uint8_t, ProtocolHandler>> m_handlers;
  ForwardingHook m_forwardingHook;
  struct ProtocolPrefetch {
    std::uint8_t protocol;
    ArrivalPrefetch function;
    const void* model;
  };
  std::vector<ProtocolPrefetch> m_prefetch;
};

}  // namespace wirelab::sim
