// File: models/http/http1_server.h
// An HTTP/1.1 server on one TCP port: persistent connections (RFC 9112 section 9.3), requests
// answered in order on each connection, each after a think time drawn from a distribution (the
// server's processing), responses written as fast as the connection's send buffer takes them.
#pragma once

#include <cstdint>
#include <deque>
#include <memory>
#include <vector>

#include "models/http/message_board.h"
#include "models/transport/tcp/tcp_stack.h"
#include "sim/core/distributions.h"
#include "sim/core/random.h"

namespace wirelab::models::http {

struct Http1ServerConfig {
  std::uint16_t port = 80;
  sim::Distribution thinkTimeMs = sim::Constant(0.0);  // per request
  transport::tcp::TcpConfig tcp;
};

class Http1Server {
 public:
  Http1Server(transport::tcp::TcpStack& stack, MessageBoard& board, const Http1ServerConfig& config);

  std::uint64_t requestsHandled() const { return m_handled; }

 private:
  struct Conn {
    transport::tcp::TcpConnection* tcp = nullptr;
    std::uint64_t received = 0;  // request bytes received and not yet consumed
    std::uint64_t unsent = 0;    // response bytes waiting for send-buffer space
    bool responding = false;     // a request is being processed (HTTP/1.1: one at a time)
  };

  void onData(Conn& c, std::uint64_t bytes);
  void serveNext(Conn& c);
  void pump(Conn& c);

  transport::tcp::TcpStack* m_stack;
  MessageBoard* m_board;
  Http1ServerConfig m_config;
  sim::RandomStream m_think;
  std::vector<std::unique_ptr<Conn>> m_conns;
  std::uint64_t m_handled = 0;
};

}  // namespace wirelab::models::http
