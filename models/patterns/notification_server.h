// File: models/patterns/notification_server.h
// The HTTP/1.1 event server of the four patterns, on one TCP port, one request at a time per
// connection (RFC 9112 9.3, no pipelining), every request answered after a processing time drawn
// from a distribution:
//   poll       answered at once with every event after `since` (possibly none)
//   long poll  answered as soon as an event after `since` exists, else held until the hold
//              timeout and answered empty ("long poll timed out")
//   SSE        a response head, then every event after Last-Event-ID (if sent) and every new
//              event as it is created, on the same response, until the connection closes
//   upgrade    101 Switching Protocols (RFC 6455 4.2.2), then one frame per event; the client's
//              pings are answered with pongs (RFC 6455 5.5.3), its acks counted
// Many clients, each its own connection. Sizes from HttpSizes.
#pragma once

#include <cstdint>
#include <map>
#include <memory>

#include "models/patterns/backend_events.h"
#include "models/patterns/notification_message.h"
#include "models/patterns/notification_metrics.h"
#include "models/patterns/pattern_config.h"
#include "sim/core/allocation_cluster.h"
#include "sim/core/timer.h"

namespace wirelab::models::patterns {

class NotificationServer {
 public:
  NotificationServer(transport::tcp::TcpStack& stack, NotificationRegistry& registry, EventLog& log,
                     NotificationMetrics& metrics, const NotificationServerConfig& config);
  NotificationServer(const NotificationServer&) = delete;
  NotificationServer& operator=(const NotificationServer&) = delete;
  ~NotificationServer();

  std::size_t openConnections() const { return m_conns.size(); }
  std::size_t heldRequests() const;

 private:
  enum class Mode : std::uint8_t { Idle, HoldingLongPoll, Streaming, Pushing };
  // Cluster-allocated: made in the accepted connection's cluster (TcpStack::listen), beside it.
  // The endpoint's handler.
  struct Conn final : sim::ClusterAllocated, NotificationEndpoint::Handler {
    explicit Conn(NotificationServer& owner) : server(&owner) {}
    void onEndpointMessage(const ReceivedNotification& m) override { server->onRequest(*this, m.meta); }
    void onEndpointPeerClosed() override { endpoint->close(); }  // the client closed: close our side too
    // onClosed(id) destroys this Conn, its endpoint with it: nothing here is touched after it.
    void onEndpointClosed(const char*) override { server->onClosed(id); }

    NotificationServer* server;  // so that the timer's callbacks capture one pointer
    std::uint64_t id = 0;
    std::unique_ptr<NotificationEndpoint> endpoint;
    Mode mode = Mode::Idle;
    std::uint64_t since = 0;   // the last event id this connection has been given (or asked after)
    sim::LazyTimer holdTimer;  // made on the first long poll
  };

  void onAccept(transport::tcp::TcpConnection& tcp);
  void onRequest(Conn& c, const NotificationMessage& request);
  void serve(Conn& c, const NotificationMessage& request, std::uint64_t snapshot);
  void answerWithEvents(Conn& c, std::uint64_t since, std::uint64_t upTo, bool timedOut);
  void sendStreamed(Conn& c, const BackendEvent& e);
  void onEventCreated(const BackendEvent& e);
  void onClosed(std::uint64_t id);
  void onHoldTimeout(Conn& c);
  std::uint32_t bodyBytes(std::uint64_t since, std::uint64_t upTo) const;
  std::uint32_t eventsResponseBytes(std::uint64_t since, std::uint64_t upTo) const;

  sim::Scheduler* m_sched;
  NotificationRegistry* m_registry;
  EventLog* m_log;  // the server subscribes to its creation signal
  NotificationMetrics* m_metrics;
  NotificationServerConfig m_config;
  sim::RandomStream m_processing;
  bool m_processingIsZero;
  std::map<std::uint64_t, std::unique_ptr<Conn>> m_conns;  // by accept order: deterministic
  std::map<std::uint64_t, Conn*> m_subscribed;             // held long polls, streams, pushes
  std::uint64_t m_nextId = 0;
  std::size_t m_subscription = 0;
};

}  // namespace wirelab::models::patterns
