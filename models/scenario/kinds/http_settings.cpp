#include "models/scenario/kinds/http_settings.h"

#include <stdexcept>

#include "models/scenario/kinds/tcp_settings.h"

namespace wirelab::models::scenario {

http::HttpClientConfig readHttpClient(const SpecNode& n, const transport::tcp::TcpConfig& tcp,
                                      const std::string& protocolKey) {
  http::HttpClientConfig c;
  const std::string protocol = n.choice(protocolKey, {"http1", "http2"}, "http1");
  c.version = protocol == "http2" ? http::HttpVersion::Http2 : http::HttpVersion::Http1;
  c.http1.tcp = tcp;
  c.http2.tcp = tcp;
  SpecNode h1 = n["http1"];
  if (h1.defined()) {
    h1.checkKeys({"connections", "pipelining", "pipeline_depth", "connection_close", "binding", "tls"});
    c.http1.maxConnectionsPerOrigin = static_cast<int>(h1.integer("connections", 6, 1, 10'000));
    c.http1.pipelining = h1.flag("pipelining", false);
    c.http1.maxPipelineDepth = static_cast<int>(h1.integer("pipeline_depth", 4, 1, 1'000));
    c.http1.connectionClose = h1.flag("connection_close", false);
    c.http1.bindRequestToItsNewConnection = h1.choice("binding", {"late", "early"}, "late") == "early";
    c.http1.tls = readTlsSetting(h1, "tls");
    if (c.http1.pipelining && c.http1.connectionClose)
      h1["connection_close"].error(
          "pipelining needs persistent connections; Connection: close allows one request");
    // RFC 9113 section 8.1: HTTP/2 multiplexes streams and has no pipelining; asking for both is
    // a mistake worth naming rather than an option silently ignored.
    if (c.http1.pipelining && c.version == http::HttpVersion::Http2) {
      h1["pipelining"].error("pipelining is an HTTP/1.1 mechanism; with " + protocolKey +
                             ": http2 requests are multiplexed on streams instead");
      return c;  // reported at its key; the model's own check would repeat it
    }
  }
  // Chrome's windows (6 MB per stream, 15 MB per connection) unless the file says otherwise.
  c.http2.settings.initialStreamWindow = 6 * 1024 * 1024;
  c.http2.settings.initialConnectionWindow = 15 * 1024 * 1024;
  SpecNode h2 = n["http2"];
  if (h2.defined()) {
    h2.checkKeys({"stream_window", "connection_window", "max_streams"});
    c.http2.settings.initialStreamWindow = static_cast<std::uint32_t>(
        h2.bytes("stream_window", sim::ByteCount(c.http2.settings.initialStreamWindow)).bytes());
    c.http2.settings.initialConnectionWindow = static_cast<std::uint32_t>(
        h2.bytes("connection_window", sim::ByteCount(c.http2.settings.initialConnectionWindow)).bytes());
    c.http2.settings.maxConcurrentStreams =
        static_cast<std::uint32_t>(h2.integer("max_streams", 100, 1, 1'000'000));
  }
  try {
    c.validate();
  } catch (const std::invalid_argument& e) {
    n[c.version == http::HttpVersion::Http1 ? "http1" : "http2"].error(e.what());
  }
  return c;
}

ServerSettings readServerSettings(const SpecNode& workload, const std::string& key) {
  ServerSettings s;
  SpecNode n = workload[key];
  if (!n.defined()) return s;
  n.checkKeys({"concurrency", "service", "cpu", "io", "workers", "max_queued", "cores", "max_threads",
               "context_switch", "thread_start"});
  const std::string kind =
      n.choice("concurrency", {"none", "worker-pool", "thread-per-request", "event-loop"}, "none");
  // Keys of the other concurrency models are read (so bad values are still reported) but ignored,
  // so that a sweep over `concurrency` may keep them all in one block.
  if (kind == "none") {
    s.thinkMs = readDistribution(n, "service", 0.0);
  } else {
    readDistribution(n, "service", 0.0);
  }
  server::ConcurrencyConfig c;
  c.kind = kind == "none" ? server::ConcurrencyKind::WorkerPool : *server::parseConcurrencyKind(kind);
  c.service.profile.cpuMs = readDistribution(n, "cpu", 0.0);
  c.service.profile.ioMs = readDistribution(n, "io", 0.0);
  std::optional<std::size_t> maxQueued;
  if (n.has("max_queued")) maxQueued = static_cast<std::size_t>(n.integer("max_queued", 0, 0, 100'000'000));
  c.workerPool.workers = static_cast<int>(n.integer("workers", 8, 1, 1'000'000));
  c.workerPool.maxQueued = maxQueued;
  c.threadPerRequest.cores = static_cast<int>(n.integer("cores", 4, 1, 100'000));
  if (n.has("max_threads")) c.threadPerRequest.maxThreads = static_cast<int>(n.integer("max_threads", 1, 1));
  if (c.threadPerRequest.maxThreads) c.threadPerRequest.maxQueued = maxQueued;
  c.threadPerRequest.contextSwitchCost = n.duration("context_switch", c.threadPerRequest.contextSwitchCost);
  c.threadPerRequest.threadStartCpu = n.duration("thread_start", c.threadPerRequest.threadStartCpu);
  c.eventLoop.maxQueued = maxQueued;
  if (kind == "none") return s;
  try {
    c.validate();
  } catch (const std::invalid_argument& e) {
    n.error(e.what());
  }
  s.model = c;
  return s;
}

ServedOrigin::ServedOrigin(RunContext& ctx, sim::NodeId node, std::uint16_t port,
                           const http::HttpClientConfig& client, const ServerSettings& settings,
                           const std::string& name)
    : m_endpoint{node, port} {
  if (settings.model) {
    server::ConcurrencyConfig c = *settings.model;
    c.service.keepRecords = true;
    m_model = server::makeConcurrencyModel(ctx.scheduler(), ctx.sim().random, name, c);
    m_model->queueLengthChanged.connect([this](sim::SimTime t, std::size_t n) {
      if (m_queue.size() < 20'000) m_queue.emplace_back(t.seconds(), static_cast<double>(n));
    });
    m_model->busyChanged.connect([this](sim::SimTime t, std::size_t n) {
      if (m_busy.size() < 20'000) m_busy.emplace_back(t.seconds(), static_cast<double>(n));
    });
  }
  if (client.version == http::HttpVersion::Http1) {
    http::Http1ServerConfig sc;
    sc.port = port;
    sc.tcp = client.http1.tcp;
    sc.tls = client.http1.tls;
    sc.thinkTimeMs = settings.thinkMs;
    m_h1 = std::make_unique<http::Http1Server>(ctx.tcp(node), ctx.httpBoard(), sc);
    if (m_model) m_h1->setHandler(*m_model);
  } else {
    http::Http2ServerConfig sc;
    sc.port = port;
    sc.tcp = client.http2.tcp;
    sc.settings = client.http2.settings;
    sc.thinkTimeMs = settings.thinkMs;
    m_h2 = std::make_unique<http::Http2Server>(ctx.tcp(node), ctx.httpBoard(), ctx.http2Wires(), sc);
    if (m_model) m_h2->setHandler(*m_model);
  }
}

ServedOrigin::~ServedOrigin() = default;

void ServedOrigin::collect(RunResults& out, const std::string& p) const {
  if (!m_model) return;
  for (const server::ServerRequestRecord& r : m_model->records()) {
    if (r.status != 200) continue;
    out.addSample(p + "queue_wait", "s", r.wait().seconds());
    out.addSample(p + "server_response", "s", r.response().seconds());
  }
  out.setValue(p + "server_rejected", "1", static_cast<double>(m_model->stats().rejected));
  out.setValue(p + "server_handled", "1", static_cast<double>(m_model->stats().handled));
  out.addSeries(Series{p + "server_queue", "time (s)", "requests waiting", m_queue});
  out.addSeries(Series{p + "server_busy", "time (s)", "busy workers / threads", m_busy});
}

RpcCalls readRpcCalls(const SpecNode& n, const RpcCallDefaults& defaults) {
  RpcCalls out;
  workload::RpcClientConfig& r = out.client;
  const std::string mode = n.choice("mode", {"sync", "window", "poisson", "periodic"}, "sync");
  r.mode = mode == "window"     ? workload::RpcMode::Window
           : mode == "poisson"  ? workload::RpcMode::Poisson
           : mode == "periodic" ? workload::RpcMode::Periodic
                                : workload::RpcMode::Sync;
  r.calls = static_cast<std::uint64_t>(
      n.integer("calls", static_cast<std::int64_t>(defaults.calls), 1, 10'000'000));
  r.window = static_cast<int>(n.integer("window", 1, 1, 1'000'000));
  r.callsPerSecond = n.number("rate", 10.0, 1e-6, 1e9);
  r.thinkTimeMs = readDistribution(n, "think_time", 0.0);
  r.requestBytes = static_cast<std::uint32_t>(n.bytes("request", sim::ByteCount(400)).bytes());
  r.responseBytes = static_cast<std::uint64_t>(
      n.bytes("response", sim::ByteCount(static_cast<std::int64_t>(defaults.responseBytes))).bytes());
  out.warmup =
      static_cast<std::size_t>(n.integer("warmup", static_cast<std::int64_t>(defaults.warmup), 0, 1'000'000));
  if (out.warmup >= r.calls) n["warmup"].error("must be fewer than calls (" + std::to_string(r.calls) + ")");
  try {
    r.validate();
  } catch (const std::invalid_argument& e) {
    n.error(e.what());
  }
  return out;
}

}  // namespace wirelab::models::scenario
