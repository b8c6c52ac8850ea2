// File: models/patterns/notification_client.h
// What the four pattern clients share: one keep-alive TCP connection to the event server (opened
// again after a loss), the last event id seen, and the accounting of every event received (first
// receipt, duplicate, or a gap of missed ids) into NotificationMetrics. Optional random
// disconnects (a Poisson process per client) abort the connection (RFC 9293 3.10.5) so the
// pattern's reconnect behaviour is exercised. The subclasses decide what to send and when.
#pragma once

#include <cstdint>
#include <memory>
#include <string>

#include "models/patterns/backend_events.h"
#include "models/patterns/notification_message.h"
#include "models/patterns/notification_metrics.h"
#include "models/patterns/pattern_config.h"
#include "sim/core/allocation_cluster.h"
#include "sim/core/timer.h"

namespace wirelab::models::patterns {

// Everything a client needs from its surroundings. Clients keep it by reference (it must outlive
// them): the clients of one host share one, and a client carries a pointer instead of 40 bytes.
struct ClientContext {
  transport::tcp::TcpStack* stack = nullptr;
  transport::Endpoint server;
  NotificationRegistry* registry = nullptr;
  const EventLog* log = nullptr;  // to look up each received event's creation time (its payload
                                  // carries it, as the real server's JSON does)
  NotificationMetrics* metrics = nullptr;
};

// Cluster-allocated (sim/core/allocation_cluster.h): made inside its cluster's scope
// (makeNotificationClient), a client keeps the cluster and opens its connections in it, so that a
// poll tick's chain (client, endpoint, wire, connection, controller) lies in one block.
// It is its endpoint's handler (messaging::MessageEndpoint::Handler).
class NotificationClient : public sim::ClusterAllocated, private NotificationEndpoint::Handler {
 public:
  // `context` and `config` are kept by reference (one for many clients, which would each copy 40
  // and 264 bytes): they must outlive the client, as the experiment's and the scenario's do.
  NotificationClient(const ClientContext& context, std::uint32_t index,
                     const NotificationClientConfig& config);
  NotificationClient(const NotificationClient&) = delete;
  NotificationClient& operator=(const NotificationClient&) = delete;
  virtual ~NotificationClient();

  // Opens the connection now and starts the pattern.
  void start();
  // Closes the connection gracefully (FIN after anything queued) and sends nothing more.
  void stop();
  // Aborts the connection as a disconnect would (the pattern then reconnects). `cause` is kept
  // until the close is recorded: a string literal.
  void dropConnection(const char* cause);

  std::uint32_t index() const { return m_index; }
  std::uint64_t lastSeenId() const { return m_lastSeen; }
  bool connected() const { return m_endpoint && m_endpoint->connected(); }
  const NotificationEndpoint* endpoint() const { return m_endpoint.get(); }
  // The cluster this client was made in: its connections are made there too (while there is room).
  void keepCluster(sim::AllocationCluster cluster) { m_cluster = std::move(cluster); }

 protected:
  virtual void onOpen() = 0;  // the connection is established
  virtual void onResponse(const ReceivedNotification& m) = 0;
  virtual void onConnectionLost() = 0;  // after a disconnect: reconnect when the pattern does
  virtual void onStart() {}

  void openConnection();
  void sendRequest(const NotificationMessage& m, std::uint64_t bytes);
  void sendFrame(const NotificationMessage& m, std::uint64_t bytes);
  // Events firstEvent..lastEvent of `m` arrived at `at`.
  void acceptEvents(const NotificationMessage& m, sim::SimTime at);
  void record(RecordKind kind, std::uint64_t eventId, std::string cause);
  // The request text's size: fixed part + path + the digits of the id.
  std::uint64_t requestBytes(const char* path, std::uint64_t since) const;

  sim::Scheduler& scheduler() const { return m_context->stack->scheduler(); }
  NotificationMetrics& metrics() const { return *m_context->metrics; }
  const NotificationClientConfig& config() const { return *m_config; }
  bool stopped() const { return m_stopped; }
  bool everConnected() const { return m_everConnected; }
  // Subclasses arm it with themselves as its owner: patternTimer().arm(*this, delay, action).
  sim::OwnedTimer<NotificationClient>& patternTimer() { return m_patternTimer; }

 private:
  void onClosed(const char* reason);
  // NotificationEndpoint::Handler: the current endpoint's (and a retired one's, until it goes).
  void onEndpointConnected() override;
  void onEndpointMessage(const ReceivedNotification& m) override;
  void onEndpointPeerClosed() override;
  void onEndpointClosed(const char* reason) override { onClosed(reason); }
  // What the owned pattern timer asks of its owner (sim/core/timer.h). A poll tick starts at this
  // client and goes on to its endpoint, wire and connection, made in the client's cluster: the
  // whole block is prefetched with the wake-up (a tick waited on each in turn: bench/README.md,
  // seventh pass).
  friend class sim::OwnedTimer<NotificationClient>;
  sim::Scheduler& timerScheduler() const { return scheduler(); }
  sim::PrefetchTarget timerPrefetch() const {
    return sim::AllocationCluster::blockPrefetch(this, sizeof(NotificationClient));
  }
  void armRandomDisconnect();

  const ClientContext* m_context;
  std::uint32_t m_index;
  const NotificationClientConfig* m_config;  // the experiment's or scenario's: one for all clients
  std::unique_ptr<NotificationEndpoint> m_endpoint;
  std::unique_ptr<NotificationEndpoint> m_retired;  // closed inside its own callback
  // Poll ticks, reconnect delays, pings: an owned timer, 32 bytes where a Timer takes 64.
  sim::OwnedTimer<NotificationClient> m_patternTimer;
  // The random disconnect process, made only when the configuration has one
  // (disconnect.meanInterval > 0): other clients carry 8 bytes instead of a Timer and a stream.
  struct RandomDisconnects {
    RandomDisconnects(sim::Scheduler& sched, sim::RandomStream s) : timer(sched), stream(std::move(s)) {}
    sim::Timer timer;
    sim::RandomStream stream;
  };
  std::unique_ptr<RandomDisconnects> m_disconnects;
  std::uint64_t m_lastSeen = 0;
  const char* m_dropCause = nullptr;  // dropConnection()'s cause until the close is recorded
  sim::AllocationCluster m_cluster;
  // Last, so that a pattern's own small fields fill the padding after them (ShortPollingClient's).
  bool m_stopped = false;
  bool m_everConnected = false;
};

}  // namespace wirelab::models::patterns
