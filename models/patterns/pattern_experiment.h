// File: models/patterns/pattern_experiment.h
// One notification-pattern run from parameters (what a scenario file will describe): N clients of
// one pattern on `clientHosts` hosts (each host's ephemeral ports 49152-65535 bound it to 16,384
// connections), all behind a router, one event server behind a path of `oneWayDelay` and
// Bernoulli `lossRate` in each direction, and a backend event source.
//
//   client host k --(accessRate, 0 delay)-- router --(pathRate, oneWayDelay, loss)-- server
//
// Clients start at clientStart (client i at clientStart + i * clientStartSpacing) and stop (close
// their connection) at stopAt; the run continues for `drain` more so the last answers arrive.
//   PatternExperiment e(config);
//   e.run();
//   PatternResult r = e.result();
#pragma once

#include <cstdint>
#include <memory>
#include <vector>

#include "models/patterns/backend_events.h"
#include "models/patterns/notification_client.h"
#include "models/patterns/notification_metrics.h"
#include "models/patterns/notification_server.h"
#include "models/patterns/pattern_config.h"
#include "sim/net/network.h"

namespace wirelab::models::patterns {

struct PatternExperimentConfig {
  std::uint32_t clients = 1;
  std::uint32_t clientHosts = 1;
  sim::Duration oneWayDelay = sim::Milliseconds(40);
  double lossRate = 0.0;  // each direction, on the router-server link
  // Or scripted losses instead: the positions (0-based, counting every server-to-client packet on
  // the router-server link) to drop, to replay a real run's drops (tests/models/patterns/realnet_events.h).
  std::vector<std::uint64_t> lostFromServer;
  sim::DataRate pathRate = sim::Gbps(1);
  sim::DataRate accessRate = sim::Gbps(1);
  sim::Duration clientStart = sim::Duration::zero();
  sim::Duration clientStartSpacing = sim::Duration::zero();
  sim::Duration stopAt = sim::Seconds(60);
  sim::Duration drain = sim::Seconds(2);
  EventSourceConfig events;
  NotificationServerConfig server;
  NotificationClientConfig client;
  bool keepDetail = true;  // keep every delivery and record (off for very many clients)
  std::uint64_t seed = 1;
  std::uint64_t run = 0;
  void validate() const;
};

struct PatternResult {
  NotificationCounters counters;
  LatencySummary latency;  // from kept deliveries; meanLatency always
  double meanLatencySeconds = 0;
  std::uint64_t eventsCreated = 0;
  // IP bytes and packets on the router-server link, both directions, as transmitted (TCP/IP
  // headers included, exact; packets the link then loses are included, as in a sender's capture).
  std::uint64_t wireBytesClientToServer = 0, wireBytesServerToClient = 0;
  std::uint64_t packetsClientToServer = 0, packetsServerToClient = 0;
  std::int64_t peakOpenConnections = 0;
  std::uint64_t schedulerEvents = 0;
};

class PatternExperiment {
 public:
  explicit PatternExperiment(const PatternExperimentConfig& config);
  ~PatternExperiment();
  PatternExperiment(const PatternExperiment&) = delete;
  PatternExperiment& operator=(const PatternExperiment&) = delete;

  // Runs to stopAt + drain (or to `until` if given, which may be called repeatedly).
  void run();
  void runUntil(sim::SimTime until);
  PatternResult result() const;

  sim::Simulation& simulation() { return *m_sim; }
  NotificationClient& client(std::size_t i) { return *m_clients[i]; }
  const EventLog& log() const { return m_log; }
  const NotificationMetrics& metrics() const { return m_metrics; }
  NotificationMetrics& metrics() { return m_metrics; }
  const NotificationServer& server() const { return *m_server; }

 private:
  PatternExperimentConfig m_config;
  std::unique_ptr<sim::Simulation> m_sim;
  EventLog m_log;
  NotificationMetrics m_metrics;
  NotificationRegistry m_registry;
  std::unique_ptr<EventSource> m_source;
  std::unique_ptr<transport::tcp::TcpStack> m_serverStack;
  std::unique_ptr<NotificationServer> m_server;
  std::vector<std::unique_ptr<transport::tcp::TcpStack>> m_clientStacks;
  std::vector<ClientContext> m_contexts;  // one per client host, shared by its clients (before them)
  std::vector<std::unique_ptr<NotificationClient>> m_clients;
  sim::Interface* m_toServer = nullptr;    // router -> server
  sim::Interface* m_fromServer = nullptr;  // server -> router
};

// Builds the client of `config.pattern`, which keeps `config` by reference (it must outlive the
// client). ShortPolling ticks until stopAt.
std::unique_ptr<NotificationClient> makeNotificationClient(const ClientContext& context, std::uint32_t index,
                                                           const NotificationClientConfig& config,
                                                           sim::SimTime stopAt);

}  // namespace wirelab::models::patterns
