#include "models/http/http1_client.h"

#include <algorithm>
#include <stdexcept>
#include <string>
#include <utility>

namespace wirelab::models::http {

using transport::tcp::TcpConnection;

void Http1ClientConfig::validate() const {
  const auto fail = [](const char* field, const std::string& why) {
    throw std::invalid_argument(std::string("http1_client.") + field + ": " + why);
  };
  if (maxConnectionsPerOrigin < 1) {
    fail("maxConnectionsPerOrigin", "must be at least 1, got " + std::to_string(maxConnectionsPerOrigin));
  }
  if (maxConnectionsTotal < 1) {
    fail("maxConnectionsTotal", "must be at least 1, got " + std::to_string(maxConnectionsTotal));
  }
  if (maxPipelineDepth < 1)
    fail("maxPipelineDepth", "must be at least 1, got " + std::to_string(maxPipelineDepth));
  if (pipelining && connectionClose) {
    fail("pipelining",
         "cannot be combined with connectionClose: a client that sent \"Connection: close\" sends no "
         "further request on that connection (RFC 9112 9.6)");
  }
  if (tls) tls->validate();
  tcp.validate();
}

Http1Client::Http1Client(transport::tcp::TcpStack& stack, MessageBoard& board,
                         const Http1ClientConfig& config)
    : m_stack(&stack), m_board(&board), m_config(config) {
  config.validate();
}

std::size_t Http1Client::queued() const {
  std::size_t n = 0;
  for (const auto& [where, origin] : m_origins) {
    n += origin.queue.size();
    for (const auto& c : origin.conns) n += c->bound ? 1 : 0;
  }
  return n;
}

std::uint64_t Http1Client::request(const HttpRequestSpec& spec, Done done) {
  Pending p{spec, newWaterfall(m_nextId++, spec, m_stack->network().scheduler().now()), std::move(done)};
  Origin& origin = m_origins[spec.origin];
  origin.queue.push_back(std::move(p));
  dispatch(origin, spec.origin);
  return m_nextId - 1;
}

// Gives queued requests to idle connections, opening new ones while the limits allow, and (with
// pipelining) to the least-loaded connection whose pipeline has room once the pool is full.
void Http1Client::dispatch(Origin& origin, transport::Endpoint where) {
  while (!origin.queue.empty()) {
    Conn* idle = nullptr;
    for (auto& c : origin.conns) {
      if (c->tcp != nullptr && c->connected && !c->closing && c->inFlight.empty()) {
        idle = c.get();
        break;
      }
    }
    if (idle != nullptr) {
      Pending p = std::move(origin.queue.front());
      origin.queue.pop_front();
      start(*idle, std::move(p));
      continue;
    }
    // A connection still being opened will take the head of the queue when it is up (unless it
    // was opened for a request of its own).
    int opening = 0;
    for (const auto& c : origin.conns) {
      opening += (c->tcp != nullptr && !c->connected && !c->closing && !c->bound) ? 1 : 0;
    }
    if (static_cast<std::size_t>(opening) >= origin.queue.size()) return;
    int live = 0;
    for (const auto& c : origin.conns) live += countsAgainstPool(*c) ? 1 : 0;
    if (live < m_config.maxConnectionsPerOrigin && m_open < m_config.maxConnectionsTotal) {
      open(origin, where, static_cast<std::size_t>(opening));
      continue;
    }
    if (m_config.pipelining) {
      Conn* shortest = nullptr;
      for (auto& c : origin.conns) {
        if (c->tcp == nullptr || !c->connected || c->closing) continue;
        if (c->inFlight.size() >= static_cast<std::size_t>(m_config.maxPipelineDepth)) continue;
        if (shortest == nullptr || c->inFlight.size() < shortest->inFlight.size()) shortest = c.get();
      }
      if (shortest != nullptr) {
        Pending p = std::move(origin.queue.front());
        origin.queue.pop_front();
        start(*shortest, std::move(p));
        continue;
      }
    }
    markWaiting(origin, static_cast<std::size_t>(opening), live);
    return;
  }
}

// The first `skip` requests go to the connections being opened; the rest wait for a connection of
// the full pool to become free (or its pipeline to get room).
void Http1Client::markWaiting(Origin& origin, std::size_t skip, int live) {
  const std::string cause = m_config.pipelining ? "queued: " + std::to_string(live) + " connections busy, " +
                                                      std::to_string(m_config.maxPipelineDepth) +
                                                      " requests pipelined on each"
                                                : "queued: " + std::to_string(live) + " connections busy";
  std::size_t position = 0;
  for (auto& p : origin.queue) {
    if (position++ >= skip && p.record.waitCause.empty()) p.record.waitCause = cause;
  }
}

void Http1Client::open(Origin& origin, transport::Endpoint where, std::size_t forQueued) {
  auto conn = std::make_unique<Conn>();
  Conn& c = *conn;
  c.index = static_cast<int>(origin.conns.size());
  origin.conns.push_back(std::move(conn));
  ++m_open;
  ++m_opened;
  const sim::SimTime now = m_stack->network().scheduler().now();
  connectionsChanged(now, m_open);
  // Connections being opened take the queue's head in order: this one is for the request behind
  // those the others will take.
  const std::size_t position = std::min(forQueued, origin.queue.size() - 1);
  Pending& first = origin.queue[position];
  c.openedAt = now;
  first.record.connectStart = now;
  first.record.newConnection = true;
  if (m_config.bindRequestToItsNewConnection) {
    c.bound = std::move(first);
    origin.queue.erase(origin.queue.begin() + static_cast<std::ptrdiff_t>(position));
  }
  c.tcp = &m_stack->connect(where, m_config.tcp);
  const auto up = [this, &origin, where, &c] {
    c.connected = true;
    if (c.bound) {
      Pending p = std::move(*c.bound);
      c.bound.reset();
      start(c, std::move(p));
    }
    dispatch(origin, where);
  };
  const auto data = [this, &origin, where, &c](std::uint64_t bytes) {
    onResponseBytes(origin, where, c, bytes);
  };
  if (m_config.tls) {
    // Requests wait for the TLS handshake (RFC 8446 2: 1 RTT for 1.3, 2 for a full 1.2 handshake).
    c.tls = std::make_unique<transport::tls::TlsSession>(*c.tcp, transport::tls::TlsSession::Role::Client,
                                                         *m_config.tls);
    c.tls->onTcpConnected = [this, &c] { c.tcpConnectedAt = m_stack->network().scheduler().now(); };
    c.tls->onSecure = up;
    c.tls->onData = data;
  } else {
    c.tcp->callbacks().onConnected = up;
    c.tcp->callbacks().onData = data;
  }
  // The server closed (after a "Connection: close" response, or on its own): no more requests on it.
  c.tcp->callbacks().onPeerClosed = [&c] {
    c.closing = true;
    if (c.tcp != nullptr) c.tcp->close();
  };
  c.tcp->callbacks().onClosed = [this, &origin, where, &c](const char*) {
    c.tcp = nullptr;
    c.closing = true;
    if (c.bound) {  // it never came up: its request goes back to the head of the queue
      origin.queue.push_front(std::move(*c.bound));
      c.bound.reset();
    }
    --m_open;
    connectionsChanged(m_stack->network().scheduler().now(), m_open);
    dispatch(origin, where);  // the total cap may have room again
  };
}

void Http1Client::start(Conn& c, Pending p) {
  const sim::SimTime now = m_stack->network().scheduler().now();
  // The connection's first request waited for its handshakes (TCP's, then TLS's), whichever
  // request the connection was opened for: with late binding a request opened for may be served
  // by a connection already up, and then it only waited in the queue.
  p.record.newConnection = !c.used;
  if (!c.used) {
    p.record.connectStart = std::max(p.record.queuedAt, c.openedAt);
    p.record.connectEnd = c.tls ? c.tcpConnectedAt : now;
  } else {
    p.record.connectStart = p.record.connectEnd = now;
  }
  p.record.tlsEnd = now;
  c.used = true;
  p.record.sentAt = now;
  p.record.connection = c.index;
  m_board->post(c.tcp->local(), MessageDescriptor{p.spec.requestBytes, p.spec.responseBytes, p.spec.label,
                                                  m_config.connectionClose});
  if (m_config.connectionClose) c.closing = true;  // RFC 9112 9.6: no further request on it
  const std::uint32_t bytes = p.spec.requestBytes;
  c.inFlight.push_back(std::move(p));
  // After the TLS handshake the session passes application bytes straight to TCP.
  c.tcp->send(bytes);
}

// Responses arrive in request order (RFC 9112 9.3); each is framed by the size its server
// declared (Content-Length), which may differ from what was asked (a 503 is short).
void Http1Client::onResponseBytes(Origin& origin, transport::Endpoint where, Conn& c, std::uint64_t bytes) {
  const sim::SimTime now = m_stack->network().scheduler().now();
  const transport::Endpoint local = c.tcp->local();
  while (bytes > 0 && !c.inFlight.empty()) {
    Pending& front = c.inFlight.front();
    if (!c.response) {
      ResponseDescriptor d{front.spec.responseBytes, 200};
      m_board->takeResponse(local, d);
      c.response = d;
      front.record.firstByteAt = now;
      front.record.status = d.status;
      front.record.responseBytes = d.bytes;
    }
    const std::uint64_t taken = std::min(bytes, c.response->bytes - c.responseReceived);
    c.responseReceived += taken;
    bytes -= taken;
    if (c.responseReceived < c.response->bytes) break;
    Pending finished = std::move(front);
    c.inFlight.pop_front();
    c.response.reset();
    c.responseReceived = 0;
    finished.record.doneAt = now;
    m_completed.push_back(finished.record);
    if (finished.done) finished.done(finished.record);
  }
  dispatch(origin, where);
}

}  // namespace wirelab::models::http
