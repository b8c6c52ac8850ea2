// File: models/http/http1_server.h
// An HTTP/1.1 server on one TCP port: persistent connections (RFC 9112 section 9.3), requests
// read in order on each connection and handed one at a time to the application (a
// RequestHandler: by default a think time drawn from a distribution), responses written in order
// as fast as the connection's send buffer takes them. A request carrying "Connection: close" is
// the connection's last: the server closes it after the response (RFC 9112 9.6). Optionally TLS
// (its handshake's round trips and flight sizes) in front of every connection.
#pragma once

#include <cstdint>
#include <deque>
#include <memory>
#include <optional>
#include <vector>

#include "models/http/message_board.h"
#include "models/http/request_handler.h"
#include "models/transport/tcp/tcp_stack.h"
#include "models/transport/tls/tls_session.h"
#include "sim/core/distributions.h"
#include "sim/core/random.h"
#include "sim/core/signal.h"

namespace wirelab::models::http {

struct Http1ServerConfig {
  std::uint16_t port = 80;
  sim::Distribution thinkTimeMs = sim::Constant(0.0);  // per request, for the default handler
  std::optional<transport::tls::TlsConfig> tls;        // HTTPS: a TLS handshake on every connection
  transport::tcp::TcpConfig tcp;
  // Throws std::invalid_argument naming the parameter ("http1_server.port: ...").
  void validate() const;
};

class Http1Server {
 public:
  Http1Server(transport::tcp::TcpStack& stack, MessageBoard& board, const Http1ServerConfig& config);

  // Replaces the think-time handler; the handler must outlive the server's run. Set it before
  // requests arrive.
  void setHandler(RequestHandler& handler) { m_handler = &handler; }

  std::uint64_t requestsHandled() const { return m_handled; }
  // Client connections accepted and not yet closed.
  std::size_t openConnections() const { return m_openConnections; }
  std::uint64_t connectionsAccepted() const { return m_conns.size(); }
  // The number of open client connections, each time it changes.
  sim::Signal<sim::SimTime, std::size_t> connectionsChanged;

 private:
  // A connection's callbacks capture only their Conn (one pointer, held inside a SmallFunction
  // without an allocation), which names its server.
  struct Conn {
    Http1Server* server = nullptr;
    transport::tcp::TcpConnection* tcp = nullptr;
    std::unique_ptr<transport::tls::TlsSession> tls;
    std::uint64_t received = 0;  // request bytes received and not yet consumed
    std::uint64_t unsent = 0;    // response bytes waiting for send-buffer space
    bool responding = false;     // a request is with the handler (HTTP/1.1: one at a time)
    bool closeAfterResponse = false;
    bool closed = false;
  };

  void accept(transport::tcp::TcpConnection& tcp);
  void onConnectionClosed();
  void onData(Conn& c, std::uint64_t bytes);
  void serveNext(Conn& c);
  void respond(Conn& c, const ServerResponse& response, bool close);
  void pump(Conn& c);

  transport::tcp::TcpStack* m_stack;
  MessageBoard* m_board;
  Http1ServerConfig m_config;
  ThinkTimeHandler m_thinkTime;
  RequestHandler* m_handler;
  std::vector<std::unique_ptr<Conn>> m_conns;
  std::uint64_t m_handled = 0;
  std::uint64_t m_nextRequestId = 0;
  std::size_t m_openConnections = 0;
};

}  // namespace wirelab::models::http
