// File: models/http/http1_client.h
// A browser-like HTTP/1.1 client: persistent connections kept in a per-origin pool of at most 6
// (what browsers allow, configurable) and a total cap (256, Chrome's); a request takes an idle
// connection of its origin, else opens a new one if the pool has room, else waits in a FIFO queue
// ("queued: 6 connections busy"). One request at a time per connection (no pipelining), so a slow
// response blocks the requests behind it on that connection.
#pragma once

#include <cstdint>
#include <deque>
#include <functional>
#include <map>
#include <memory>
#include <vector>

#include "models/http/http_exchange.h"
#include "models/http/message_board.h"
#include "models/transport/tcp/tcp_stack.h"

namespace wirelab::models::http {

struct Http1ClientConfig {
  int maxConnectionsPerOrigin = 6;
  int maxConnectionsTotal = 256;
  transport::tcp::TcpConfig tcp;
};

class Http1Client {
 public:
  using Done = std::function<void(const HttpWaterfall&)>;

  Http1Client(transport::tcp::TcpStack& stack, MessageBoard& board, const Http1ClientConfig& config);

  // Issues a request now; `done` runs when its last response byte arrives.
  std::uint64_t request(const HttpRequestSpec& spec, Done done);

  int openConnections() const { return m_open; }
  std::size_t queued() const;
  const std::vector<HttpWaterfall>& completed() const { return m_completed; }

 private:
  struct Pending {
    HttpRequestSpec spec;
    HttpWaterfall record;
    Done done;
  };
  struct Conn {
    transport::tcp::TcpConnection* tcp = nullptr;
    int index = 0;
    bool connected = false;
    std::unique_ptr<Pending> current;
    std::uint64_t responseReceived = 0;
  };
  struct Origin {
    std::vector<std::unique_ptr<Conn>> conns;
    std::deque<Pending> queue;
  };

  void dispatch(Origin& origin, transport::Endpoint where);
  void start(Conn& c, Pending p);
  void onResponseBytes(Origin& origin, transport::Endpoint where, Conn& c, std::uint64_t bytes);

  transport::tcp::TcpStack* m_stack;
  MessageBoard* m_board;
  Http1ClientConfig m_config;
  std::map<transport::Endpoint, Origin> m_origins;
  std::vector<HttpWaterfall> m_completed;
  std::uint64_t m_nextId = 0;
  int m_open = 0;
};

}  // namespace wirelab::models::http
