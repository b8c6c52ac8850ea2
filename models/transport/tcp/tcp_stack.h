// File: models/transport/tcp/tcp_stack.h
// The TCP of one node: it owns the node's connections, demultiplexes arriving segments by
// (local port, remote node, remote port), accepts connections on listening ports, answers
// segments for unknown connections with RST (RFC 9293 section 3.10.7.1), and hands segments to
// the network.
//
//   TcpStack server(network, serverNode), client(network, clientNode);
//   server.listen(80, config, [](TcpConnection& c) { c.callbacks().onData = ...; });
//   TcpConnection& conn = client.connect({serverNode, 80}, config);
#pragma once

#include <cstdint>
#include <deque>
#include <functional>
#include <map>
#include <memory>

#include "models/transport/tcp/connection_table.h"
#include "models/transport/tcp/tcp_connection.h"

namespace wirelab::models::transport::tcp {

class TcpStack {
 public:
  using AcceptCallback = std::function<void(TcpConnection&)>;

  TcpStack(sim::Network& network, sim::NodeId node);
  TcpStack(const TcpStack&) = delete;
  TcpStack& operator=(const TcpStack&) = delete;
  ~TcpStack();

  // Accepts connections on `port` with `config`; `onAccept` runs when the handshake completes
  // (set the connection's callbacks there, or on SYN arrival through onSyn if data may come with
  // the handshake's last ACK).
  // `clusterBytes` > 0 gives each accepted connection an allocation cluster of that size
  // (sim/core/allocation_cluster.h): the connection, its controller, and what `onAccept` allocates
  // of cluster-allocated classes share one block (TcpConnection::clusterBytes(config) plus the
  // application's part).
  void listen(std::uint16_t port, const TcpConfig& config, AcceptCallback onAccept,
              std::size_t clusterBytes = 0);
  // Opens a connection from an ephemeral port (49152 upwards, RFC 6335) and sends the SYN.
  TcpConnection& connect(Endpoint remote, const TcpConfig& config);

  sim::Network& network() const { return *m_network; }
  // The network's scheduler, one load away for the connections (which keep no pointer of their own).
  sim::Scheduler& scheduler() const { return *m_sched; }
  sim::NodeId node() const { return m_node; }
  std::size_t connectionCount() const { return m_connections.size(); }
  std::uint64_t resetsSent() const { return m_resetsSent; }
  // Where this host's millisecond clock ticks, as an offset in [0, 1 ms) added to simulated time
  // by connections with TcpConfig::randomClockPhase (drawn from the run's seed, per node).
  sim::Duration clockPhase() const { return m_clockPhase; }

  // Used by connections.
  void sendSegment(const TcpConnection& from, const TcpHeader& h, std::uint32_t payloadBytes,
                   bool timestamps);
  // A closed connection asks to be destroyed; done after the current event.
  void release(TcpConnection& connection);
  // The handshake of a connection accepted from a listener completed: hand it to the listener.
  void completeAccept(TcpConnection& c);

 private:
  struct Listener {
    const TcpConfig* config;  // in m_configs
    AcceptCallback onAccept;
    std::size_t clusterBytes;
  };

  // The stack's copy of `config`, shared by every connection with an equal one: 100,000
  // connections then read one TcpConfig that stays in cache instead of 100,000 copies of it.
  const TcpConfig& sharedConfig(const TcpConfig& config);

  void onPacket(sim::PacketPtr p);
  void sendReset(const sim::Packet& cause, const TcpHeader& h, std::uint32_t payloadBytes);

  sim::Network* m_network;
  sim::Scheduler* m_sched;
  sim::NodeId m_node;
  std::deque<TcpConfig> m_configs;               // before the connections, which point into it
  ConnectionTable<TcpConnection> m_connections;  // by (local port, remote node, remote port)
  std::map<std::uint16_t, Listener> m_listeners;
  std::vector<std::unique_ptr<TcpConnection>> m_graveyard;  // released, destroyed after the event
  std::uint16_t m_nextEphemeralPort = 49152;
  sim::Duration m_clockPhase;
  std::uint64_t m_resetsSent = 0;
  bool m_sweepScheduled = false;
};

inline sim::Scheduler& TcpConnection::sched() const { return m_stack->scheduler(); }

}  // namespace wirelab::models::transport::tcp
