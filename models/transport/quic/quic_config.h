// File: models/transport/quic/quic_config.h
// Everything configurable about one QUIC-like endpoint: path MTU, congestion controller, the flow
// control limits it advertises, ACK policy, handshake message sizes and 0-RTT. The defaults follow
// the RFCs (9000, 9001, 9002); validate() rejects unusable values with a message naming the field.
#pragma once

#include <cstdint>
#include <functional>
#include <memory>
#include <string>

#include "models/transport/cc/congestion_controller.h"
#include "models/transport/transport_types.h"
#include "sim/core/time.h"

namespace wirelab::models::transport::quic {

struct QuicConfig {
  // Largest IP packet of the path. Datagrams carry up to mtuBytes - 28 bytes; QUIC needs at least
  // 1200 (RFC 9000 section 14), so mtuBytes >= 1228.
  std::int64_t mtuBytes = kDefaultMtuBytes;
  std::uint32_t connectionIdBytes = 8;  // on-wire length of every connection ID (0..20)

  // "newreno" or "cubic" (cc::parseAlgorithm), unless congestionFactory is set.
  std::string congestionControl = "newreno";
  std::int64_t initialWindowPackets = 10;  // RFC 9002 7.2: 10 * max_datagram_size
  std::int64_t minimumWindowPackets = 2;   // RFC 9002 7.2 kMinimumWindow
  bool hystartPlusPlus = false;
  // Recovery periods reduce the flight with Proportional Rate Reduction (RFC 6937), the gradual
  // reduction RFC 9002 section 7.3.2 allows, as Chromium and quiche do; false: the window is cut at
  // once and only one packet may exceed it.
  bool proportionalRateReduction = true;
  // Optional: builds the controller instead (tests, custom algorithms).
  std::function<std::unique_ptr<cc::CongestionController>(const cc::CongestionConfig&)> congestionFactory;

  // Flow control credit this endpoint grants (RFC 9000 section 4): initial_max_data and
  // initial_max_stream_data_*; updates (MAX_DATA, MAX_STREAM_DATA) go out when half is consumed.
  std::int64_t initialMaxData = 16 * 1024 * 1024;
  std::int64_t initialMaxStreamData = 4 * 1024 * 1024;
  std::int64_t initialMaxStreamsBidi = 100;  // MAX_STREAMS is not modelled: a per-connection cap

  // ACK policy, RFC 9000 section 13.2.
  sim::Duration maxAckDelay = sim::Milliseconds(25);
  std::int64_t ackElicitingThreshold = 2;

  // Loss detection, RFC 9002 section 6.
  std::int64_t packetThreshold = 3;
  sim::Duration initialRtt = sim::Milliseconds(333);

  // Handshake messages (TLS 1.3 over QUIC, RFC 9001), in bytes of CRYPTO data.
  std::int64_t clientHelloBytes = 300;
  std::int64_t serverHelloBytes = 90;
  // EncryptedExtensions + Certificate + CertificateVerify + Finished: a ~2.6 KB chain keeps the
  // server's first flight (about 3.3 KB on the wire) within 3x the client's 1200-byte Initial.
  std::int64_t serverHandshakeBytes = 3000;
  std::int64_t serverResumedHandshakeBytes = 150;  // PSK resumption: no certificate
  std::int64_t clientFinishedBytes = 36;
  std::int64_t sessionTicketBytes = 200;  // NewSessionTicket, sent after the handshake
  bool enableZeroRtt = true;              // client: use a cached ticket; server: accept 0-RTT
  bool issueSessionTickets = true;        // server

  sim::Duration idleTimeout = sim::Seconds(30);  // RFC 9000 section 10.1
  bool pacing = false;                           // RFC 9002 section 7.7 (N = 1.25)
  std::int64_t maxBufferedPackets = 16;          // packets kept until their keys arrive (RFC 9001 5.7)

  std::uint32_t maxDatagramBytes() const { return static_cast<std::uint32_t>(mtuBytes) - 28; }
  // Throws std::invalid_argument naming the first unusable parameter.
  void validate() const;
  // The controller this config asks for (validates first).
  std::unique_ptr<cc::CongestionController> makeController() const;
};

}  // namespace wirelab::models::transport::quic
