// File: models/messaging/message_stream.h
// Framed application messages over one TCP connection, for the models that speak in messages
// rather than in bulk bytes: polling and long-polling requests, SSE events, WebSocket-like push,
// publish/subscribe, RPC.
//
// The simulator carries byte counts, not bytes, so what a real receiver parses from the stream (a
// length prefix, an HTTP message boundary, an SSE "data:" line) travels beside it: each side's
// send() appends the message's bytes to the TCP stream and its descriptor (the application's
// metadata `Meta`, its size, when it was sent) to the connection's shared MessageWire; the other
// side delivers a message when TCP has delivered its last byte in order. TCP's in-order delivery
// makes this exact, including head-of-line blocking behind a lost segment.
//
//   MessageRegistry<Event> registry;
//   server.listen(80, cfg, [&](TcpConnection& c) { serverEnds.push_back(accept(c, registry)); });
//   auto client = MessageEndpoint<Event>::connect(clientStack, {serverNode, 80}, cfg, registry);
//   client->callbacks().onMessage = [](const Received<Event>& m) { ... };
#pragma once

#include <cstdint>
#include <functional>
#include <memory>
#include <unordered_map>
#include <utility>

#include "models/messaging/message_queue.h"
#include "models/transport/tcp/tcp_stack.h"
#include "sim/core/allocation_cluster.h"
#include "sim/core/handler_slot.h"
#include "sim/core/small_function.h"

namespace wirelab::models::messaging {

// One message as the receiver sees it.
template <typename Meta>
struct Received {
  Meta meta;
  std::uint64_t bytes = 0;
  sim::SimTime sentAt;       // the sender wrote it to its connection
  sim::SimTime firstByteAt;  // its first byte was delivered in order
  sim::SimTime at;           // its last byte was delivered in order
};

// The descriptors in flight on one connection, one queue per direction.
template <typename Meta>
struct MessageWire {
  struct InFlight {
    std::uint64_t end = 0;  // stream offset just past the message's last byte
    std::uint64_t bytes = 0;
    sim::SimTime sentAt;
    Meta meta;
  };
  MessageQueue<InFlight> toServer, toClient;
};

// Where an accepting side finds the wire its client created, by the client's endpoint (what the
// server sees as the connection's remote end). Entries live from connect() until the server
// accepts or the client gives up.
template <typename Meta>
class MessageRegistry {
 public:
  void put(transport::Endpoint client, std::shared_ptr<MessageWire<Meta>> wire) {
    m_wires[client] = std::move(wire);
  }
  std::shared_ptr<MessageWire<Meta>> take(transport::Endpoint client) {
    auto it = m_wires.find(client);
    if (it == m_wires.end()) return nullptr;
    auto wire = std::move(it->second);
    m_wires.erase(it);
    return wire;
  }
  void forget(transport::Endpoint client) { m_wires.erase(client); }
  std::size_t size() const { return m_wires.size(); }

 private:
  std::unordered_map<transport::Endpoint, std::shared_ptr<MessageWire<Meta>>, transport::EndpointHash>
      m_wires;
};

// Cluster-allocated, with its wire (sim/core/allocation_cluster.h): an endpoint made inside a
// cluster's scope sits next to the connection it was made with. It is its connection's handler
// (TcpConnection::Handler).
template <typename Meta>
class MessageEndpoint final : public sim::ClusterAllocated, private transport::tcp::TcpConnection::Handler {
 public:
  using Wire = MessageWire<Meta>;

  // A cluster's bytes for one side's endpoint, and for the client side's the wire it creates too
  // (std::allocate_shared's control block is two counters and a vtable pointer).
  static std::size_t clusterBytes(bool withWire) {
    return withWire ? sim::AllocationCluster::bytesFor({sizeof(MessageEndpoint), sizeof(Wire) + 16})
                    : sim::AllocationCluster::bytesFor({sizeof(MessageEndpoint)});
  }
  // A cluster's bytes for a client application object of `clientBytes` and what its connect()
  // makes in the cluster: the TCP connection (of `tcp`), this endpoint and the wire.
  static std::size_t clientClusterBytes(std::size_t clientBytes, const transport::tcp::TcpConfig& tcp) {
    return sim::AllocationCluster::bytesFor({clientBytes}) +
           transport::tcp::TcpConnection::clusterBytes(tcp) + clusterBytes(true);
  }

  // The client side: opens a TCP connection to `server` and registers its wire.
  static std::unique_ptr<MessageEndpoint> connect(transport::tcp::TcpStack& stack, transport::Endpoint server,
                                                  const transport::tcp::TcpConfig& config,
                                                  MessageRegistry<Meta>& registry) {
    transport::tcp::TcpConnection& tcp = stack.connect(server, config);
    auto wire = std::allocate_shared<Wire>(sim::ClusterAllocator<Wire>());
    registry.put(tcp.local(), wire);
    auto ep = std::unique_ptr<MessageEndpoint>(new MessageEndpoint(tcp, std::move(wire), true));
    ep->m_registry = &registry;
    return ep;
  }

  // The server side, from an accepted connection. A client that gave up between its side of the
  // handshake and ours (it aborted while its last ACK was in flight) has withdrawn its wire: the
  // server then gets an empty one, and the client's RST that follows closes the connection.
  static std::unique_ptr<MessageEndpoint> accept(transport::tcp::TcpConnection& tcp,
                                                 MessageRegistry<Meta>& registry) {
    auto wire = registry.take(tcp.remote());
    if (!wire) wire = std::allocate_shared<Wire>(sim::ClusterAllocator<Wire>());
    return std::unique_ptr<MessageEndpoint>(new MessageEndpoint(tcp, std::move(wire), false));
  }

  MessageEndpoint(const MessageEndpoint&) = delete;
  MessageEndpoint& operator=(const MessageEndpoint&) = delete;
  ~MessageEndpoint() {
    if (m_registry != nullptr && m_tcp != nullptr) m_registry->forget(m_tcp->local());
    detach();
  }

  // --- What the application hears ----------------------------------------------------------------
  // One handler, as TcpConnection has (a pointer instead of four callables: 64 bytes of each of
  // 100,000 endpoints, bench/README.md, fifteenth pass). An application object can be the handler;
  // callbacks() gives lambdas instead.
  class Handler {
   public:
    virtual void onEndpointConnected() {}  // the client side's handshake completed
    virtual void onEndpointMessage(const Received<Meta>& /*message*/) {}
    virtual void onEndpointPeerClosed() {}                    // the peer closed its side
    virtual void onEndpointClosed(const char* /*reason*/) {}  // the connection is gone

   protected:
    ~Handler() = default;  // the endpoint never deletes a handler it was given
  };
  // A handler of callables (sim/core/small_function.h: capture one pointer, or a call follows one
  // to the heap). Each may be empty.
  struct Callbacks final : Handler, sim::ClusterAllocated {
    sim::SmallFunction<void()> onConnected;
    sim::SmallFunction<void(const Received<Meta>&)> onMessage;
    sim::SmallFunction<void()> onPeerClosed;
    sim::SmallFunction<void(const char* reason)> onClosed;

    void onEndpointConnected() override {
      if (onConnected) onConnected();
    }
    void onEndpointMessage(const Received<Meta>& message) override {
      if (onMessage) onMessage(message);
    }
    void onEndpointPeerClosed() override {
      if (onPeerClosed) onPeerClosed();
    }
    void onEndpointClosed(const char* reason) override {
      if (onClosed) onClosed(reason);
    }
  };
  // The endpoint's own Callbacks, made on the first call and made the handler (replacing any).
  Callbacks& callbacks() { return m_handler.callbacks(); }
  // `handler` is called from now on (nullptr: nobody); it must outlive the endpoint or be replaced
  // first. Callbacks made by callbacks() are destroyed, unless `handler` is them.
  void setHandler(Handler* handler) { m_handler.set(handler); }
  Handler* handler() const { return m_handler.get(); }

  // Queues a message of `bytes` (headers included) behind everything written before.
  void send(Meta meta, std::uint64_t bytes) {
    if (m_tcp == nullptr) return;  // closed: the application learns of it through its handler
    m_written += bytes;
    outgoing().push_back({m_written, bytes, now(), std::move(meta)});
    m_unsent += bytes;
    pump();
  }

  // FIN after everything queued (RFC 9293 3.10.4); abort() resets at once (3.10.5).
  void close() {
    if (m_tcp != nullptr) m_closeAfterUnsent = true;
    pump();
  }
  void abort() {
    if (m_tcp != nullptr) m_tcp->abort();
  }

  bool open() const { return m_tcp != nullptr; }
  bool connected() const { return m_connected; }
  transport::tcp::TcpConnection* connection() const { return m_tcp; }
  std::uint64_t unsentBytes() const { return m_unsent; }

 private:
  MessageEndpoint(transport::tcp::TcpConnection& tcp, std::shared_ptr<Wire> wire, bool isClient)
      : m_tcp(&tcp), m_wire(std::move(wire)), m_isClient(isClient) {
    // An accepted connection is already established (this runs in the listener's accept callback).
    m_connected = tcp.state() == transport::tcp::TcpState::Established;
    tcp.setHandler(this);
    // Delivering data reads the descriptors in the shared wire (and sending writes them): have
    // the peer's segments prefetch it along with this connection (sim/core/prefetch.h).
    tcp.setApplicationPrefetch(sim::PrefetchTarget(m_wire.get(), sizeof(Wire)));
  }

  // TcpConnection::Handler.
  void onTcpConnected() override {
    m_connected = true;
    if (Handler* handler = m_handler.get()) handler->onEndpointConnected();
  }
  void onTcpData(std::uint64_t bytes) override { onData(bytes); }
  void onTcpSendSpace() override { pump(); }
  void onTcpPeerClosed() override {
    if (Handler* handler = m_handler.get()) handler->onEndpointPeerClosed();
  }
  void onTcpClosed(const char* reason) override {
    if (m_registry != nullptr && m_tcp != nullptr) m_registry->forget(m_tcp->local());
    m_tcp = nullptr;
    m_connected = false;
    if (Handler* handler = m_handler.get()) handler->onEndpointClosed(reason);
  }

  // Stops the connection from calling into a destroyed endpoint.
  void detach() {
    if (m_tcp == nullptr) return;
    m_tcp->setHandler(nullptr);
    m_tcp->setApplicationPrefetch({});
  }

  MessageQueue<typename Wire::InFlight>& outgoing() {
    return m_isClient ? m_wire->toServer : m_wire->toClient;
  }
  MessageQueue<typename Wire::InFlight>& incoming() {
    return m_isClient ? m_wire->toClient : m_wire->toServer;
  }
  // Only while open: the scheduler is the connection's.
  sim::SimTime now() const { return m_tcp->stack().scheduler().now(); }

  void pump() {
    if (m_tcp == nullptr) return;
    if (m_unsent > 0) m_unsent -= m_tcp->send(m_unsent);
    if (m_unsent == 0 && m_closeAfterUnsent) {
      m_closeAfterUnsent = false;
      m_tcp->close();
    }
  }

  void onData(std::uint64_t bytes) {
    const sim::SimTime t = now();
    m_received += bytes;
    auto& in = incoming();
    while (!in.empty()) {
      auto& front = in.front();
      if (!m_frontStarted && m_received > front.end - front.bytes) {
        m_frontStarted = true;
        m_frontFirstByteAt = t;
      }
      if (m_received < front.end) break;
      Received<Meta> r{std::move(front.meta), front.bytes, front.sentAt,
                       m_frontStarted ? m_frontFirstByteAt : t, t};
      in.pop_front();
      m_frontStarted = false;
      if (Handler* handler = m_handler.get()) handler->onEndpointMessage(r);
      if (m_tcp == nullptr) return;  // the handler closed or aborted the connection
    }
  }

  transport::tcp::TcpConnection* m_tcp;
  std::shared_ptr<Wire> m_wire;
  MessageRegistry<Meta>* m_registry = nullptr;  // client side only, until accepted or closed
  sim::HandlerSlot<Handler, Callbacks> m_handler;
  bool m_isClient;
  bool m_connected = false;
  bool m_closeAfterUnsent = false;
  bool m_frontStarted = false;
  sim::SimTime m_frontFirstByteAt;
  std::uint64_t m_written = 0;
  std::uint64_t m_unsent = 0;
  std::uint64_t m_received = 0;
};

}  // namespace wirelab::models::messaging
