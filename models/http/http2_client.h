// File: models/http/http2_client.h
// An HTTP/2 client (RFC 9113): one TCP connection per origin, every request a stream on it, up to
// SETTINGS_MAX_CONCURRENT_STREAMS at once (more wait: "queued: 100 streams open"). Requests never
// wait for one another; all of them share one TCP byte stream, so one lost segment stalls every
// stream behind it (head-of-line blocking at the transport).
#pragma once

#include <cstdint>
#include <deque>
#include <functional>
#include <map>
#include <memory>
#include <optional>

#include "models/http/http2_session.h"
#include "models/http/http_exchange.h"
#include "models/http/message_board.h"
#include "models/transport/tcp/tcp_stack.h"
#include "models/transport/tls/tls_session.h"

namespace wirelab::models::http {

inline constexpr std::uint32_t kResponseHeaderBytes = 200;  // uncompressed response header block

struct Http2ClientConfig {
  Http2Settings settings;
  transport::tcp::TcpConfig tcp;
  // HTTP/2 over TLS ("h2", RFC 9113 3.2), as browsers speak it; none: cleartext "h2c" (3.1).
  std::optional<transport::tls::TlsConfig> tls;
};

class Http2Client {
 public:
  using Done = std::function<void(const HttpWaterfall&)>;

  Http2Client(transport::tcp::TcpStack& stack, MessageBoard& board, Http2WireRegistry& wires,
              const Http2ClientConfig& config);

  std::uint64_t request(const HttpRequestSpec& spec, Done done);
  const std::vector<HttpWaterfall>& completed() const { return m_completed; }

 private:
  struct Exchange {
    HttpRequestSpec spec;
    HttpWaterfall record;
    Done done;
  };
  struct Origin {
    transport::tcp::TcpConnection* tcp = nullptr;
    std::unique_ptr<transport::tls::TlsSession> tls;
    std::unique_ptr<Http2Session> session;
    std::deque<Exchange> queue;
    std::map<std::uint32_t, Exchange> open;  // by stream id
    std::uint32_t nextStream = 1;            // client streams are odd (RFC 9113 5.1.1)
    sim::SimTime connectStart, connectEnd, tlsEnd;
  };

  void startSession(Origin& origin);
  void startStreams(Origin& origin);
  void onFrame(Origin& origin, const Http2Frame& f);

  transport::tcp::TcpStack* m_stack;
  MessageBoard* m_board;
  Http2WireRegistry* m_wires;
  Http2ClientConfig m_config;
  std::map<transport::Endpoint, Origin> m_origins;
  std::vector<HttpWaterfall> m_completed;
  std::uint64_t m_nextId = 0;
};

}  // namespace wirelab::models::http
