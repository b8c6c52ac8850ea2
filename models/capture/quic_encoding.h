// File: models/capture/quic_encoding.h
// A simulated QUIC datagram (models/transport/quic/quic_wire.h, a summary without payload bytes)
// as a capture shows it after the UDP header: the header of its first packet, laid out as RFC 9000
// section 17 says, so that analysers recognise QUIC and group packets by connection:
// - Initial, Handshake and 0-RTT packets: the long header (17.2): header form and fixed bits, the
//   packet type (Table 5), Version 1, DCID and SCID with their lengths, for an Initial an empty
//   token (Token Length 0, 17.2.2), the Length of packet number and payload, the packet number;
// - 1-RTT packets: the short header (17.3.1): fixed bit, spin bit 0 (the model has no spin bit:
//   17.4 lets an endpoint send any value when it does not spin), key phase 0 (the model does no
//   key update), the DCID and the packet number.
// The packet number is truncated to the length the sender chose from its largest acknowledged
// packet (17.1, appendix A.2; carried in the datagram's flags) and that length is in the first
// byte's low bits. Header protection (RFC 9001 section 5.4) is not applied: its mask comes from
// the header-protection key and a sample of the encrypted payload, and the model has neither, so
// the first byte's low bits and the packet number are written unprotected (analysers without keys
// show them as protected anyway; Wireshark, which derives Initial keys from the DCID, unmasks an
// Initial's unprotected bits and so shows a wrong packet number for it). Payload bytes do not
// exist: after the header come zeros up to the end of the header-protection sample (RFC 9001
// 5.4.2: 20 bytes from the start of the packet number, present in every packet), which readers
// need before they parse a header, and the capture ends there. A datagram of two coalesced packets
// (RFC 9000 12.2: an Initial and a Handshake) is captured through the second's header and sample:
// the first packet whole, its payload as zeros, then the second's long header, whose Length
// covers the rest of the datagram (its frames and the datagram's PADDING).
//
// Connection IDs: the model's are 32-bit (unique per endpoint); a capture shows 8 bytes (the
// length QuicConfig::connectionIdBytes has in every scenario): the IPv4 address the capture gives
// the node whose endpoint issued and routes the ID, then the model's ID, big-endian. The receiver
// routes by DCID, so a DCID's node is the packet's destination, an SCID's its source; the same
// ID therefore has the same bytes in both directions of a connection.
#pragma once

#include <array>
#include <cstdint>
#include <vector>

#include "models/transport/quic/quic_wire.h"
#include "sim/net/packet.h"

namespace wirelab::models::capture {

inline constexpr std::uint32_t kQuicVersion1 = 0x00000001;  // RFC 9000 section 15
inline constexpr std::size_t kQuicConnectionIdLength = 8;
// RFC 9001 section 5.4.2: the sample is 16 bytes, 4 bytes after the packet number's start.
inline constexpr std::size_t kHeaderProtectionSampleEnd = 4 + 16;
using QuicConnectionId = std::array<std::uint8_t, kQuicConnectionIdLength>;

QuicConnectionId captureConnectionId(sim::NodeId owner, std::uint32_t modelId);

// RFC 9000 section 16: `value` in `length` bytes (1, 2, 4 or 8), big-endian, the first byte's two
// most significant bits giving the length (00, 01, 10, 11). `value` must fit in 8 * length - 2
// bits; a longer encoding than needed is allowed (section 16: values need not be minimal).
void appendVarint(std::vector<std::uint8_t>& out, std::uint64_t value, std::uint32_t length);

struct QuicLongHeaderFields {
  transport::quic::PacketType type = transport::quic::PacketType::Initial;  // not OneRtt
  QuicConnectionId dcid{};
  QuicConnectionId scid{};
  std::uint64_t packetNumber = 0;
  std::uint32_t packetNumberLength = 1;  // 1..4
  std::uint64_t length = 0;              // the Length field: packet number and payload bytes
  std::uint32_t lengthBytes = 1;         // the size of its varint
};
void appendQuicLongHeader(std::vector<std::uint8_t>& out, const QuicLongHeaderFields& h);

void appendQuicShortHeader(std::vector<std::uint8_t>& out, const QuicConnectionId& dcid,
                           std::uint64_t packetNumber, std::uint32_t packetNumberLength);

// The header of the first packet of `d`, sent from `source` to `destination` in a UDP payload of
// `udpPayloadBytes`, then zeros to the end of its header-protection sample; for two coalesced
// packets, the first whole (zeros after its header) and the second's header and sample.
void appendQuicHeader(std::vector<std::uint8_t>& out, const transport::quic::QuicDatagram& d,
                      sim::NodeId source, sim::NodeId destination, std::uint32_t udpPayloadBytes);

}  // namespace wirelab::models::capture
