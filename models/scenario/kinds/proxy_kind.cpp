// The "proxy" workload kind: N client applications -> a reverse proxy -> an origin server. Each
// client is an RPC caller (the rpc kind's modes) with its own HTTP/1.1 connection(s) to the proxy;
// the proxy forwards upstream over a pool of HTTP/1.1 connections (requests beyond it wait for a
// free one) or one HTTP/2 connection (every request a stream on it). The origin answers through a
// concurrency model or a think time. See docs/servers.md (reverse proxy) and reverse_proxy.h.
//
//   - kind: proxy
//     name: edge
//     client: clients                 node of the client applications
//     proxy: proxy                    node of the proxy
//     server: origin                  node of the origin
//     clients: 20                     client applications
//     client_connections: 1           HTTP/1.1 connections of each client to the proxy
//     mode: sync | window | poisson | periodic   per client, as in the rpc kind (default sync)
//     calls: 25                       per client
//     window: 4, rate: 10, think_time: 0          per client, as in the rpc kind
//     request: 400B, response: 2KB
//     warmup: 0                       per client: completions left out of latency and throughput
//     start: 0s
//     processing: 0                   at the proxy, per request (ms, or a {dist: ...} block)
//     upstream: {protocol: http1, http1: {connections: 4}}   or {protocol: http2, http2: {...}}
//     http_server: {concurrency: none, service: 0}           the origin (see the rpc kind)
//     tcp: linux
//
// Metrics ("<name>."): latency, ttfb (s, per call after warmup), upstream_wait (s, proxy:
// forwarded to written on an upstream connection), throughput (calls/s: completions after warmup
// over the span between the first and the last of them), calls_completed, failed (non-200),
// upstream_connections_opened, max_upstream_connections, max_downstream_connections,
// finish_time (s); the origin's queue_wait, server_response with a concurrency model. Series:
// downstream_connections, upstream_connections (time, open connections at the proxy),
// latency_over_time.
#include <algorithm>
#include <memory>

#include "models/proxy/reverse_proxy.h"
#include "models/scenario/kinds/http_settings.h"
#include "models/scenario/kinds/kinds.h"
#include "models/scenario/kinds/tcp_settings.h"
#include "models/workload/rpc_client.h"

namespace wirelab::models::scenario {

namespace {

struct ProxySpec final : WorkloadSpec {
  std::string client, proxy, server;
  int clients = 1;
  int clientConnections = 1;
  workload::RpcClientConfig rpc;
  std::size_t warmup = 0;
  sim::Duration startAt;
  sim::Distribution processingMs = sim::Constant(0.0);
  http::HttpClientConfig upstream;
  ServerSettings origin;
  transport::tcp::TcpConfig tcp;

  std::unique_ptr<RunningWorkload> launch(RunContext& ctx) const override;
};

class RunningProxy final : public RunningWorkload {
 public:
  RunningProxy(const ProxySpec& spec, RunContext& ctx) : m_spec(spec), m_ctx(&ctx) {
    const sim::NodeId client = ctx.node(spec.client), proxyNode = ctx.node(spec.proxy),
                      server = ctx.node(spec.server);
    m_origin = std::make_unique<ServedOrigin>(ctx, server, ctx.allocatePort(), spec.upstream, spec.origin,
                                              spec.name);
    proxy::ReverseProxyConfig pc;
    pc.port = ctx.allocatePort();
    pc.upstream = m_origin->endpoint();
    pc.upstreamClient = spec.upstream;
    pc.processingMs = spec.processingMs;
    pc.downstreamTcp = spec.tcp;
    m_proxy =
        std::make_unique<proxy::ReverseProxy>(ctx.tcp(proxyNode), ctx.httpBoard(), ctx.http2Wires(), pc);
    m_proxy->downstreamConnectionsChanged.connect([this](sim::SimTime t, std::size_t n) {
      m_maxDown = std::max(m_maxDown, static_cast<double>(n));
      if (m_down.size() < 20'000) m_down.emplace_back(t.seconds(), static_cast<double>(n));
    });
    m_proxy->upstreamConnectionsChanged.connect([this](sim::SimTime t, int n) {
      m_maxUp = std::max(m_maxUp, static_cast<double>(n));
      if (m_up.size() < 20'000) m_up.emplace_back(t.seconds(), static_cast<double>(n));
    });
    const transport::Endpoint front{proxyNode, pc.port};
    http::Http1ClientConfig cc;
    cc.maxConnectionsPerOrigin = spec.clientConnections;
    cc.tcp = spec.tcp;
    for (int i = 0; i < spec.clients; ++i)
      m_h1.push_back(std::make_unique<http::Http1Client>(ctx.tcp(client), ctx.httpBoard(), cc));
    ctx.scheduler().scheduleAt(sim::SimTime::zero() + spec.startAt, [this, &ctx, front] {
      for (std::size_t i = 0; i < m_h1.size(); ++i) {
        m_rpc.push_back(std::make_unique<workload::RpcClient>(
            workload::PageLoad::through(*m_h1[i]), ctx.scheduler(),
            ctx.sim().random.stream("proxy/" + m_spec.name + "/client-" + std::to_string(i)), front,
            m_spec.rpc));
        m_rpc.back()->callCompleted.connect([this](const workload::RpcCall&) {
          if (++m_completed == m_rpc.size() * m_spec.rpc.calls) m_ctx->workloadFinished();
        });
      }
    });
  }

  void collect(RunResults& out) const override {
    const std::string p = m_spec.name + ".";
    std::vector<double> done;
    std::vector<std::pair<double, double>> latency;
    for (const auto& r : m_rpc) {
      const auto& calls = r->completed();
      for (std::size_t i = m_spec.warmup; i < calls.size(); ++i) {
        out.addSample(p + "latency", "s", calls[i].latency().seconds());
        out.addSample(p + "ttfb", "s", calls[i].timeToFirstByte().seconds());
        done.push_back(calls[i].doneAt.seconds());
        latency.emplace_back(calls[i].doneAt.seconds(), calls[i].latency().seconds());
      }
    }
    std::sort(done.begin(), done.end());
    std::sort(latency.begin(), latency.end());
    if (latency.size() > 20'000) latency.resize(20'000);
    if (done.size() >= 2 && done.back() > done.front())
      out.setValue(p + "throughput", "1/s",
                   static_cast<double>(done.size() - 1) / (done.back() - done.front()));
    if (!done.empty()) out.setValue(p + "finish_time", "s", done.back());
    int failed = 0;
    for (const auto& h : m_h1) {
      for (const http::HttpWaterfall& w : h->completed()) failed += w.status != 200 ? 1 : 0;
    }
    for (const proxy::ProxyRecord& r : m_proxy->records())
      out.addSample(p + "upstream_wait", "s", (r.upstreamSentAt - r.forwardedAt).seconds());
    out.setValue(p + "calls_completed", "1", static_cast<double>(m_completed));
    out.setValue(p + "failed", "1", failed);
    out.setValue(p + "upstream_connections_opened", "1",
                 static_cast<double>(m_proxy->upstreamConnectionsOpened()));
    out.setValue(p + "max_upstream_connections", "1", m_maxUp);
    out.setValue(p + "max_downstream_connections", "1", m_maxDown);
    out.addSeries(
        Series{p + "downstream_connections", "time (s)", "client connections at the proxy", m_down});
    out.addSeries(Series{p + "upstream_connections", "time (s)", "proxy connections to the origin", m_up});
    out.addSeries(Series{p + "latency_over_time", "completion time (s)", "latency (s)", latency});
    m_origin->collect(out, p);
  }

 private:
  const ProxySpec& m_spec;
  RunContext* m_ctx;
  std::unique_ptr<ServedOrigin> m_origin;
  std::unique_ptr<proxy::ReverseProxy> m_proxy;
  std::vector<std::unique_ptr<http::Http1Client>> m_h1;
  std::vector<std::unique_ptr<workload::RpcClient>> m_rpc;
  std::uint64_t m_completed = 0;
  double m_maxUp = 0, m_maxDown = 0;
  std::vector<std::pair<double, double>> m_down, m_up;
};

std::unique_ptr<RunningWorkload> ProxySpec::launch(RunContext& ctx) const {
  return std::make_unique<RunningProxy>(*this, ctx);
}

}  // namespace

WorkloadKind proxyKind() {
  WorkloadKind k;
  k.name = "proxy";
  k.summary = "clients -> reverse proxy -> origin, upstream HTTP/1.1 pool of N or one HTTP/2 connection";
  k.keys = {"client",     "proxy",    "server",      "clients", "client_connections", "mode",   "calls",
            "window",     "rate",     "think_time",  "request", "response",           "warmup", "start",
            "processing", "upstream", "http_server", "tcp"};
  k.read = [](const SpecNode& n, const TopologySpec& topology) -> std::unique_ptr<WorkloadSpec> {
    auto s = std::make_unique<ProxySpec>();
    s->client = n.text("client");
    s->proxy = n.text("proxy");
    s->server = n.text("server");
    checkNodeReference(topology, n, "client", s->client);
    checkNodeReference(topology, n, "proxy", s->proxy);
    checkNodeReference(topology, n, "server", s->server);
    if (!s->proxy.empty() && (s->proxy == s->client || s->proxy == s->server))
      n["proxy"].error("the proxy needs a node of its own, apart from the clients and the origin");
    s->clients = static_cast<int>(n.integer("clients", 1, 1, 100'000));
    s->clientConnections = static_cast<int>(n.integer("client_connections", 1, 1, 10'000));
    RpcCalls calls = readRpcCalls(n, {.calls = 10, .responseBytes = 2000, .warmup = 0});
    s->rpc = calls.client;
    s->warmup = calls.warmup;
    s->startAt = n.duration("start", sim::Duration::zero());
    s->processingMs = readDistribution(n, "processing", 0.0);
    s->tcp = readTcpSettings(n);
    SpecNode up = n["upstream"];
    if (up.defined()) up.checkKeys({"protocol", "http1", "http2"});
    s->upstream = readHttpClient(up, s->tcp);
    s->origin = readServerSettings(n, "http_server");
    return s;
  };
  return k;
}

}  // namespace wirelab::models::scenario
