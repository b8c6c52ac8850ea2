// File: models/http/http_client.h
// An HTTP client over TCP chosen by configuration: HTTP/1.1 (a pool of connections per origin,
// optionally pipelined or one connection per request) or HTTP/2 (one connection per origin,
// requests multiplexed as streams). What a scenario file or a proxy's upstream side names with
// `version: h1 | h2` and the options of each; combinations that do not exist are rejected.
#pragma once

#include <cstdint>
#include <memory>
#include <optional>
#include <set>
#include <string_view>

#include "models/http/http1_client.h"
#include "models/http/http2_client.h"

namespace wirelab::models::http {

enum class HttpVersion { Http1, Http2 };
const char* toString(HttpVersion v);                                 // "h1", "h2"
std::optional<HttpVersion> parseHttpVersion(std::string_view text);  // "h1", "http/1.1", "h2", "http/2"

struct HttpClientConfig {
  HttpVersion version = HttpVersion::Http1;
  Http1ClientConfig http1;  // used when version is h1
  Http2ClientConfig http2;  // used when version is h2
  // Throws std::invalid_argument naming the parameter, e.g. pipelining asked of HTTP/2, which
  // multiplexes streams instead (RFC 9113 5) and has no pipelining.
  void validate() const;
};

class HttpClient {
 public:
  using Done = std::function<void(const HttpWaterfall&)>;

  HttpClient(transport::tcp::TcpStack& stack, MessageBoard& board, Http2WireRegistry& wires,
             const HttpClientConfig& config);

  std::uint64_t request(const HttpRequestSpec& spec, Done done);
  HttpVersion version() const { return m_config.version; }
  // HTTP/1.1: the pool's open connections; HTTP/2: one per origin asked so far (the client keeps
  // its connection open).
  int openConnections() const;
  std::uint64_t connectionsOpened() const;
  Http1Client* http1() const { return m_h1.get(); }
  Http2Client* http2() const { return m_h2.get(); }

 private:
  HttpClientConfig m_config;
  std::unique_ptr<Http1Client> m_h1;
  std::unique_ptr<Http2Client> m_h2;
  std::set<transport::Endpoint> m_h2Origins;
};

}  // namespace wirelab::models::http
