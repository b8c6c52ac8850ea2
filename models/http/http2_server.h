// File: models/http/http2_server.h
// An HTTP/2 server: each request stream is answered after a think time with a HEADERS frame and
// its body as DATA frames, which the session interleaves with the other streams' round robin.
#pragma once

#include <cstdint>
#include <memory>
#include <vector>

#include "models/http/http2_session.h"
#include "models/http/message_board.h"
#include "models/transport/tcp/tcp_stack.h"
#include "sim/core/distributions.h"
#include "sim/core/random.h"

namespace wirelab::models::http {

struct Http2ServerConfig {
  std::uint16_t port = 443;
  sim::Distribution thinkTimeMs = sim::Constant(0.0);
  Http2Settings settings;
  transport::tcp::TcpConfig tcp;
};

class Http2Server {
 public:
  Http2Server(transport::tcp::TcpStack& stack, MessageBoard& board, Http2WireRegistry& wires,
              const Http2ServerConfig& config);
  std::uint64_t requestsHandled() const { return m_handled; }

 private:
  void onRequest(Http2Session& session, transport::Endpoint client, std::uint32_t stream);

  transport::tcp::TcpStack* m_stack;
  MessageBoard* m_board;
  Http2WireRegistry* m_wires;
  Http2ServerConfig m_config;
  sim::RandomStream m_think;
  std::vector<std::unique_ptr<Http2Session>> m_sessions;
  std::uint64_t m_handled = 0;
};

}  // namespace wirelab::models::http
