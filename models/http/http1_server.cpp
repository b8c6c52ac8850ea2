#include "models/http/http1_server.h"

#include <algorithm>
#include <cmath>

namespace wirelab::models::http {

using transport::tcp::TcpConnection;

Http1Server::Http1Server(transport::tcp::TcpStack& stack, MessageBoard& board,
                         const Http1ServerConfig& config)
    : m_stack(&stack),
      m_board(&board),
      m_config(config),
      m_think(stack.network().random().stream("http1-server/" + stack.network().node(stack.node()).name() +
                                              ":" + std::to_string(config.port) + "/think")) {
  stack.listen(config.port, config.tcp, [this](TcpConnection& tcp) {
    m_conns.push_back(std::make_unique<Conn>());
    Conn& c = *m_conns.back();
    c.tcp = &tcp;
    tcp.onData = [this, &c](std::uint64_t bytes) { onData(c, bytes); };
    tcp.onSendSpace = [this, &c] { pump(c); };
    tcp.onPeerClosed = [&tcp] { tcp.close(); };
    tcp.onClosed = [&c](const char*) { c.tcp = nullptr; };
  });
}

void Http1Server::onData(Conn& c, std::uint64_t bytes) {
  c.received += bytes;
  serveNext(c);
}

// RFC 9112 section 9.3: requests on one connection are answered in the order received.
void Http1Server::serveNext(Conn& c) {
  if (c.responding || c.tcp == nullptr) return;
  const transport::Endpoint client = c.tcp->remote();
  if (!m_board->hasNext(client)) return;
  const MessageDescriptor d = m_board->next(client);
  if (c.received < d.requestBytes) return;  // the request is not complete yet
  m_board->pop(client);
  c.received -= d.requestBytes;
  c.responding = true;
  const double thinkMs = std::max(0.0, m_config.thinkTimeMs.sample(m_think));
  const auto respond = [this, &c, bytes = d.responseBytes] {
    c.unsent += bytes;
    c.responding = false;
    ++m_handled;
    pump(c);
    serveNext(c);  // a pipelined request may already be waiting
  };
  if (thinkMs <= 0) {
    respond();
  } else {
    m_stack->network().scheduler().schedule(sim::Nanoseconds(std::llround(thinkMs * 1e6)), respond);
  }
}

void Http1Server::pump(Conn& c) {
  if (c.tcp == nullptr || c.unsent == 0) return;
  c.unsent -= c.tcp->send(c.unsent);
}

}  // namespace wirelab::models::http
