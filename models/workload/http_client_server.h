// File: models/workload/http_client_server.h
// The HTTP side of the workload experiments: an HTTP/1.1 or HTTP/2 server on the server node's TCP
// stack and the client that asks it on the client node's, with the side channels both ends read
// (the message board, HTTP/2's frame wires). Each experiment says how the two ends are configured;
// the configurations of the version it does not run are not used.
#pragma once

#include <cstdint>
#include <memory>

#include "models/http/http1_client.h"
#include "models/http/http1_server.h"
#include "models/http/http2_client.h"
#include "models/http/http2_server.h"
#include "models/transport/tcp/tcp_config.h"
#include "models/transport/tcp/tcp_stack.h"
#include "models/workload/page_load_experiment.h"

namespace wirelab::models::workload {

struct HttpClientServerConfig {
  HttpVersion version = HttpVersion::Http1;  // Http1 or Http2 (HTTP/3 runs over QUIC, not TCP)
  http::Http1ServerConfig http1Server;
  http::Http1ClientConfig http1Client;
  http::Http2ServerConfig http2Server;
  http::Http2ClientConfig http2Client;
};

// Both ends alike: `tcp` everywhere, and HTTP/2 initial windows of `http2WindowBytes` per stream
// and per connection on both sides.
HttpClientServerConfig symmetricHttpConfig(HttpVersion version, const transport::tcp::TcpConfig& tcp,
                                           std::uint32_t http2WindowBytes);

class HttpClientServer {
 public:
  using Done = http::Http1Client::Done;

  // The stacks must outlive this object. Throws std::invalid_argument for HTTP/3.
  HttpClientServer(transport::tcp::TcpStack& clientTcp, transport::tcp::TcpStack& serverTcp,
                   const HttpClientServerConfig& config);
  HttpClientServer(const HttpClientServer&) = delete;
  HttpClientServer& operator=(const HttpClientServer&) = delete;
  ~HttpClientServer();

  // The server's address, where the client's requests go.
  transport::Endpoint origin() const { return m_origin; }
  // A request by the client (what PageLoad::through() asks of a client).
  std::uint64_t request(const http::HttpRequestSpec& spec, Done done);

 private:
  transport::Endpoint m_origin;
  http::MessageBoard m_board;
  http::Http2WireRegistry m_wires;
  // Destroyed in reverse order: each client before its server, all before the side channels.
  std::unique_ptr<http::Http1Server> m_h1server;
  std::unique_ptr<http::Http1Client> m_h1client;
  std::unique_ptr<http::Http2Server> m_h2server;
  std::unique_ptr<http::Http2Client> m_h2client;
};

}  // namespace wirelab::models::workload
