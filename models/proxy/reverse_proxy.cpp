#include "models/proxy/reverse_proxy.h"

#include <algorithm>
#include <cmath>
#include <stdexcept>
#include <utility>

namespace wirelab::models::proxy {

void ReverseProxyConfig::validate() const {
  if (port == 0) throw std::invalid_argument("proxy.port: must be positive, got 0");
  if (upstream.node == sim::kNoNode) throw std::invalid_argument("proxy.upstream: no origin node given");
  if (upstream.port == 0) throw std::invalid_argument("proxy.upstream.port: must be positive, got 0");
  const double mean = processingMs.mean();
  if (!(mean >= 0.0) || !std::isfinite(mean)) {
    throw std::invalid_argument("proxy.processingMs: the mean must be finite and non-negative, got " +
                                processingMs.describe());
  }
  upstreamClient.validate();
  downstreamTcp.validate();
}

namespace {

http::Http1ServerConfig frontConfig(const ReverseProxyConfig& c) {
  c.validate();
  http::Http1ServerConfig f;
  f.port = c.port;
  f.tcp = c.downstreamTcp;
  return f;
}

}  // namespace

ReverseProxy::ReverseProxy(transport::tcp::TcpStack& stack, http::MessageBoard& board,
                           http::Http2WireRegistry& wires, const ReverseProxyConfig& config)
    : m_stack(&stack),
      m_config(config),
      m_front(stack, board, frontConfig(config)),
      m_upstream(stack, board, wires, config.upstreamClient),
      m_processing(stack.network().random().stream("proxy/" + stack.network().node(stack.node()).name() +
                                                   ":" + std::to_string(config.port) + "/processing")) {
  m_front.setHandler(*this);
  m_front.connectionsChanged.connect(
      [this](sim::SimTime t, std::size_t n) { downstreamConnectionsChanged(t, n); });
  if (http::Http1Client* h1 = m_upstream.http1()) {
    h1->connectionsChanged.connect([this](sim::SimTime t, int n) { upstreamConnectionsChanged(t, n); });
  }
}

void ReverseProxy::handle(const http::ServerRequest& request, http::Responder respond) {
  const std::uint64_t key = m_nextKey++;
  m_waiting.emplace(key, Waiting{request, std::move(respond)});
  const double ms = std::max(0.0, m_config.processingMs.sample(m_processing));
  if (ms <= 0) {
    forward(key);
  } else {
    m_stack->network().scheduler().schedule(sim::Nanoseconds(std::llround(ms * 1e6)),
                                            [this, key] { forward(key); });
  }
}

void ReverseProxy::forward(std::uint64_t key) {
  auto it = m_waiting.find(key);
  Waiting w = std::move(it->second);
  m_waiting.erase(it);
  const sim::SimTime now = m_stack->network().scheduler().now();
  ProxyRecord record;
  record.id = w.request.id;
  record.label = w.request.message.label;
  record.arrivedAt = w.request.arrivedAt;
  record.forwardedAt = now;
  const http::MessageDescriptor& d = w.request.message;
  const http::HttpRequestSpec spec{m_config.upstream, static_cast<std::uint32_t>(d.requestBytes),
                                   d.responseBytes, d.label};
  ++m_forwarded;
  if (m_upstream.version() == http::HttpVersion::Http2 && m_upstreamSeen == 0) {
    m_upstreamSeen = 1;
    upstreamConnectionsChanged(now, 1);  // the one multiplexed connection, opened by this request
  }
  m_upstream.request(spec, [this, record, respond = std::move(w.respond),
                            asked = d.responseBytes](const http::HttpWaterfall& up) mutable {
    record.upstreamSentAt = up.sentAt;
    record.doneAt = up.doneAt;
    record.status = up.status;
    record.upstreamWaitCause = up.waitCause;
    ++m_returned;
    requestDone(record);
    m_records.push_back(record);
    // The origin's answer, as large as it declared it (HTTP/1.1), else as large as was asked.
    respond(http::ServerResponse{up.responseBytes > 0 ? up.responseBytes : asked, up.status});
  });
}

}  // namespace wirelab::models::proxy
