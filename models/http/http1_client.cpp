#include "models/http/http1_client.h"

#include <stdexcept>
#include <string>
#include <utility>

namespace wirelab::models::http {

using transport::tcp::TcpConnection;

Http1Client::Http1Client(transport::tcp::TcpStack& stack, MessageBoard& board,
                         const Http1ClientConfig& config)
    : m_stack(&stack), m_board(&board), m_config(config) {
  if (config.maxConnectionsPerOrigin < 1 || config.maxConnectionsTotal < 1) {
    throw std::invalid_argument("http1: connection limits must be at least 1");
  }
  config.tcp.validate();
}

std::size_t Http1Client::queued() const {
  std::size_t n = 0;
  for (const auto& [where, origin] : m_origins) n += origin.queue.size();
  return n;
}

std::uint64_t Http1Client::request(const HttpRequestSpec& spec, Done done) {
  Pending p{spec, newWaterfall(m_nextId++, spec, m_stack->network().scheduler().now()), std::move(done)};
  Origin& origin = m_origins[spec.origin];
  origin.queue.push_back(std::move(p));
  dispatch(origin, spec.origin);
  return m_nextId - 1;
}

// Gives queued requests to idle connections, opening new ones while the limits allow.
void Http1Client::dispatch(Origin& origin, transport::Endpoint where) {
  while (!origin.queue.empty()) {
    Conn* idle = nullptr;
    for (auto& c : origin.conns) {
      if (c->tcp != nullptr && c->connected && !c->current) {
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
    // A connection still being opened will take the head of the queue when it is up.
    int opening = 0;
    for (const auto& c : origin.conns) opening += (c->tcp != nullptr && !c->connected) ? 1 : 0;
    if (static_cast<std::size_t>(opening) >= origin.queue.size()) return;
    int live = 0;
    for (const auto& c : origin.conns) live += c->tcp != nullptr ? 1 : 0;
    if (live >= m_config.maxConnectionsPerOrigin || m_open >= m_config.maxConnectionsTotal) {
      // The first `opening` requests go to the connections being opened; the rest wait for a
      // connection of the full pool to become free.
      std::size_t position = 0;
      for (auto& p : origin.queue) {
        if (position++ >= static_cast<std::size_t>(opening) && p.record.waitCause.empty()) {
          p.record.waitCause = "queued: " + std::to_string(live) + " connections busy";
        }
      }
      return;
    }
    auto conn = std::make_unique<Conn>();
    Conn& c = *conn;
    c.index = static_cast<int>(origin.conns.size());
    origin.conns.push_back(std::move(conn));
    ++m_open;
    const sim::SimTime now = m_stack->network().scheduler().now();
    // The request at the head of the queue is the one this connection is opened for.
    origin.queue.front().record.connectStart = now;
    origin.queue.front().record.newConnection = true;
    c.tcp = &m_stack->connect(where, m_config.tcp);
    c.tcp->onConnected = [this, &origin, where, &c] {
      c.connected = true;
      dispatch(origin, where);
    };
    c.tcp->onData = [this, &origin, where, &c](std::uint64_t bytes) {
      onResponseBytes(origin, where, c, bytes);
    };
    c.tcp->onClosed = [this, &c](const char*) {
      c.tcp = nullptr;
      --m_open;
    };
  }
}

void Http1Client::start(Conn& c, Pending p) {
  const sim::SimTime now = m_stack->network().scheduler().now();
  if (!p.record.newConnection) p.record.connectStart = now;
  p.record.connectEnd = now;
  p.record.sentAt = now;
  p.record.connection = c.index;
  m_board->post(c.tcp->local(), MessageDescriptor{p.spec.requestBytes, p.spec.responseBytes});
  c.responseReceived = 0;
  c.current = std::make_unique<Pending>(std::move(p));
  c.tcp->send(c.current->spec.requestBytes);
}

void Http1Client::onResponseBytes(Origin& origin, transport::Endpoint where, Conn& c, std::uint64_t bytes) {
  if (!c.current) return;
  const sim::SimTime now = m_stack->network().scheduler().now();
  if (c.responseReceived == 0) c.current->record.firstByteAt = now;
  c.responseReceived += bytes;
  if (c.responseReceived < c.current->spec.responseBytes) return;
  std::unique_ptr<Pending> finished = std::move(c.current);
  finished->record.doneAt = now;
  m_completed.push_back(finished->record);
  if (finished->done) finished->done(finished->record);
  dispatch(origin, where);
}

}  // namespace wirelab::models::http
