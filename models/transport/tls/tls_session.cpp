#include "models/transport/tls/tls_session.h"

#include <algorithm>
#include <stdexcept>
#include <string>

namespace wirelab::models::transport::tls {

void TlsConfig::validate() const {
  const auto fail = [](const char* field) {
    throw std::invalid_argument(std::string("tls: ") + field + " must be positive");
  };
  if (clientHelloBytes == 0) fail("clientHelloBytes");
  if (serverHelloBytes == 0) fail("serverHelloBytes");
  if (clientFinishedBytes == 0) fail("clientFinishedBytes");
  if (serverFinishedBytes == 0) fail("serverFinishedBytes");
  if (resumedServerFlightBytes == 0) fail("resumedServerFlightBytes");
}

std::optional<TlsVersion> parseTlsVersion(std::string_view text) {
  if (text == "1.2" || text == "tls1.2") return TlsVersion::Tls12;
  if (text == "1.3" || text == "tls1.3") return TlsVersion::Tls13;
  return std::nullopt;
}

TlsSession::TlsSession(tcp::TcpConnection& connection, Role role, const TlsConfig& config)
    : m_connection(&connection), m_role(role), m_config(config) {
  config.validate();
  const TlsConfig& c = config;
  const std::uint64_t hello = c.clientHelloBytes;
  const std::uint64_t fullServerFlight =
      std::uint64_t{c.serverHelloBytes} + c.certificateChainBytes + c.serverHandshakeTailBytes;
  const bool client = role == Role::Client;
  if (c.version == TlsVersion::Tls13) {
    // RFC 8446 2: ClientHello -> ServerHello .. Finished -> client Finished, then data: 1 RTT.
    // With a PSK (2.2) the server sends no certificate; the flight count is the same.
    const std::uint64_t serverFlight = c.resumption ? c.resumedServerFlightBytes : fullServerFlight;
    m_steps = client ? std::vector<Step>{{0, hello}, {serverFlight, c.clientFinishedBytes}}
                     : std::vector<Step>{{hello, serverFlight}, {c.clientFinishedBytes, 0}};
  } else if (!c.resumption) {
    // RFC 5246 7.3: ClientHello -> ServerHello, Certificate, ServerKeyExchange, ServerHelloDone
    // -> ClientKeyExchange, ChangeCipherSpec, Finished -> ChangeCipherSpec, Finished: 2 RTTs.
    m_steps =
        client ? std::vector<Step>{{0, hello},
                                   {fullServerFlight, c.clientFinishedBytes},
                                   {c.serverFinishedBytes, 0}}
               : std::vector<Step>{{hello, fullServerFlight}, {c.clientFinishedBytes, c.serverFinishedBytes}};
  } else {
    // RFC 5246 7.3, abbreviated handshake: ClientHello -> ServerHello, CCS, Finished -> CCS,
    // Finished: 1 RTT.
    const std::uint64_t serverFlight = std::uint64_t{c.serverHelloBytes} + c.serverFinishedBytes;
    m_steps = client ? std::vector<Step>{{0, hello}, {serverFlight, c.clientFinishedBytes}}
                     : std::vector<Step>{{hello, serverFlight}, {c.clientFinishedBytes, 0}};
  }
  connection.callbacks().onData = [this](std::uint64_t bytes) { onTcpData(bytes); };
  if (client) {
    connection.callbacks().onConnected = [this] {
      if (onTcpConnected) onTcpConnected();
      runSteps();
    };
    if (connection.state() == tcp::TcpState::Established) runSteps();
  } else {
    runSteps();  // nothing to send before the ClientHello: waits on its first step
  }
}

void TlsSession::runSteps() {
  while (m_step < m_steps.size() && m_receivedInStep >= m_steps[m_step].receive) {
    const std::uint64_t flight = m_steps[m_step].send;
    if (flight > 0) {
      m_connection->send(flight);
      m_handshakeSent += flight;
    }
    ++m_step;
    m_receivedInStep = 0;
  }
  if (m_step == m_steps.size() && !m_secure) {
    m_secure = true;
    if (onSecure) onSecure();
    if (m_pendingApplicationBytes > 0) {
      const std::uint64_t pending = m_pendingApplicationBytes;
      m_pendingApplicationBytes = 0;
      m_connection->send(pending);
    }
  }
}

void TlsSession::onTcpData(std::uint64_t bytes) {
  // Handshake bytes come first in the stream; whatever follows the last expected flight is
  // application data.
  while (bytes > 0 && !m_secure && m_step < m_steps.size()) {
    const std::uint64_t need = m_steps[m_step].receive - m_receivedInStep;
    const std::uint64_t taken = std::min(need, bytes);
    m_receivedInStep += taken;
    bytes -= taken;
    runSteps();
  }
  if (bytes > 0 && onData) onData(bytes);
}

void TlsSession::send(std::uint64_t bytes) {
  if (m_secure) {
    m_connection->send(bytes);
  } else {
    m_pendingApplicationBytes += bytes;
  }
}

}  // namespace wirelab::models::transport::tls
