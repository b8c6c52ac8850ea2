#include "models/http/http1_server.h"

#include <stdexcept>
#include <string>

namespace wirelab::models::http {

using transport::tcp::TcpConnection;

void Http1ServerConfig::validate() const {
  if (port == 0) throw std::invalid_argument("http1_server.port: must be positive, got 0");
  if (tls) tls->validate();
  tcp.validate();
}

Http1Server::Http1Server(transport::tcp::TcpStack& stack, MessageBoard& board,
                         const Http1ServerConfig& config)
    : m_stack(&stack),
      m_board(&board),
      m_config(config),
      m_thinkTime(
          stack.network().scheduler(), config.thinkTimeMs,
          stack.network().random().stream("http1-server/" + stack.network().node(stack.node()).name() + ":" +
                                          std::to_string(config.port) + "/think")),
      m_handler(&m_thinkTime) {
  config.validate();
  stack.listen(config.port, config.tcp, [this](TcpConnection& tcp) { accept(tcp); });
}

void Http1Server::accept(TcpConnection& tcp) {
  m_conns.push_back(std::make_unique<Conn>());
  Conn& c = *m_conns.back();
  c.server = this;
  c.tcp = &tcp;
  if (m_config.tls) {
    // The session consumes the handshake flights and passes on the application bytes after them.
    c.tls = std::make_unique<transport::tls::TlsSession>(tcp, transport::tls::TlsSession::Role::Server,
                                                         *m_config.tls);
    c.tls->onData = [&c](std::uint64_t bytes) { c.server->onData(c, bytes); };
  } else {
    tcp.callbacks().onData = [&c](std::uint64_t bytes) { c.server->onData(c, bytes); };
  }
  tcp.callbacks().onSendSpace = [&c] { c.server->pump(c); };
  tcp.callbacks().onPeerClosed = [&c] {
    if (c.tcp != nullptr && !c.closed) {
      c.closed = true;
      c.tcp->close();
    }
  };
  tcp.callbacks().onClosed = [&c](const char*) {
    c.tcp = nullptr;
    c.server->onConnectionClosed();
  };
  ++m_openConnections;
  connectionsChanged(m_stack->network().scheduler().now(), m_openConnections);
}

void Http1Server::onConnectionClosed() {
  --m_openConnections;
  connectionsChanged(m_stack->network().scheduler().now(), m_openConnections);
}

void Http1Server::onData(Conn& c, std::uint64_t bytes) {
  c.received += bytes;
  serveNext(c);
}

// RFC 9112 section 9.3: requests on one connection are answered in the order received; like
// common servers (nginx), a pipelined request is handed to the application once the response
// before it has been written.
void Http1Server::serveNext(Conn& c) {
  if (c.responding || c.tcp == nullptr || c.closeAfterResponse) return;
  const transport::Endpoint client = c.tcp->remote();
  if (!m_board->hasNext(client)) return;
  if (c.received < m_board->next(client).requestBytes) return;  // the request is not complete yet
  ServerRequest request{m_nextRequestId++, m_board->next(client), client,
                        m_stack->network().scheduler().now()};
  m_board->pop(client);
  c.received -= request.message.requestBytes;
  c.responding = true;
  // Two captures (16 bytes, trivially copyable): what libstdc++'s std::function holds without an
  // allocation.
  m_handler->handle(request, [&c, close = request.message.connectionClose](const ServerResponse& r) {
    c.server->respond(c, r, close);
  });
}

void Http1Server::respond(Conn& c, const ServerResponse& response, bool close) {
  c.responding = false;
  ++m_handled;
  if (c.tcp == nullptr) return;  // the client went away while the application worked
  m_board->postResponse(c.tcp->remote(), ResponseDescriptor{response.bytes, response.status});
  c.unsent += response.bytes;
  c.closeAfterResponse = c.closeAfterResponse || close;
  pump(c);
  serveNext(c);  // a pipelined request may already be waiting
}

void Http1Server::pump(Conn& c) {
  if (c.tcp == nullptr) return;
  if (c.unsent > 0) c.unsent -= c.tcp->send(c.unsent);
  // RFC 9112 9.6: after the response to a request with "close", the server closes (FIN after the
  // queued response bytes).
  if (c.unsent == 0 && c.closeAfterResponse && !c.responding && !c.closed) {
    c.closed = true;
    c.tcp->close();
  }
}

}  // namespace wirelab::models::http
