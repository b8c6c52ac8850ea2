// File: models/proxy/reverse_proxy.h
// A reverse proxy (nginx, HAProxy, Envoy as an edge or a sidecar): it terminates the clients'
// HTTP/1.1 connections, spends an optional processing time on each request (routing, header
// rewriting, TLS already terminated), and forwards it upstream over its own client side:
//   - HTTP/1.1 with a pool of N connections to the origin (nginx `upstream { keepalive N; }`):
//     at most N requests in flight upstream, the rest wait FIFO for a free connection, so many
//     client connections are demultiplexed onto N upstream ones;
//   - HTTP/2 with one connection (Envoy's default for an h2 upstream): every client request
//     becomes a stream on it, multiplexed, and one lost segment stalls them all.
// The response travels back once it has arrived whole from upstream (store and forward at
// response granularity, not streamed byte by byte).
#pragma once

#include <cstdint>
#include <map>
#include <string>
#include <vector>

#include "models/http/http1_server.h"
#include "models/http/http_client.h"
#include "models/http/request_handler.h"
#include "sim/core/distributions.h"
#include "sim/core/random.h"
#include "sim/core/signal.h"

namespace wirelab::models::proxy {

struct ReverseProxyConfig {
  std::uint16_t port = 80;                              // where clients connect (HTTP/1.1)
  transport::Endpoint upstream;                         // the origin server
  http::HttpClientConfig upstreamClient;                // h1 (pool of http1.maxConnectionsPerOrigin) or h2
  sim::Distribution processingMs = sim::Constant(0.0);  // per request, before it is forwarded
  transport::tcp::TcpConfig downstreamTcp;
  // Throws std::invalid_argument naming the parameter ("proxy.upstream: no origin node").
  void validate() const;
};

struct ProxyRecord {
  std::uint64_t id = 0;
  std::string label;
  sim::SimTime arrivedAt;       // the client's request was read
  sim::SimTime forwardedAt;     // handed to the upstream client (after processing)
  sim::SimTime upstreamSentAt;  // written on an upstream connection (later if it waited for one)
  sim::SimTime doneAt;          // the upstream response had arrived; the answer goes back
  int status = 200;
  std::string upstreamWaitCause;  // "queued: 4 connections busy"
};

class ReverseProxy final : public http::RequestHandler {
 public:
  // `board` and `wires` are shared with the clients and the origin (the proxy is a server to the
  // former and a client to the latter).
  ReverseProxy(transport::tcp::TcpStack& stack, http::MessageBoard& board, http::Http2WireRegistry& wires,
               const ReverseProxyConfig& config);

  void handle(const http::ServerRequest& request, http::Responder respond) override;

  std::uint64_t requestsForwarded() const { return m_forwarded; }
  std::uint64_t responsesReturned() const { return m_returned; }
  const std::vector<ProxyRecord>& records() const { return m_records; }
  std::size_t downstreamConnections() const { return m_front.openConnections(); }
  int upstreamConnections() const { return m_upstream.openConnections(); }
  std::uint64_t upstreamConnectionsOpened() const { return m_upstream.connectionsOpened(); }

  // Connections held on each side, each time the count changes.
  sim::Signal<sim::SimTime, std::size_t> downstreamConnectionsChanged;
  sim::Signal<sim::SimTime, int> upstreamConnectionsChanged;
  sim::Signal<const ProxyRecord&> requestDone;

 private:
  struct Waiting {
    http::ServerRequest request;
    http::Responder respond;
  };
  void forward(std::uint64_t key);

  transport::tcp::TcpStack* m_stack;
  ReverseProxyConfig m_config;
  http::Http1Server m_front;
  http::HttpClient m_upstream;
  sim::RandomStream m_processing;
  std::map<std::uint64_t, Waiting> m_waiting;  // in processing, by arrival order
  std::uint64_t m_nextKey = 0;
  std::uint64_t m_forwarded = 0;
  std::uint64_t m_returned = 0;
  int m_upstreamSeen = 0;  // for HTTP/2, whose client reports no connection events
  std::vector<ProxyRecord> m_records;
};

}  // namespace wirelab::models::proxy
