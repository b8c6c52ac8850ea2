// File: sim/net/network.h
// The nodes and links of one run, and the run-wide packet accounting that the conservation check
// uses: every packet a node sends is, at any instant, delivered, dropped, or still in flight.
//
//   Simulation sim(/*seed=*/1, /*run=*/0);
//   NodeId a = sim.network.addNode("client"), b = sim.network.addNode("server");
//   sim.network.connect(a, b, LinkConfig{.rate = Mbps(10), .delay = Milliseconds(20)});
#pragma once

#include <cstdint>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "sim/core/random.h"
#include "sim/core/scheduler.h"
#include "sim/net/link_config.h"
#include "sim/net/node.h"
#include "sim/net/packet.h"

namespace wirelab::sim {

struct NetworkCounters {
  std::uint64_t sent = 0;       // originated by Node::send
  std::uint64_t delivered = 0;  // handed to a protocol handler at the destination
  std::uint64_t dropped = 0;    // for any DropReason
  std::uint64_t forwarded = 0;  // hops through intermediate nodes
};

// A full-duplex link: the two interfaces it created.
struct LinkRecord {
  NodeId a = kNoNode;
  NodeId b = kNoNode;
  std::uint32_t interfaceAtA = 0;  // a -> b direction, owned by a
  std::uint32_t interfaceAtB = 0;  // b -> a direction, owned by b
};

class Network {
 public:
  Network(Scheduler& sched, PacketPool& pool, const RandomStreams& random);
  Network(const Network&) = delete;
  Network& operator=(const Network&) = delete;
  ~Network();

  NodeId addNode(std::string name);
  Node& node(NodeId id) const { return *m_nodes[id]; }
  std::size_t nodeCount() const { return m_nodes.size(); }
  // kNoNode when there is no node of that name.
  NodeId findNode(std::string_view name) const;

  // Connects a and b with one interface in each direction. Random streams of the link are named
  // after the node names ("link/a->b/loss"), so they do not depend on creation order.
  std::size_t connect(NodeId a, NodeId b, const LinkConfig& aToB, const LinkConfig& bToA);
  std::size_t connect(NodeId a, NodeId b, const LinkConfig& bothWays) {
    return connect(a, b, bothWays, bothWays);
  }
  const std::vector<LinkRecord>& links() const { return m_links; }

  PacketPtr newPacket();
  Scheduler& scheduler() const { return *m_sched; }
  const RandomStreams& random() const { return m_random; }
  const PacketPool& pool() const { return *m_pool; }

  const NetworkCounters& counters() const { return m_counters; }
  NetworkCounters& mutableCounters() { return m_counters; }
  std::int64_t packetsInFlight() const { return m_pool->live(); }

  // The loss model `spec` describes, drawing from the run's stream `streamName`: what each link
  // direction uses, for models that lose packets themselves (a relay, say).
  std::unique_ptr<LossModel> makeLossModel(const LossSpec& spec, const std::string& streamName) const;

 private:
  Scheduler* m_sched;
  PacketPool* m_pool;
  RandomStreams m_random;
  std::vector<std::unique_ptr<Node>> m_nodes;
  std::vector<LinkRecord> m_links;
  NetworkCounters m_counters;
};

// Everything one run needs, declared so that destruction is safe: the network (and its queues)
// goes first, then pending events (which may hold packets), then the packet pool.
struct Simulation {
  Simulation(std::uint64_t seed, std::uint64_t run) : random(seed, run), network(scheduler, pool, random) {}
  PacketPool pool;
  Scheduler scheduler;
  RandomStreams random;
  Network network;
};

}  // namespace wirelab::sim
