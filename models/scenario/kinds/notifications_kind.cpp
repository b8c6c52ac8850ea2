// The "notifications" workload kind: a backend event source, an HTTP/1.1 event server on one node
// and N clients on another, all using one notification pattern (models/patterns, docs/patterns.md):
// short polling, long polling, server-sent events, or WebSocket-like push. The pattern is a key,
// so a sweep over `pattern` compares the four under the same event times and disconnects (the
// random streams are named after the source and the client index, not the pattern).
//
// Keys (besides kind and name):
//   client: node                  the clients' node (each client its own TCP connection)
//   server: node                  the event server's node
//   pattern: short-polling | long-polling | sse | push
//   clients: 1                    1 to 16384 (one node's ephemeral ports 49152-65535)
//   start: 0s                     client i starts at start + i * start_spacing ...
//   start_spacing: 0s
//   stop: (never)                 ... and closes its connection at stop
//   events:                       the backend event source
//     process: poisson            poisson | periodic | trace
//     rate: 0.5/s                 poisson: events per second ("2/s", "120/min", "0.5")
//     interval: 1s                periodic: one event every interval, the first at start + phase
//     phase: 0s
//     times: [1s, 2.5s]           trace: creation times after start, non-decreasing
//     payload: 80B                bytes per event, or {dist: exponential, mean: 300} in bytes
//     start: 0s                   no event before ...
//     stop: (never)               ... or at/after this time
//   short_polling: {interval: 2s, first_poll_delay: 0s}   P: client i polls at its start + k P
//   long_polling: {hold_timeout: 20s}   the server answers empty after holding a request this long
//   sse: {retry_delay: 3s, last_event_id: true}   reconnection time; resend from Last-Event-ID
//   push: {ping_interval: 0s, ack_each_event: false, reconnect_delay: 1s}
//   disconnect: {mean_interval: 0s}   Poisson connection losses per client (0: none)
//   server_processing: 0s         per request: a duration, or a distribution block in milliseconds
//   write_head_separately: false  the server writes a response's head and body separately
//   tcp: linux                    TCP settings of both ends (see tcp_settings.h)
//   sample_interval: 1s           period of the cumulative series below (0s: none)
// Every pattern's block may be given whatever the pattern, so one file can sweep `pattern`.
//
// Metrics ("<name>.<metric>"): notification_latency (distribution, s: created at the backend ->
// last byte at the client, one sample per client and event), events_created, events_delivered
// (first receipts over all clients), requests (HTTP requests the clients sent: polls, long polls,
// SSE GETs, upgrades), requests_per_event (requests / events_delivered), bytes_client_to_server and
// bytes_server_to_client (IP bytes of the workload's packets, TCP/IP headers included, counted as
// each end transmits them on its first hop, retransmissions included), bytes_per_event, duplicates,
// missed, empty_responses, long_poll_timeouts, disconnects, reconnects, connections_opened,
// open_connections (peak at the server); series <name>.open_connections, and sampled every
// sample_interval <name>.requests_sent and <name>.wire_bytes (cumulative); tagged events: every
// cause record ("poll returned empty", "long poll timed out", "SSE reconnect with Last-Event-ID 17").
#include <memory>
#include <stdexcept>

#include "models/patterns/backend_events.h"
#include "models/patterns/notification_client.h"
#include "models/patterns/notification_metrics.h"
#include "models/patterns/notification_server.h"
#include "models/patterns/pattern_experiment.h"
#include "models/scenario/kinds/kind_reading.h"
#include "models/scenario/kinds/kinds.h"
#include "models/scenario/kinds/tcp_settings.h"

namespace wirelab::models::scenario {

namespace {

namespace pt = patterns;

constexpr std::int64_t kMaxClientsPerNode = 65'536 - 49'152;  // RFC 6335 dynamic ports

struct NotificationsSpec final : WorkloadSpec {
  std::string clientNode, serverNode;
  std::uint32_t clients = 1;
  sim::Duration startAt, startSpacing;
  sim::Duration stopAt = sim::Duration::max();
  sim::Duration sampleInterval = sim::Seconds(1);
  pt::EventSourceConfig events;
  pt::NotificationServerConfig server;
  pt::NotificationClientConfig client;

  bool endless() const override { return true; }
  std::unique_ptr<RunningWorkload> launch(RunContext& ctx) const override;
};

class RunningNotifications final : public RunningWorkload {
 public:
  RunningNotifications(const NotificationsSpec& spec, RunContext& ctx)
      : m_spec(spec), m_sampler(ctx.scheduler()) {
    const sim::NodeId clientNode = ctx.node(spec.clientNode), serverNode = ctx.node(spec.serverNode);
    pt::NotificationServerConfig serverConfig = spec.server;
    serverConfig.port = ctx.allocatePort();
    m_source = std::make_unique<pt::EventSource>(ctx.scheduler(), ctx.sim().random, spec.events, m_log);
    m_server = std::make_unique<pt::NotificationServer>(ctx.tcp(serverNode), m_registry, m_log, m_metrics,
                                                        serverConfig);
    const sim::SimTime stopAt =
        spec.stopAt == sim::Duration::max() ? sim::SimTime::max() : sim::SimTime::zero() + spec.stopAt;
    m_clientContext.stack = &ctx.tcp(clientNode);
    m_clientContext.server = {serverNode, serverConfig.port};
    m_clientContext.registry = &m_registry;
    m_clientContext.log = &m_log;
    m_clientContext.metrics = &m_metrics;
    m_clients.reserve(spec.clients);
    for (std::uint32_t i = 0; i < spec.clients; ++i) {
      m_clients.push_back(pt::makeNotificationClient(m_clientContext, i, spec.client, stopAt));
      pt::NotificationClient* c = m_clients.back().get();
      ctx.scheduler().scheduleAt(
          sim::SimTime::zero() + spec.startAt + spec.startSpacing * static_cast<std::int64_t>(i),
          [c] { c->start(); });
    }
    if (spec.stopAt != sim::Duration::max()) {
      ctx.scheduler().scheduleAt(stopAt, [this] {
        for (auto& c : m_clients) c->stop();
      });
    }
    m_source->start();
    countWireBytes(ctx, clientNode, serverNode, serverConfig.port);
    if (spec.sampleInterval > sim::Duration::zero()) sample(sim::SimTime::zero());
  }

  ~RunningNotifications() override {
    // Closing connections below may still transmit: stop counting first.
    for (const auto& [signal, index] : m_subscriptions) signal->disconnect(index);
    m_clients.clear();
    m_server.reset();
  }

  void collect(RunResults& out) const override {
    const std::string p = m_spec.name + ".";
    const pt::NotificationCounters& c = m_metrics.counters;
    for (const pt::Delivery& d : m_metrics.deliveries())
      out.addSample(p + "notification_latency", "s", d.latencySeconds());
    const double delivered = static_cast<double>(c.eventsDelivered);
    out.setValue(p + "events_created", "1", static_cast<double>(m_log.size()));
    out.setValue(p + "events_delivered", "1", delivered);
    out.setValue(p + "requests", "1", static_cast<double>(c.requestsSent));
    if (delivered > 0) {
      out.setValue(p + "requests_per_event", "1", static_cast<double>(c.requestsSent) / delivered);
      out.setValue(p + "bytes_per_event", "B",
                   static_cast<double>(m_bytesClientToServer + m_bytesServerToClient) / delivered);
    }
    out.setValue(p + "bytes_client_to_server", "B", static_cast<double>(m_bytesClientToServer));
    out.setValue(p + "bytes_server_to_client", "B", static_cast<double>(m_bytesServerToClient));
    out.setValue(p + "duplicates", "1", static_cast<double>(c.duplicates));
    out.setValue(p + "missed", "1", static_cast<double>(c.missed));
    out.setValue(p + "empty_responses", "1", static_cast<double>(c.emptyResponses));
    out.setValue(p + "long_poll_timeouts", "1", static_cast<double>(c.longPollTimeouts));
    out.setValue(p + "disconnects", "1", static_cast<double>(c.disconnects));
    out.setValue(p + "reconnects", "1", static_cast<double>(c.reconnects));
    out.setValue(p + "connections_opened", "1", static_cast<double>(c.connectionsOpened));
    out.setValue(p + "open_connections", "1", static_cast<double>(m_metrics.openConnectionsPeak()));
    Series open{p + "open_connections", "time (s)", "open connections at the server", {}};
    for (const auto& [at, n] : m_metrics.openConnections())
      open.points.emplace_back(at.seconds(), static_cast<double>(n));
    out.addSeries(std::move(open));
    out.addSeries(Series{p + "requests_sent", "time (s)", "requests sent (cumulative)", m_requestsSeries});
    out.addSeries(
        Series{p + "wire_bytes", "time (s)", "IP bytes, both directions (cumulative)", m_bytesSeries});
    for (const pt::CauseRecord& r : m_metrics.records()) {
      out.addEvent(r.time.seconds(), m_spec.name + "/client" + std::to_string(r.client), r.cause);
    }
  }

 private:
  void sample(sim::SimTime at) {
    const double t = (at - sim::SimTime::zero()).seconds();
    m_requestsSeries.emplace_back(t, static_cast<double>(m_metrics.counters.requestsSent));
    m_bytesSeries.emplace_back(t, static_cast<double>(m_bytesClientToServer + m_bytesServerToClient));
    const sim::SimTime next = at + m_spec.sampleInterval;
    m_sampler.armAt(next, [this, next] { sample(next); });
  }

  // IP bytes of this workload's packets as each end transmits them on its own interfaces.
  void countWireBytes(RunContext& ctx, sim::NodeId clientNode, sim::NodeId serverNode, std::uint16_t port) {
    const sim::Node& cn = ctx.network().node(clientNode);
    for (std::size_t i = 0; i < cn.interfaceCount(); ++i) {
      auto& signal = cn.interface(i).transmitted;
      m_subscriptions.emplace_back(
          &signal, signal.connect([this, clientNode, serverNode, port](const sim::Packet& pk, sim::SimTime) {
            if (pk.source == clientNode && pk.destination == serverNode && pk.destinationPort == port)
              m_bytesClientToServer += pk.sizeBytes;
          }));
    }
    const sim::Node& sn = ctx.network().node(serverNode);
    for (std::size_t i = 0; i < sn.interfaceCount(); ++i) {
      auto& signal = sn.interface(i).transmitted;
      m_subscriptions.emplace_back(
          &signal, signal.connect([this, clientNode, serverNode, port](const sim::Packet& pk, sim::SimTime) {
            if (pk.source == serverNode && pk.destination == clientNode && pk.sourcePort == port)
              m_bytesServerToClient += pk.sizeBytes;
          }));
    }
  }

  const NotificationsSpec& m_spec;
  pt::EventLog m_log;
  pt::NotificationMetrics m_metrics{true};
  pt::NotificationRegistry m_registry;
  std::unique_ptr<pt::EventSource> m_source;
  std::unique_ptr<pt::NotificationServer> m_server;
  pt::ClientContext m_clientContext;  // shared by the clients (kept by reference), so before them
  std::vector<std::unique_ptr<pt::NotificationClient>> m_clients;
  std::vector<std::pair<sim::Signal<const sim::Packet&, sim::SimTime>*, std::size_t>> m_subscriptions;
  std::uint64_t m_bytesClientToServer = 0, m_bytesServerToClient = 0;
  sim::Timer m_sampler;
  std::vector<std::pair<double, double>> m_requestsSeries, m_bytesSeries;
};

std::unique_ptr<RunningWorkload> NotificationsSpec::launch(RunContext& ctx) const {
  return std::make_unique<RunningNotifications>(*this, ctx);
}

// A duration that must be above zero, at `section.key`.
sim::Duration positiveDuration(const SpecNode& section, const std::string& key, sim::Duration fallback) {
  const sim::Duration d = section.duration(key, fallback);
  if (section.has(key) && d <= sim::Duration::zero()) {
    section[key].error("must be positive, got " + section[key].asText());
    return fallback;
  }
  return d;
}

void readEvents(const SpecNode& n, pt::EventSourceConfig& e) {
  const SpecNode s = n["events"];
  s.checkKeys({"process", "rate", "interval", "phase", "times", "payload", "start", "stop"});
  const std::string process = s.choice("process", {"poisson", "periodic", "trace"}, "poisson");
  e.kind = process == "periodic" ? pt::EventSourceConfig::Kind::Periodic
           : process == "trace"  ? pt::EventSourceConfig::Kind::Trace
                                 : pt::EventSourceConfig::Kind::Poisson;
  auto only = [&](const std::string& key, const std::string& forProcess) {
    if (s.has(key) && process != forProcess)
      s[key].error("only a " + forProcess + " source has `" + key + "` (this one is " + process + ")");
  };
  only("rate", "poisson");
  only("interval", "periodic");
  only("phase", "periodic");
  only("times", "trace");
  e.ratePerSecond = readPerSecond(s, "rate", 0.5);
  e.interval = positiveDuration(s, "interval", sim::Seconds(1));
  e.phase = s.duration("phase", sim::Duration::zero());
  if (process == "trace") {
    if (!s.has("times")) s.error("a trace source needs `times`, a list of creation times");
    e.traceTimes = readDurationList(s, "times");
    for (std::size_t i = 1; i < e.traceTimes.size(); ++i) {
      if (e.traceTimes[i] < e.traceTimes[i - 1]) {
        s["times"].items()[i].error("trace times must not decrease");
        break;
      }
    }
  }
  e.payloadBytes = readBytesDistribution(s, "payload", 80.0);
  e.start = s.duration("start", sim::Duration::zero());
  e.stop = s.duration("stop", sim::Duration::max());
  if (s.has("stop") && e.stop <= e.start) s["stop"].error("must be after events.start");
}

}  // namespace

WorkloadKind notificationsKind() {
  WorkloadKind k;
  k.name = "notifications";
  k.summary =
      "backend events to N clients by short polling, long polling, SSE or push: latency, requests, bytes";
  k.keys = {"client",        "server",         "pattern",    "clients",           "start",
            "start_spacing", "stop",           "events",     "short_polling",     "long_polling",
            "sse",           "push",           "disconnect", "server_processing", "write_head_separately",
            "tcp",           "sample_interval"};
  k.read = [](const SpecNode& n, const TopologySpec& topology) -> std::unique_ptr<WorkloadSpec> {
    auto s = std::make_unique<NotificationsSpec>();
    s->clientNode = n.text("client");
    s->serverNode = n.text("server");
    checkNodeReference(topology, n, "client", s->clientNode);
    checkNodeReference(topology, n, "server", s->serverNode);
    if (!s->clientNode.empty() && s->clientNode == s->serverNode)
      n["server"].error("the clients and the server need two different nodes");
    const std::string pattern = n.choice("pattern", {"short-polling", "long-polling", "sse", "push"});
    s->client.pattern = pattern == "long-polling" ? pt::Pattern::LongPolling
                        : pattern == "sse"        ? pt::Pattern::ServerSentEvents
                        : pattern == "push"       ? pt::Pattern::Push
                                                  : pt::Pattern::ShortPolling;
    s->clients = static_cast<std::uint32_t>(n.integer("clients", 1, 1, kMaxClientsPerNode));
    s->startAt = n.duration("start", sim::Duration::zero());
    s->startSpacing = n.duration("start_spacing", sim::Duration::zero());
    s->stopAt = n.duration("stop", sim::Duration::max());
    if (n.has("stop") && s->stopAt <= s->startAt) n["stop"].error("must be after start");
    readEvents(n, s->events);

    const SpecNode sp = n["short_polling"];
    sp.checkKeys({"interval", "first_poll_delay"});
    s->client.shortPolling.interval = positiveDuration(sp, "interval", sim::Seconds(2));
    s->client.shortPolling.firstPollDelay = sp.duration("first_poll_delay", sim::Duration::zero());
    const SpecNode lp = n["long_polling"];
    lp.checkKeys({"hold_timeout"});
    s->server.longPolling.holdTimeout = positiveDuration(lp, "hold_timeout", sim::Seconds(20));
    const SpecNode sse = n["sse"];
    sse.checkKeys({"retry_delay", "last_event_id"});
    s->client.sse.retryDelay = sse.duration("retry_delay", sim::Seconds(3));
    s->client.sse.sendLastEventId = sse.flag("last_event_id", true);
    const SpecNode push = n["push"];
    push.checkKeys({"ping_interval", "ack_each_event", "reconnect_delay"});
    s->client.push.pingInterval = push.duration("ping_interval", sim::Duration::zero());
    s->client.push.ackEachEvent = push.flag("ack_each_event", false);
    s->client.push.reconnectDelay = push.duration("reconnect_delay", sim::Seconds(1));
    const SpecNode disconnect = n["disconnect"];
    disconnect.checkKeys({"mean_interval"});
    s->client.disconnect.meanInterval = disconnect.duration("mean_interval", sim::Duration::zero());

    const SpecNode processing = n["server_processing"];
    if (processing.defined() && processing.isScalar()) {
      s->server.processingMs =
          sim::Constant(n.duration("server_processing", sim::Duration::zero()).seconds() * 1e3);
    } else {
      s->server.processingMs = readDistribution(n, "server_processing", 0.0);
      if (processing.defined() && s->server.processingMs.quantile(0.0) < 0.0)
        processing.error("a processing time must not take negative values");
    }
    s->server.writeHeadSeparately = n.flag("write_head_separately", false);
    s->server.tcp = readTcpSettings(n);
    s->client.tcp = s->server.tcp;
    s->sampleInterval = n.duration("sample_interval", sim::Seconds(1));
    // What the typed reads above let through (their fallbacks are valid), the models' own checks
    // catch, recorded at the key they name when the file has it.
    try {
      s->events.validate();
      s->server.validate();
      s->client.validate();
    } catch (const std::invalid_argument& e) {
      reportModelError(n, e);
    }
    return s;
  };
  return k;
}

}  // namespace wirelab::models::scenario
