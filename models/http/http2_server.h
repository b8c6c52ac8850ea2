// File: models/http/http2_server.h
// An HTTP/2 server: each complete request stream is handed to the application (a RequestHandler:
// by default a think time drawn from a distribution), and its response is written as a HEADERS
// frame and the body as DATA frames, which the session interleaves with the other streams'.
// Streams are independent: a slow request delays only its own response.
#pragma once

#include <cstdint>
#include <memory>
#include <optional>
#include <vector>

#include "models/http/http2_session.h"
#include "models/http/message_board.h"
#include "models/http/request_handler.h"
#include "models/transport/tcp/tcp_stack.h"
#include "models/transport/tls/tls_session.h"
#include "sim/core/distributions.h"
#include "sim/core/random.h"

namespace wirelab::models::http {

struct Http2ServerConfig {
  std::uint16_t port = 443;
  sim::Distribution thinkTimeMs = sim::Constant(0.0);  // per request, for the default handler
  Http2Settings settings;
  transport::tcp::TcpConfig tcp;
  std::optional<transport::tls::TlsConfig> tls;  // HTTP/2 over TLS; none: cleartext (h2c)
};

class Http2Server {
 public:
  Http2Server(transport::tcp::TcpStack& stack, MessageBoard& board, Http2WireRegistry& wires,
              const Http2ServerConfig& config);
  // Replaces the think-time handler; the handler must outlive the server's run.
  void setHandler(RequestHandler& handler) { m_handler = &handler; }
  std::uint64_t requestsHandled() const { return m_handled; }

 private:
  void onRequest(Http2Session& session, transport::Endpoint client, std::uint32_t stream);

  transport::tcp::TcpStack* m_stack;
  MessageBoard* m_board;
  Http2WireRegistry* m_wires;
  Http2ServerConfig m_config;
  ThinkTimeHandler m_thinkTime;
  RequestHandler* m_handler;
  std::vector<std::unique_ptr<Http2Session>> m_sessions;
  std::vector<std::unique_ptr<transport::tls::TlsSession>> m_tlsSessions;  // with TLS, one per connection
  std::uint64_t m_handled = 0;
  std::uint64_t m_nextRequestId = 0;
};

}  // namespace wirelab::models::http
