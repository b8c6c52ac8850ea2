#include "models/workload/http_client_server.h"

#include <stdexcept>
#include <utility>

namespace wirelab::models::workload {

HttpClientServerConfig symmetricHttpConfig(HttpVersion version, const transport::tcp::TcpConfig& tcp,
                                           std::uint32_t http2WindowBytes) {
  HttpClientServerConfig c;
  c.version = version;
  c.http1Server.tcp = tcp;
  c.http1Client.tcp = tcp;
  c.http2Server.tcp = tcp;
  c.http2Client.tcp = tcp;
  c.http2Server.settings.initialStreamWindow = http2WindowBytes;
  c.http2Server.settings.initialConnectionWindow = http2WindowBytes;
  c.http2Client.settings = c.http2Server.settings;
  return c;
}

HttpClientServer::HttpClientServer(transport::tcp::TcpStack& clientTcp, transport::tcp::TcpStack& serverTcp,
                                   const HttpClientServerConfig& config) {
  switch (config.version) {
    case HttpVersion::Http1:
      m_origin = {serverTcp.node(), config.http1Server.port};
      m_h1server = std::make_unique<http::Http1Server>(serverTcp, m_board, config.http1Server);
      m_h1client = std::make_unique<http::Http1Client>(clientTcp, m_board, config.http1Client);
      break;
    case HttpVersion::Http2:
      m_origin = {serverTcp.node(), config.http2Server.port};
      m_h2server = std::make_unique<http::Http2Server>(serverTcp, m_board, m_wires, config.http2Server);
      m_h2client = std::make_unique<http::Http2Client>(clientTcp, m_board, m_wires, config.http2Client);
      break;
    case HttpVersion::Http3:
      throw std::invalid_argument("http_client_server.version: HTTP/3 runs over QUIC, not over TCP");
  }
}

HttpClientServer::~HttpClientServer() = default;

std::uint64_t HttpClientServer::request(const http::HttpRequestSpec& spec, Done done) {
  if (m_h1client) return m_h1client->request(spec, std::move(done));
  return m_h2client->request(spec, std::move(done));
}

}  // namespace wirelab::models::workload
