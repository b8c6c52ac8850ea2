#include "models/http/http_client.h"

#include <stdexcept>
#include <string>
#include <utility>

namespace wirelab::models::http {

const char* toString(HttpVersion v) { return v == HttpVersion::Http1 ? "h1" : "h2"; }

std::optional<HttpVersion> parseHttpVersion(std::string_view text) {
  if (text == "h1" || text == "http/1.1" || text == "HTTP/1.1") return HttpVersion::Http1;
  if (text == "h2" || text == "http/2" || text == "HTTP/2") return HttpVersion::Http2;
  return std::nullopt;
}

void HttpClientConfig::validate() const {
  if (version == HttpVersion::Http2) {
    if (http1.pipelining) {
      throw std::invalid_argument(
          "http_client.http1.pipelining: HTTP/1.1 pipelining does not apply to version h2, which "
          "multiplexes requests as streams on one connection (RFC 9113 5); turn it off or use h1");
    }
    http2.settings.validate();
    http2.tcp.validate();
  } else {
    http1.validate();
  }
}

HttpClient::HttpClient(transport::tcp::TcpStack& stack, MessageBoard& board, Http2WireRegistry& wires,
                       const HttpClientConfig& config)
    : m_config(config) {
  config.validate();
  if (config.version == HttpVersion::Http1) {
    m_h1 = std::make_unique<Http1Client>(stack, board, config.http1);
  } else {
    m_h2 = std::make_unique<Http2Client>(stack, board, wires, config.http2);
  }
}

std::uint64_t HttpClient::request(const HttpRequestSpec& spec, Done done) {
  if (m_h1) return m_h1->request(spec, std::move(done));
  m_h2Origins.insert(spec.origin);
  return m_h2->request(spec, std::move(done));
}

int HttpClient::openConnections() const {
  return m_h1 ? m_h1->openConnections() : static_cast<int>(m_h2Origins.size());
}

std::uint64_t HttpClient::connectionsOpened() const {
  return m_h1 ? m_h1->connectionsOpened() : m_h2Origins.size();
}

}  // namespace wirelab::models::http
