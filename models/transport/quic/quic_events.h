// File: models/transport/quic/quic_events.h
// The facts a QUIC connection reports through its trace signals, one struct per signal. Every
// event carries the simulated time and, where something changed, a static cause string ("PTO",
// "packet threshold loss", "handshake complete", "0-RTT accepted", ...) so that charts and the
// qlog writer can say why.
#pragma once

#include <cstdint>

#include "models/transport/quic/quic_wire.h"
#include "models/transport/transport_types.h"
#include "sim/core/time.h"

namespace wirelab::models::transport::quic {

enum class Role : std::uint8_t { Client, Server };
const char* toString(Role role);

// The states of qlog's connectivity:connection_state_updated (draft-ietf-quic-qlog-quic-events).
enum class ConnectionState : std::uint8_t {
  Idle,
  Attempted,           // client: first Initial sent
  HandshakeStarted,    // client: server Initial processed; server: ClientHello processed
  HandshakeComplete,   // TLS handshake complete (RFC 9001 section 4.1.1)
  HandshakeConfirmed,  // RFC 9001 section 4.1.2
  Closed,
};
const char* toString(ConnectionState state);  // "attempted", "handshake_started", ...

// One packet sent or received. Exactly one of longPacket / shortPacket is set; the pointers are
// valid during the emission only.
struct QuicPacketEvent {
  sim::SimTime time;
  PacketType type = PacketType::Initial;
  std::uint64_t packetNumber = 0;
  std::uint32_t sizeBytes = 0;      // this packet's share of the datagram, padding included
  std::uint32_t paddingBytes = 0;   // PADDING frames in it
  std::uint32_t datagramBytes = 0;  // the whole UDP payload
  const LongPacket* longPacket = nullptr;
  const ShortPacket* shortPacket = nullptr;
  const TransportParameters* parameters = nullptr;  // when the datagram carried them
};

struct QuicLossEvent {
  sim::SimTime time;
  PacketType type = PacketType::Initial;
  std::uint64_t packetNumber = 0;
  std::uint32_t sizeBytes = 0;
  const char* cause = "";  // "packet threshold loss" or "time threshold loss"
};

struct QuicMetricsEvent {
  sim::SimTime time;
  std::uint64_t congestionWindow = 0;
  std::uint64_t ssthresh = 0;
  std::uint64_t bytesInFlight = 0;
  sim::Duration smoothedRtt;
  sim::Duration latestRtt;
  sim::Duration minRtt;
  sim::Duration rttVariance;
  std::uint32_t ptoCount = 0;
  const char* cause = "";  // the congestion controller's lastCause(), or "PTO", ...
};

struct QuicStateEvent {
  sim::SimTime time;
  ConnectionState from = ConnectionState::Idle;
  ConnectionState to = ConnectionState::Idle;
  const char* cause = "";
};

struct QuicDeliveryEvent {
  sim::SimTime time;
  std::uint64_t streamId = 0;
  std::uint64_t offset = 0;  // of the first byte delivered now
  std::uint64_t bytes = 0;
  bool fin = false;
  std::uint64_t totalDelivered = 0;  // over all streams of the connection
  // "in order", or "hole filled: buffered data released" when the frame that arrived completed
  // a gap and bytes that had waited behind it went too (head-of-line blocking within the stream).
  const char* cause = "";
};

// Frames queued again after a loss or for a PTO probe (QUIC repeats frames, not packets).
struct QuicRetransmitEvent {
  sim::SimTime time;
  PacketSpace space = PacketSpace::Initial;
  std::uint64_t packetNumber = 0;  // the packet whose frames are repeated
  std::uint32_t frames = 0;
  std::uint64_t streamBytes = 0;
  const char* cause = "";
};

// The peer's address changed (the server saw a migration) or this client moved.
struct QuicPathEvent {
  sim::SimTime time;
  Endpoint from;
  Endpoint to;
  const char* cause = "";
};

}  // namespace wirelab::models::transport::quic
