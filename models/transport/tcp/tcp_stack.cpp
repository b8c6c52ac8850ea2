#include "models/transport/tcp/tcp_stack.h"

#include <stdexcept>
#include <string>
#include <utility>

namespace wirelab::models::transport::tcp {

TcpStack::TcpStack(sim::Network& network, sim::NodeId node)
    : m_network(&network),
      m_sched(&network.scheduler()),
      m_node(node),
      m_clockPhase(sim::Nanoseconds(static_cast<std::int64_t>(
          network.random().stream("tcp/clock-phase/" + std::to_string(node)).uniformBelow(1'000'000)))) {
  network.node(node).setProtocolHandler(kProtocolTcp, [this](sim::PacketPtr p) { onPacket(std::move(p)); });
  // An arriving segment's lookup starts at this table slot: prefetched with the arrival.
  network.node(node).setArrivalPrefetch(
      kProtocolTcp,
      [](const void* stack, const sim::Packet& p) {
        const ConnectionTable<TcpConnection>& table = static_cast<const TcpStack*>(stack)->m_connections;
        return table.prefetchTarget(
            ConnectionTable<TcpConnection>::key(p.destinationPort, p.source, p.sourcePort));
      },
      this);
}

TcpStack::~TcpStack() {
  // Connections hold timers on the scheduler; they go first, quietly.
  m_connections.forEach([](TcpConnection& connection) { connection.setHandler(nullptr); });
  m_connections.clear();
}

void TcpStack::listen(std::uint16_t port, const TcpConfig& config, AcceptCallback onAccept,
                      std::size_t clusterBytes) {
  config.validate();
  if (m_listeners.count(port) != 0) {
    throw std::invalid_argument("tcp: port " + std::to_string(port) + " is already listening");
  }
  m_listeners[port] = Listener{&sharedConfig(config), std::move(onAccept), clusterBytes};
}

const TcpConfig& TcpStack::sharedConfig(const TcpConfig& config) {
  // A stack sees a handful of distinct configurations; look at the latest few only, so that a
  // caller with a different one per connection costs memory, not quadratic time.
  constexpr std::size_t kSearched = 8;
  for (std::size_t i = m_configs.size(); i-- > 0 && m_configs.size() - i <= kSearched;) {
    if (m_configs[i] == config) return m_configs[i];
  }
  return m_configs.emplace_back(config);
}

TcpConnection& TcpStack::connect(Endpoint remote, const TcpConfig& config) {
  config.validate();
  // Ephemeral ports cycle through 49152-65535 and skip those in use towards the same peer.
  for (int attempts = 0; attempts < 16384; ++attempts) {
    const std::uint16_t port = m_nextEphemeralPort;
    m_nextEphemeralPort =
        m_nextEphemeralPort == 65535 ? 49152 : static_cast<std::uint16_t>(m_nextEphemeralPort + 1);
    const std::uint64_t key = ConnectionTable<TcpConnection>::key(port, remote.node, remote.port);
    if (m_connections.find(key) != nullptr || m_listeners.count(port) != 0) continue;
    TcpConnection& c = m_connections.insert(
        key, std::make_unique<TcpConnection>(*this, sharedConfig(config), Endpoint{m_node, port}, remote));
    c.connect();
    return c;
  }
  throw std::runtime_error("tcp: no free ephemeral port towards node " + std::to_string(remote.node));
}

void TcpStack::sendSegment(const TcpConnection& from, const TcpHeader& h, std::uint32_t payloadBytes,
                           bool timestamps) {
  sim::PacketPtr p = m_network->newPacket();
  p->destination = from.remote().node;
  p->sourcePort = from.localPort();
  p->destinationPort = from.remote().port;
  p->protocol = kProtocolTcp;
  p->payloadBytes = payloadBytes;
  p->sizeBytes = kIpv4HeaderBytes + tcpHeaderWireBytes(h, timestamps) + payloadBytes;
  TcpHeader& header = p->setHeader(h);
  header.senderState = from.statePrefetch();
  header.senderApplication = from.applicationPrefetch();
  p->arrivalPrefetch[0] = from.peerPrefetch()[0];
  // The peer's application memory (its message wire, say) is named only for segments that reach
  // the application: a pure ACK seldom does (when it frees half the send buffer, or closes), and
  // each one would load lines it does not read. With 100,000 subscribers, whose every delivery
  // is acknowledged by a pure ACK at the broker, the fan-out runs 4-6% faster (bench/README.md,
  // twelfth pass). A hint changes no result.
  const bool pureAck =
      payloadBytes == 0 && !h.has(TcpHeader::kSyn) && !h.has(TcpHeader::kFin) && !h.has(TcpHeader::kRst);
  p->arrivalPrefetch[1] = pureAck ? sim::PrefetchTarget() : from.peerPrefetch()[1];
  m_network->node(m_node).send(std::move(p));
}

void TcpStack::onPacket(sim::PacketPtr p) {
  const TcpHeader& h = p->header<TcpHeader>();
  const std::uint64_t key = ConnectionTable<TcpConnection>::key(p->destinationPort, p->source, p->sourcePort);
  if (TcpConnection* c = m_connections.find(key)) {
    c->notePeer(h);
    c->onSegment(h, p->payloadBytes);
    return;
  }
  if (h.has(TcpHeader::kSyn) && !h.has(TcpHeader::kAck)) {
    if (auto listener = m_listeners.find(p->destinationPort); listener != m_listeners.end()) {
      sim::AllocationCluster cluster(listener->second.clusterBytes);
      std::unique_ptr<TcpConnection> accepted;
      {
        sim::AllocationCluster::Scope scope(cluster);
        accepted = std::make_unique<TcpConnection>(*this, *listener->second.config,
                                                   Endpoint{m_node, p->destinationPort},
                                                   Endpoint{p->source, p->sourcePort});
      }
      accepted->keepCluster(std::move(cluster));
      TcpConnection& c = m_connections.insert(key, std::move(accepted));
      c.notePeer(h);
      c.acceptSyn(h);
      return;
    }
  }
  if (!h.has(TcpHeader::kRst)) sendReset(*p, h, p->payloadBytes);
}

void TcpStack::completeAccept(TcpConnection& c) {
  // What the application allocates for this connection joins its block.
  sim::AllocationCluster::Scope scope(c.cluster());
  // Listeners are never removed nor replaced (listen() refuses a port twice): this is the one
  // that accepted the SYN.
  const Listener& listener = m_listeners.at(c.local().port);
  if (listener.onAccept) listener.onAccept(c);
}

// RFC 9293 section 3.10.7.1: a segment for no connection gets a RST; if it carried an ACK the RST
// takes that sequence number, otherwise it acknowledges the segment.
void TcpStack::sendReset(const sim::Packet& cause, const TcpHeader& h, std::uint32_t payloadBytes) {
  TcpHeader rst;
  if (h.has(TcpHeader::kAck)) {
    rst.seq = h.ack;
    rst.flags = TcpHeader::kRst;
  } else {
    rst.seq = 0;
    rst.ack = h.seq + payloadBytes + (h.has(TcpHeader::kSyn) ? 1 : 0) + (h.has(TcpHeader::kFin) ? 1 : 0);
    rst.flags = TcpHeader::kRst | TcpHeader::kAck;
  }
  sim::PacketPtr p = m_network->newPacket();
  p->destination = cause.source;
  p->sourcePort = cause.destinationPort;
  p->destinationPort = cause.sourcePort;
  p->protocol = kProtocolTcp;
  p->sizeBytes = kIpv4HeaderBytes + kTcpHeaderBytes;
  p->setHeader(rst);
  ++m_resetsSent;
  m_network->node(m_node).send(std::move(p));
}

void TcpStack::release(TcpConnection& connection) {
  const std::uint64_t key = ConnectionTable<TcpConnection>::key(
      connection.local().port, connection.remote().node, connection.remote().port);
  if (m_connections.find(key) != &connection) return;
  // The connection may be deep in its own call stack: keep it alive until this event is over.
  m_graveyard.push_back(m_connections.take(key));
  if (!m_sweepScheduled) {
    m_sweepScheduled = true;
    m_network->scheduler().schedule(sim::Duration::zero(), [this] {
      m_graveyard.clear();
      m_sweepScheduled = false;
    });
  }
}

}  // namespace wirelab::models::transport::tcp
