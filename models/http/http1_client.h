// File: models/http/http1_client.h
// A browser-like HTTP/1.1 client: persistent connections kept in a per-origin pool of at most 6
// (what browsers allow, configurable) and a total cap (256, Chrome's); a request takes an idle
// connection of its origin, else opens a new one if the pool has room, else waits in a FIFO queue
// ("queued: 6 connections busy"). Without pipelining one request at a time per connection, so a
// slow response blocks the requests queued behind it.
//
// Options:
// - Pipelining (RFC 9112 9.3.2), off by default as in every current browser: when the pool is
//   full, further requests are written on a connection without waiting for the responses before
//   them, up to `maxPipelineDepth` outstanding per connection (the one with fewest first).
//   Responses come back in request order, so a slow response delays every one behind it on its
//   connection (head-of-line blocking).
// - Connection: close (RFC 9112 9.6): one request per connection; the server closes it after the
//   response, and every request pays a new handshake.
// - TLS in front of every connection (its handshake's round trips before the first request).
#pragma once

#include <cstdint>
#include <deque>
#include <functional>
#include <map>
#include <memory>
#include <optional>
#include <vector>

#include "models/http/http_exchange.h"
#include "models/http/message_board.h"
#include "models/transport/tcp/tcp_stack.h"
#include "models/transport/tls/tls_session.h"
#include "sim/core/signal.h"

namespace wirelab::models::http {

struct Http1ClientConfig {
  int maxConnectionsPerOrigin = 6;
  int maxConnectionsTotal = 256;
  bool pipelining = false;
  int maxPipelineDepth = 4;      // requests outstanding on one connection, when pipelining
  bool connectionClose = false;  // "Connection: close" on every request: a new connection each
  // Which request a new connection serves. Browsers bind late: a queued request goes to whichever
  // connection is ready first (Chromium's socket pools). curl binds early: a transfer that opened a
  // connection waits for that connection, so a lost SYN holds its transfer for the SYN's
  // retransmission timeout even when another connection has become free (curl's multi interface
  // gives each easy handle its own connection attempt).
  bool bindRequestToItsNewConnection = false;
  std::optional<transport::tls::TlsConfig> tls;
  transport::tcp::TcpConfig tcp;
  // Throws std::invalid_argument naming the parameter ("http1_client.maxPipelineDepth: ...").
  void validate() const;
};

class Http1Client {
 public:
  using Done = std::function<void(const HttpWaterfall&)>;

  Http1Client(transport::tcp::TcpStack& stack, MessageBoard& board, const Http1ClientConfig& config);

  // Issues a request now; `done` runs when its last response byte arrives.
  std::uint64_t request(const HttpRequestSpec& spec, Done done);

  // TCP connections not yet closed (a closing Connection: close connection counts until it is gone).
  int openConnections() const { return m_open; }
  std::uint64_t connectionsOpened() const { return m_opened; }
  std::size_t queued() const;
  const std::vector<HttpWaterfall>& completed() const { return m_completed; }
  // The number of open connections, each time it changes.
  sim::Signal<sim::SimTime, int> connectionsChanged;

 private:
  struct Pending {
    HttpRequestSpec spec;
    HttpWaterfall record;
    Done done;
  };
  struct Conn {
    transport::tcp::TcpConnection* tcp = nullptr;
    std::unique_ptr<transport::tls::TlsSession> tls;
    int index = 0;
    bool connected = false;        // TCP (and TLS) handshakes done
    bool used = false;             // a request has been written on it
    sim::SimTime openedAt;         // connect() was called
    sim::SimTime tcpConnectedAt;   // with TLS: when TCP's handshake ended and TLS's began
    bool closing = false;          // no further requests may be written on it
    std::deque<Pending> inFlight;  // written, response not complete, in order
    std::optional<Pending> bound;  // bindRequestToItsNewConnection: the request that opened it
    std::uint64_t responseReceived = 0;
    std::optional<ResponseDescriptor> response;  // the size and status of the front's response
  };
  struct Origin {
    std::vector<std::unique_ptr<Conn>> conns;
    std::deque<Pending> queue;
  };

  void dispatch(Origin& origin, transport::Endpoint where);
  void open(Origin& origin, transport::Endpoint where, std::size_t forQueued);
  void start(Conn& c, Pending p);
  void onResponseBytes(Origin& origin, transport::Endpoint where, Conn& c, std::uint64_t bytes);
  void markWaiting(Origin& origin, std::size_t skip, int live);
  static bool countsAgainstPool(const Conn& c) {
    return c.tcp != nullptr && !(c.closing && c.inFlight.empty());
  }

  transport::tcp::TcpStack* m_stack;
  MessageBoard* m_board;
  Http1ClientConfig m_config;
  std::map<transport::Endpoint, Origin> m_origins;
  std::vector<HttpWaterfall> m_completed;
  std::uint64_t m_nextId = 0;
  std::uint64_t m_opened = 0;
  int m_open = 0;
};

}  // namespace wirelab::models::http
