#include "models/patterns/pattern_experiment.h"

#include <algorithm>
#include <stdexcept>
#include <string>

#include "models/patterns/long_polling_client.h"
#include "models/patterns/push_client.h"
#include "models/patterns/short_polling_client.h"
#include "models/patterns/sse_client.h"
#include "sim/topology/routing.h"

namespace wirelab::models::patterns {

namespace {

[[noreturn]] void reject(const std::string& parameter, const std::string& why) {
  throw std::invalid_argument(parameter + ": " + why);
}

constexpr std::uint32_t kEphemeralPortsPerHost = 65'536 - 49'152;  // RFC 6335 dynamic range

}  // namespace

void PatternExperimentConfig::validate() const {
  if (clients == 0) reject("experiment.clients", "must be positive");
  if (clientHosts == 0) reject("experiment.client_hosts", "must be positive");
  if ((clients + clientHosts - 1) / clientHosts > kEphemeralPortsPerHost) {
    reject("experiment.client_hosts",
           "too few: a host has 16384 ephemeral ports, " + std::to_string(clients) +
               " clients need at least " +
               std::to_string((clients + kEphemeralPortsPerHost - 1) / kEphemeralPortsPerHost));
  }
  if (oneWayDelay < sim::Duration::zero()) reject("experiment.one_way_delay", "must not be negative");
  if (!(lossRate >= 0.0 && lossRate < 1.0))
    reject("experiment.loss", "must be in [0, 1), got " + std::to_string(lossRate));
  if (lossRate > 0 && !lostFromServer.empty())
    reject("experiment.loss", "give a loss rate or scripted losses (lostFromServer), not both");
  if (pathRate.bitsPerSecond() <= 0) reject("experiment.path_rate", "must be positive");
  if (accessRate.bitsPerSecond() <= 0) reject("experiment.access_rate", "must be positive");
  if (clientStart < sim::Duration::zero()) reject("experiment.client_start", "must not be negative");
  if (clientStartSpacing < sim::Duration::zero())
    reject("experiment.client_start_spacing", "must not be negative");
  if (stopAt <= clientStart) reject("experiment.stop_at", "must be after experiment.client_start");
  if (drain < sim::Duration::zero()) reject("experiment.drain", "must not be negative");
  events.validate();
  server.validate();
  client.validate();
}

namespace {
std::unique_ptr<NotificationClient> makeClientOfPattern(const ClientContext& context, std::uint32_t index,
                                                        const NotificationClientConfig& config,
                                                        sim::SimTime stopAt) {
  switch (config.pattern) {
    case Pattern::ShortPolling:
      return std::make_unique<ShortPollingClient>(context, index, config, stopAt);
    case Pattern::LongPolling:
      return std::make_unique<LongPollingClient>(context, index, config);
    case Pattern::ServerSentEvents:
      return std::make_unique<SseClient>(context, index, config);
    case Pattern::Push:
      return std::make_unique<PushClient>(context, index, config);
  }
  throw std::invalid_argument("client.pattern: unknown");
}
}  // namespace

std::unique_ptr<NotificationClient> makeNotificationClient(const ClientContext& context, std::uint32_t index,
                                                           const NotificationClientConfig& config,
                                                           sim::SimTime stopAt) {
  // The client and, when it starts, its connection's objects in one block (notification_client.h).
  static const std::size_t kClientBytes = std::max(
      {sizeof(ShortPollingClient), sizeof(LongPollingClient), sizeof(SseClient), sizeof(PushClient)});
  sim::AllocationCluster cluster(NotificationEndpoint::clientClusterBytes(kClientBytes, config.tcp));
  std::unique_ptr<NotificationClient> client;
  {
    sim::AllocationCluster::Scope scope(cluster);
    client = makeClientOfPattern(context, index, config, stopAt);
  }
  client->keepCluster(std::move(cluster));
  return client;
}

PatternExperiment::PatternExperiment(const PatternExperimentConfig& config)
    : m_config(config), m_metrics(config.keepDetail) {
  m_config.validate();
  m_sim = std::make_unique<sim::Simulation>(m_config.seed, m_config.run);
  sim::Network& net = m_sim->network;
  const sim::NodeId server = net.addNode("server");
  const sim::NodeId router = net.addNode("router");
  sim::LinkConfig path;
  path.rate = m_config.pathRate;
  path.delay = m_config.oneWayDelay;
  path.queue.maxPackets = 1'000'000;
  if (m_config.lossRate > 0) {
    path.loss.kind = sim::LossSpec::Kind::Bernoulli;
    path.loss.probability = m_config.lossRate;
  }
  sim::LinkConfig fromServer = path;
  if (!m_config.lostFromServer.empty()) {
    fromServer.loss.kind = sim::LossSpec::Kind::List;
    fromServer.loss.positions = m_config.lostFromServer;
  }
  const std::size_t pathLink = net.connect(router, server, path, fromServer);
  sim::LinkConfig access;
  access.rate = m_config.accessRate;
  access.delay = sim::Duration::zero();
  access.queue.maxPackets = 1'000'000;
  std::vector<sim::NodeId> hosts;
  for (std::uint32_t h = 0; h < m_config.clientHosts; ++h) {
    hosts.push_back(net.addNode("client" + std::to_string(h)));
    net.connect(hosts.back(), router, access);
  }
  sim::computeShortestPathRoutes(net);
  const sim::LinkRecord& rec = net.links()[pathLink];
  m_toServer = &net.node(rec.a).interface(rec.interfaceAtA);
  m_fromServer = &net.node(rec.b).interface(rec.interfaceAtB);

  m_source = std::make_unique<EventSource>(m_sim->scheduler, m_sim->random, m_config.events, m_log);
  m_serverStack = std::make_unique<transport::tcp::TcpStack>(net, server);
  m_server =
      std::make_unique<NotificationServer>(*m_serverStack, m_registry, m_log, m_metrics, m_config.server);
  for (const sim::NodeId h : hosts)
    m_clientStacks.push_back(std::make_unique<transport::tcp::TcpStack>(net, h));

  const sim::SimTime stopAt = sim::SimTime::zero() + m_config.stopAt;
  m_contexts.reserve(m_clientStacks.size());  // never reallocated: clients point into it
  for (const auto& stack : m_clientStacks) {
    ClientContext& ctx = m_contexts.emplace_back();
    ctx.stack = stack.get();
    ctx.server = {server, m_config.server.port};
    ctx.registry = &m_registry;
    ctx.log = &m_log;
    ctx.metrics = &m_metrics;
  }
  m_clients.reserve(m_config.clients);
  for (std::uint32_t i = 0; i < m_config.clients; ++i) {
    m_clients.push_back(
        makeNotificationClient(m_contexts[i % m_config.clientHosts], i, m_config.client, stopAt));
    const sim::Duration startAt =
        m_config.clientStart + m_config.clientStartSpacing * static_cast<std::int64_t>(i);
    NotificationClient* c = m_clients.back().get();
    m_sim->scheduler.scheduleAt(sim::SimTime::zero() + startAt, [c] { c->start(); });
  }
  m_sim->scheduler.scheduleAt(stopAt, [this] {
    for (auto& c : m_clients) c->stop();
  });
  m_source->start();
}

PatternExperiment::~PatternExperiment() {
  // Clients and the server hold endpoints whose TCP connections the stacks own: drop them first.
  m_clients.clear();
  m_server.reset();
}

void PatternExperiment::run() { runUntil(sim::SimTime::zero() + m_config.stopAt + m_config.drain); }

void PatternExperiment::runUntil(sim::SimTime until) { m_sim->scheduler.runUntil(until); }

PatternResult PatternExperiment::result() const {
  PatternResult r;
  r.counters = m_metrics.counters;
  if (m_metrics.keepsDetail()) r.latency = m_metrics.latency();
  r.meanLatencySeconds = m_metrics.meanLatencySeconds();
  r.eventsCreated = m_log.size();
  const auto& in = m_toServer->counters();
  const auto& out = m_fromServer->counters();
  r.wireBytesClientToServer = in.transmittedBytes;
  r.packetsClientToServer = in.transmittedPackets;
  r.wireBytesServerToClient = out.transmittedBytes;
  r.packetsServerToClient = out.transmittedPackets;
  r.peakOpenConnections = m_metrics.openConnectionsPeak();
  r.schedulerEvents = m_sim->scheduler.eventsDispatched();
  return r;
}

}  // namespace wirelab::models::patterns
