// File: models/scenario/kinds/http_settings.h
// Blocks that several HTTP workload kinds (rpc, proxy) share:
//
//   protocol: http1 | http2                       the client's HTTP version
//   http1: {connections: 6, pipelining: false, pipeline_depth: 4, connection_close: false, tls: "1.3"}
//   http2: {stream_window: 6MB, connection_window: 15MB, max_streams: 100}
//   http_server:                                  what answers a request once the server has read it
//     concurrency: none | worker-pool | thread-per-request | event-loop
//     service: {dist: exponential, mean: 10}      none: a think time per request in ms (no queue)
//     cpu: {dist: exponential, mean: 10}          the models: CPU demand per request (ms)
//     io: 0                                       the models: I/O wait per request (ms)
//     workers: 8                                  worker-pool
//     max_queued: 100                             worker-pool, thread-per-request, event-loop (503 beyond)
//     cores: 4, max_threads: 200                  thread-per-request
//     context_switch: 5us, thread_start: 10us     thread-per-request
//   (keys of the models not chosen are checked but ignored, so a sweep over `concurrency` may
//   keep one block; max_queued applies to thread-per-request only with max_threads)
//
// The block of the version not chosen is read (its keys checked) but ignored, so that a sweep over
// `protocol` may keep both. `tls` is "none" (default), "1.2" or "1.3": a TLS handshake on every HTTP/1.1
// connection, client and server side alike.
#pragma once

#include <memory>
#include <optional>
#include <string>

#include "models/http/http1_server.h"
#include "models/http/http2_server.h"
#include "models/http/http_client.h"
#include "models/scenario/run_context.h"
#include "models/scenario/run_results.h"
#include "models/scenario/spec_node.h"
#include "models/server/concurrency_factory.h"
#include "models/workload/rpc_client.h"

namespace wirelab::models::scenario {

// Reads `protocol`, `http1` and `http2` of a workload into a client configuration (TCP settings
// given), recording diagnostics for bad values and for what the model rejects.
http::HttpClientConfig readHttpClient(const SpecNode& workload, const transport::tcp::TcpConfig& tcp,
                                      const std::string& protocolKey = "protocol");

// The calls of an RPC client (rpc, proxy): `mode` (sync | window | poisson | periodic), `calls`,
// `window`, `rate`, `think_time`, `request`, `response`, and `warmup` (calls left out of the
// statistics, fewer than `calls`). The defaults differ per kind.
struct RpcCallDefaults {
  std::uint64_t calls = 100;
  std::uint64_t responseBytes = 1000;
  std::size_t warmup = 1;
};
struct RpcCalls {
  workload::RpcClientConfig client;
  std::size_t warmup = 1;
};
RpcCalls readRpcCalls(const SpecNode& workload, const RpcCallDefaults& defaults);

// The `server:` block. nullopt for `concurrency: none` (then `thinkMs` holds the service time).
struct ServerSettings {
  std::optional<server::ConcurrencyConfig> model;
  sim::Distribution thinkMs = sim::Constant(0.0);
};
ServerSettings readServerSettings(const SpecNode& workload, const std::string& key = "http_server");

// An HTTP/1.1 or HTTP/2 server on `port` whose requests go to the model of `settings` (or a think
// time), with metrics of its queue.
class ServedOrigin {
 public:
  ServedOrigin(RunContext& ctx, sim::NodeId node, std::uint16_t port, const http::HttpClientConfig& client,
               const ServerSettings& settings, const std::string& name);
  ~ServedOrigin();
  transport::Endpoint endpoint() const { return m_endpoint; }
  const server::ConcurrencyModel* model() const { return m_model.get(); }
  // "<prefix>queue_wait", "<prefix>server_response", "<prefix>rejected", queue length and busy series.
  void collect(RunResults& out, const std::string& prefix) const;

 private:
  transport::Endpoint m_endpoint;
  std::unique_ptr<server::ConcurrencyModel> m_model;
  std::unique_ptr<http::Http1Server> m_h1;
  std::unique_ptr<http::Http2Server> m_h2;
  std::vector<std::pair<double, double>> m_queue, m_busy;
};

}  // namespace wirelab::models::scenario
