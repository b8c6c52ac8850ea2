// File: models/transport/tls/tls_session.h
// The cost of TLS on top of a TCP connection, as a model of its handshake flights: their sizes on
// the wire (the server's certificate chain dominates) and the round trips before application data
// may flow. TLS 1.3 (RFC 8446) full handshake: 1 RTT after TCP's; TLS 1.3 resumption with a PSK:
// still 1 RTT, but no certificate; TLS 1.2 (RFC 5246) full handshake: 2 RTTs; TLS 1.2 abbreviated
// (session resumption): 1 RTT. Encryption itself is not modelled (record overhead is optional).
//
// Both ends wrap their TcpConnection; the application uses the session's send/onData instead of
// the connection's, and starts sending in onSecure.
#pragma once

#include <cstdint>
#include <functional>
#include <optional>
#include <string_view>
#include <vector>

#include "models/transport/tcp/tcp_connection.h"

namespace wirelab::models::transport::tls {

enum class TlsVersion { Tls12, Tls13 };

struct TlsConfig {
  TlsVersion version = TlsVersion::Tls13;
  bool resumption = false;  // the client holds a session ticket / session ID for this server
  // Flight sizes in bytes (RFC 8446 / RFC 5246 message sizes with typical extensions).
  std::uint32_t clientHelloBytes = 517;          // Chrome pads ClientHello to 517 bytes
  std::uint32_t serverHelloBytes = 122;          // ServerHello (+ change cipher spec)
  std::uint32_t certificateChainBytes = 3500;    // leaf + intermediate, compressed or not
  std::uint32_t serverHandshakeTailBytes = 350;  // EncryptedExtensions/KeyExchange, CertVerify, Finished
  std::uint32_t clientFinishedBytes = 80;        // client Finished (+ KeyExchange for TLS 1.2)
  std::uint32_t serverFinishedBytes = 60;        // TLS 1.2 server Finished (+ ticket)
  std::uint32_t resumedServerFlightBytes = 200;  // resumption: ServerHello .. Finished, no certificate

  // Throws std::invalid_argument naming a bad parameter.
  void validate() const;
};

std::optional<TlsVersion> parseTlsVersion(std::string_view text);  // "1.2", "1.3"

class TlsSession {
 public:
  enum class Role { Client, Server };
  // Takes over the connection's onConnected/onData callbacks. For a server, create the session in
  // the listener's accept callback.
  TlsSession(tcp::TcpConnection& connection, Role role, const TlsConfig& config);

  // Application data, after onSecure (bytes written earlier wait for the handshake).
  void send(std::uint64_t bytes);
  std::function<void()> onTcpConnected;             // client: TCP's handshake is done, TLS's begins
  std::function<void()> onSecure;                   // the handshake is done at this end
  std::function<void(std::uint64_t bytes)> onData;  // application bytes, in order

  bool secure() const { return m_secure; }
  tcp::TcpConnection& connection() const { return *m_connection; }
  Role role() const { return m_role; }
  // Handshake bytes this end sent and received.
  std::uint64_t handshakeBytesSent() const { return m_handshakeSent; }

 private:
  struct Step {
    std::uint64_t receive;  // handshake bytes to receive before this step's flight
    std::uint64_t send;     // then send this many handshake bytes
  };
  void runSteps();
  void onTcpData(std::uint64_t bytes);

  tcp::TcpConnection* m_connection;
  Role m_role;
  TlsConfig m_config;
  // The handshake as a script of flights: what this end must receive before sending its next flight.
  std::vector<Step> m_steps;
  std::size_t m_step = 0;
  std::uint64_t m_receivedInStep = 0;
  bool m_secure = false;
  std::uint64_t m_handshakeSent = 0;
  std::uint64_t m_pendingApplicationBytes = 0;
};

}  // namespace wirelab::models::transport::tls
