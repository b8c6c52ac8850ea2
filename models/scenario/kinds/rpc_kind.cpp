// The "rpc" workload kind: request/response calls from a client node to a server node over
// HTTP/1.1 (a pool of connections, optionally pipelined, or Connection: close with a new
// connection per request, optionally TLS) or HTTP/2 (one connection), the server answering
// through a concurrency model (worker pool, thread per request, event loop) or a plain think time.
// See docs/workloads.md (RpcClient) and docs/servers.md (the request-handler seam).
//
//   - kind: rpc
//     name: api
//     client: client                  node names
//     server: server
//     protocol: http1 | http2         (default http1)
//     mode: sync | window | poisson | periodic   (default sync)
//     calls: 200                      issued in total
//     window: 8                       window: calls kept outstanding
//     rate: 50                        poisson / periodic: calls per second
//     think_time: {dist: exponential, mean: 20}   sync: client pause after each response (ms)
//     request: 400B                   request line + headers + body
//     response: 1KB                   status line + headers + body
//     warmup: 1                       completions left out of throughput and latency
//     start: 0s
//     http1: {connections: 6, pipelining: false, pipeline_depth: 4, connection_close: false, tls: none,
//             binding: late}          late: a new connection serves whichever request waits (browsers);
//                                     early: the request that opened it (curl)
//     http2: {stream_window: 6MB, connection_window: 15MB, max_streams: 100}
//     http_server: {concurrency: worker-pool, workers: 4, cpu: {dist: exponential, mean: 10}, io: 0}
//     tcp: linux
//
// Metrics ("<name>."): latency, ttfb and send_wait (issue to written on a connection) per call
// after warmup (s); throughput (calls/s between the completion of call `warmup` and the last);
// calls_completed, mean_in_flight, max_in_flight, connections_opened, failed (non-200 answers);
// with a concurrency model queue_wait and server_response per request (s), server_rejected,
// server_handled. Series: in_flight, latency_over_time (completion time, latency), connections
// (HTTP/1.1 open connections), server_queue, server_busy.
#include <memory>

#include "models/scenario/kinds/http_settings.h"
#include "models/scenario/kinds/kinds.h"
#include "models/scenario/kinds/tcp_settings.h"
#include "models/workload/rpc_client.h"

namespace wirelab::models::scenario {

namespace {

struct RpcSpec final : WorkloadSpec {
  std::string client, server;
  workload::RpcClientConfig rpc;
  std::size_t warmup = 1;
  sim::Duration startAt;
  http::HttpClientConfig http;
  ServerSettings serverSettings;

  std::unique_ptr<RunningWorkload> launch(RunContext& ctx) const override;
};

class RunningRpc final : public RunningWorkload {
 public:
  RunningRpc(const RpcSpec& spec, RunContext& ctx) : m_spec(spec), m_ctx(&ctx) {
    const sim::NodeId client = ctx.node(spec.client), server = ctx.node(spec.server);
    m_origin = std::make_unique<ServedOrigin>(ctx, server, ctx.allocatePort(), spec.http, spec.serverSettings,
                                              spec.name);
    m_client =
        std::make_unique<http::HttpClient>(ctx.tcp(client), ctx.httpBoard(), ctx.http2Wires(), spec.http);
    if (auto* h1 = m_client->http1()) {
      h1->connectionsChanged.connect([this](sim::SimTime t, int n) {
        if (m_connections.size() < 20'000) m_connections.emplace_back(t.seconds(), n);
      });
    }
    ctx.scheduler().scheduleAt(sim::SimTime::zero() + spec.startAt, [this, &ctx] {
      m_rpc = std::make_unique<workload::RpcClient>(workload::PageLoad::through(*m_client), ctx.scheduler(),
                                                    ctx.sim().random.stream("rpc/" + m_spec.name + "/client"),
                                                    m_origin->endpoint(), m_spec.rpc);
      m_rpc->inFlightChanged.connect([this](sim::SimTime t, std::uint64_t n) {
        if (m_inFlight.size() < 20'000) m_inFlight.emplace_back(t.seconds(), static_cast<double>(n));
      });
      m_rpc->callCompleted.connect([this](const workload::RpcCall&) {
        if (m_rpc->finished()) m_ctx->workloadFinished();
      });
    });
  }

  void collect(RunResults& out) const override {
    const std::string p = m_spec.name + ".";
    if (!m_rpc) return;
    const auto& calls = m_rpc->completed();
    std::vector<std::pair<double, double>> latency;
    for (std::size_t i = m_spec.warmup; i < calls.size(); ++i) {
      const workload::RpcCall& c = calls[i];
      out.addSample(p + "latency", "s", c.latency().seconds());
      out.addSample(p + "ttfb", "s", c.timeToFirstByte().seconds());
      out.addSample(p + "send_wait", "s", (c.sentAt - c.issuedAt).seconds());
      if (latency.size() < 20'000) latency.emplace_back(c.doneAt.seconds(), c.latency().seconds());
    }
    int failed = 0;
    if (auto* h1 = m_client->http1()) {
      for (const http::HttpWaterfall& w : h1->completed()) failed += w.status != 200 ? 1 : 0;
    }
    out.setValue(p + "throughput", "1/s", m_rpc->throughput(m_spec.warmup));
    out.setValue(p + "calls_completed", "1", static_cast<double>(calls.size()));
    out.setValue(p + "failed", "1", failed);
    out.setValue(p + "mean_in_flight", "1", m_rpc->meanInFlight());
    out.setValue(p + "max_in_flight", "1", static_cast<double>(m_rpc->maxInFlight()));
    out.setValue(p + "connections_opened", "1", static_cast<double>(m_client->connectionsOpened()));
    out.addSeries(Series{p + "in_flight", "time (s)", "calls outstanding", m_inFlight});
    out.addSeries(Series{p + "latency_over_time", "completion time (s)", "latency (s)", latency});
    if (m_client->http1())
      out.addSeries(Series{p + "connections", "time (s)", "open connections", m_connections});
    m_origin->collect(out, p);
  }

 private:
  const RpcSpec& m_spec;
  RunContext* m_ctx;
  std::unique_ptr<ServedOrigin> m_origin;
  std::unique_ptr<http::HttpClient> m_client;
  std::unique_ptr<workload::RpcClient> m_rpc;
  std::vector<std::pair<double, double>> m_inFlight, m_connections;
};

std::unique_ptr<RunningWorkload> RpcSpec::launch(RunContext& ctx) const {
  return std::make_unique<RunningRpc>(*this, ctx);
}

}  // namespace

WorkloadKind rpcKind() {
  WorkloadKind k;
  k.name = "rpc";
  k.summary =
      "request/response calls (sync, window, Poisson, periodic) over HTTP/1.1 or HTTP/2 to a "
      "server with a concurrency model";
  k.keys = {"client",  "server",   "protocol", "mode",  "calls", "window", "rate",        "think_time",
            "request", "response", "warmup",   "start", "http1", "http2",  "http_server", "tcp"};
  k.read = [](const SpecNode& n, const TopologySpec& topology) -> std::unique_ptr<WorkloadSpec> {
    auto s = std::make_unique<RpcSpec>();
    readClientAndServer(topology, n, s->client, s->server);
    RpcCalls calls = readRpcCalls(n, {.calls = 100, .responseBytes = 1000, .warmup = 1});
    s->rpc = calls.client;
    s->warmup = calls.warmup;
    s->startAt = n.duration("start", sim::Duration::zero());
    s->http = readHttpClient(n, readTcpSettings(n));
    s->serverSettings = readServerSettings(n, "http_server");
    return s;
  };
  return k;
}

}  // namespace wirelab::models::scenario
