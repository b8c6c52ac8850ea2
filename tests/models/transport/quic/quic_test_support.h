// File: tests/models/transport/quic/quic_test_support.h
// Harness of the QUIC tests: hosts joined by links, a UDP stack per host, and a filter that drops
// chosen datagrams before a node's UDP sees them (a deterministic loss aimed at one packet's
// content, e.g. "the first packet carrying stream 0 past offset 20000"), without touching sim/.
#pragma once

#include <cstdint>
#include <functional>
#include <memory>
#include <vector>

#include "models/transport/quic/quic_endpoint.h"
#include "models/transport/udp/udp_stack.h"
#include "sim/net/network.h"

namespace wirelab::models::transport::quic::testing {

inline sim::LinkConfig link(sim::DataRate rate, sim::Duration delay) {
  sim::LinkConfig c;
  c.rate = rate;
  c.delay = delay;
  return c;
}

inline sim::LinkConfig withBernoulliLoss(sim::LinkConfig c, double p) {
  c.loss.kind = sim::LossSpec::Kind::Bernoulli;
  c.loss.probability = p;
  return c;
}

// Client and server on one link (client -> server direction first).
struct QuicPair {
  QuicPair(const sim::LinkConfig& clientToServer, const sim::LinkConfig& serverToClient,
           std::uint64_t seed = 1, const QuicConfig& config = {})
      : sim(seed, 0) {
    client = sim.network.addNode("client");
    server = sim.network.addNode("server");
    sim.network.connect(client, server, clientToServer, serverToClient);
    sim.network.node(client).setRoute(server, 0);
    sim.network.node(server).setRoute(client, 0);
    clientUdp = std::make_unique<udp::UdpStack>(sim.network, client);
    serverUdp = std::make_unique<udp::UdpStack>(sim.network, server);
    serverEndpoint = std::make_unique<QuicEndpoint>(*serverUdp, 443, config);
    clientEndpoint = std::make_unique<QuicEndpoint>(*clientUdp, 0, config);
  }
  explicit QuicPair(const sim::LinkConfig& both, std::uint64_t seed = 1, const QuicConfig& config = {})
      : QuicPair(both, both, seed, config) {}

  sim::Scheduler& scheduler() { return sim.scheduler; }
  sim::SimTime now() const { return sim.scheduler.now(); }
  QuicConnection& serverConnection() const { return *serverEndpoint->connections().at(0); }

  sim::Simulation sim;
  sim::NodeId client = sim::kNoNode;
  sim::NodeId server = sim::kNoNode;
  // Declared before the endpoints, destroyed after them.
  std::unique_ptr<udp::UdpStack> clientUdp, serverUdp;
  std::unique_ptr<QuicEndpoint> serverEndpoint, clientEndpoint;
};

// Replaces `node`'s UDP handler: datagrams for which `drop` returns true vanish (as if lost on the
// last link), all others reach `stack`.
class DatagramFilter {
 public:
  using Predicate = std::function<bool(const sim::Packet&)>;
  DatagramFilter(sim::Network& network, sim::NodeId node, udp::UdpStack& stack, Predicate drop) {
    network.node(node).setProtocolHandler(kProtocolUdp,
                                          [this, &stack, drop = std::move(drop)](sim::PacketPtr p) {
                                            if (drop(*p)) {
                                              ++m_dropped;
                                              return;
                                            }
                                            stack.receive(std::move(p));
                                          });
  }
  int dropped() const { return m_dropped; }

 private:
  int m_dropped = 0;
};

inline const QuicDatagram& quicHeader(const sim::Packet& p) { return p.header<QuicDatagram>(); }

// True when the datagram is a short-form packet with a STREAM frame of `streamId` whose range
// starts at or after `offset`.
inline bool carriesStream(const sim::Packet& p, std::uint64_t streamId, std::uint64_t offset) {
  const QuicDatagram& d = quicHeader(p);
  if (!d.isShortForm()) return false;
  for (std::size_t i = 0; i < d.body.shortForm.streamFrameCount; ++i) {
    const StreamFrame& f = d.body.shortForm.streams[i];
    if (f.streamId == streamId && f.offset() >= offset && f.length() > 0) return true;
  }
  return false;
}

// One delivery as the application saw it.
struct Delivery {
  sim::SimTime time;
  std::uint64_t streamId;
  std::uint64_t bytes;
  bool fin;
  bool operator==(const Delivery&) const = default;
};

}  // namespace wirelab::models::transport::quic::testing
