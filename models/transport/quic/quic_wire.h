// File: models/transport/quic/quic_wire.h
// The QUIC-like transport's packets as the simulator carries them: one UDP datagram's summary in a
// trivially copyable 96-byte struct (Packet::kHeaderCapacity), holding either up to two coalesced
// long-header packets (Initial, Handshake: CRYPTO + ACK) or one short/0-RTT packet (ACK, one flow
// control frame, up to three STREAM frames). No payload bytes exist; the sizes a real encoder
// would produce (RFC 9000 sections 16, 17 and 19) are computed by the functions below.
#pragma once

#include <cstddef>
#include <cstdint>

#include "sim/net/packet.h"

namespace wirelab::models::transport::quic {

enum class PacketType : std::uint8_t { Initial, Handshake, ZeroRtt, OneRtt };
// Packet-number spaces, RFC 9000 section 12.3: 0-RTT and 1-RTT share the Application space.
enum class PacketSpace : std::uint8_t { Initial, Handshake, Application };
inline constexpr std::size_t kSpaceCount = 3;

constexpr PacketSpace spaceOf(PacketType t) {
  return t == PacketType::Initial     ? PacketSpace::Initial
         : t == PacketType::Handshake ? PacketSpace::Handshake
                                      : PacketSpace::Application;
}
constexpr std::size_t indexOf(PacketSpace s) { return static_cast<std::size_t>(s); }
const char* toString(PacketType type);    // qlog names: "initial", "handshake", "0RTT", "1RTT"
const char* toString(PacketSpace space);  // "initial", "handshake", "application_data"

// ACK frame, RFC 9000 section 19.3, with the first range and up to kMaxAckRanges - 1 further
// (gap, length) pairs in the RFC's encoding. A receiver reports its most recent ranges; older ones
// fall out, which at worst makes the sender retransmit data that had arrived.
inline constexpr std::size_t kMaxAckRanges = 3;
struct AckGapRange {
  std::uint16_t gap;     // unacknowledged packets below the previous range, minus one
  std::uint16_t length;  // acknowledged packets below this range's largest
};
struct AckFrame {
  std::uint32_t largest;
  std::uint32_t firstRange;   // packets below `largest` also acknowledged
  std::uint32_t delayMicros;  // ACK Delay (sent with ack_delay_exponent 3, so 8 us resolution)
  std::uint8_t extraRangeCount;
  std::uint8_t reserved[3];
  AckGapRange extra[kMaxAckRanges - 1];
};

// One STREAM frame (RFC 9000 section 19.8): a byte range of a stream, 48-bit offset.
struct StreamFrame {
  std::uint32_t streamId;
  std::uint32_t offsetLow;
  std::uint16_t offsetHigh;
  std::uint16_t lengthAndFin;  // bit 15: FIN; bits 0-14: length (at most a datagram's worth)

  constexpr std::uint64_t offset() const { return (std::uint64_t{offsetHigh} << 32) | offsetLow; }
  constexpr std::uint32_t length() const { return lengthAndFin & 0x7fffu; }
  constexpr bool fin() const { return (lengthAndFin & 0x8000u) != 0; }
  static StreamFrame make(std::uint64_t streamId, std::uint64_t offset, std::uint32_t length, bool fin);
};

// MAX_DATA (streamId == kConnectionLevel) or MAX_STREAM_DATA, RFC 9000 sections 19.9 and 19.10.
inline constexpr std::uint32_t kConnectionLevel = 0xffffffffu;
struct FlowFrame {
  std::uint32_t streamId;
  std::uint32_t maximumLow;
  std::uint16_t maximumHigh;
  std::uint16_t reserved;

  constexpr std::uint64_t maximum() const { return (std::uint64_t{maximumHigh} << 32) | maximumLow; }
  static FlowFrame make(std::uint64_t streamId, std::uint64_t maximum);
};

// Frame bits of a packet (which optional frames it carries).
namespace frames {
inline constexpr std::uint8_t kAck = 1u << 0;
inline constexpr std::uint8_t kCrypto = 1u << 1;
inline constexpr std::uint8_t kPing = 1u << 2;
inline constexpr std::uint8_t kConnectionClose = 1u << 3;
// The CRYPTO frame ends the sender's TLS flight in this space (what a TLS parser would recognise
// from the message lengths; the model has no message bytes to parse).
inline constexpr std::uint8_t kCryptoFin = 1u << 4;
inline constexpr std::uint8_t kPskOffered = 1u << 5;  // long, client: ClientHello offers a ticket
// long, server, with EncryptedExtensions: the early_data extension, 0-RTT accepted (RFC 9001 4.6.1)
inline constexpr std::uint8_t kEarlyDataAccepted = 1u << 6;
inline constexpr std::uint8_t kHandshakeDone = 1u << 5;  // short: HANDSHAKE_DONE, RFC 9000 19.20
inline constexpr std::uint8_t kSessionTicket = 1u << 6;  // short: CRYPTO carrying NewSessionTicket
inline constexpr std::uint8_t kFlow = 1u << 7;           // short: the flow frame is present
}  // namespace frames

struct LongPacket {  // Initial or Handshake, RFC 9000 section 17.2
  std::uint32_t packetNumber;
  PacketType type;
  std::uint8_t frames;
  std::uint16_t cryptoLength;
  std::uint32_t cryptoOffset;
  AckFrame ack;
};

inline constexpr std::size_t kMaxStreamFrames = 3;
struct ShortPacket {  // 1-RTT (RFC 9000 section 17.3) or 0-RTT (section 17.2.3)
  std::uint32_t packetNumber;
  PacketType type;
  std::uint8_t frames;
  std::uint8_t streamFrameCount;
  std::uint8_t reserved;
  AckFrame ack;
  FlowFrame flow;
  StreamFrame streams[kMaxStreamFrames];
};

// Transport parameters (RFC 9000 section 18.2) the model exchanges: carried by the datagram that
// holds the first byte of the ClientHello (client) or of EncryptedExtensions (server).
struct TransportParameters {
  std::uint32_t initialMaxData;
  std::uint32_t initialMaxStreamData;
  std::uint16_t initialMaxStreamsBidi;
  std::uint16_t maxAckDelayMillis;
};

namespace datagram_flags {
inline constexpr std::uint8_t kTransportParameters = 1u << 0;
inline constexpr std::uint8_t kShortForm = 1u << 1;  // body holds shortForm, else longForm
// Bits 2-3 (packet 0) and 4-5 (packet 1): the packet number length the sender chose (RFC 9000
// section 17.1), minus one. The model needs only the sizes it counted with it; captures
// (models/capture/quic_encoding.h) write the packet number in that many bytes.
inline constexpr unsigned kPacketNumberLengthShift = 2;
}  // namespace datagram_flags

struct QuicDatagram {
  std::uint32_t dcid;  // the receiver finds its connection by this, not by address (section 5.2)
  std::uint32_t scid;
  std::uint8_t packetCount;  // long form: 1 or 2 coalesced packets (section 12.2); short form: 1
  std::uint8_t flags;
  std::uint16_t paddingBytes;  // PADDING frames at the end of the last packet
  struct LongForm {
    LongPacket packets[2];
    TransportParameters parameters;
  };
  union Body {
    LongForm longForm;
    ShortPacket shortForm;
  } body;

  bool isShortForm() const { return (flags & datagram_flags::kShortForm) != 0; }
  // Of packet 0 or 1: 1 to 4 bytes.
  std::uint32_t packetNumberLength(std::size_t packet) const {
    return ((flags >> (datagram_flags::kPacketNumberLengthShift + 2 * packet)) & 3u) + 1;
  }
  void setPacketNumberLength(std::size_t packet, std::uint32_t length) {
    const unsigned shift = datagram_flags::kPacketNumberLengthShift + 2 * static_cast<unsigned>(packet);
    flags = static_cast<std::uint8_t>((flags & ~(3u << shift)) | (((length - 1) & 3u) << shift));
  }
};
static_assert(sizeof(QuicDatagram) <= sim::Packet::kHeaderCapacity, "QUIC datagram summary too large");

// ---- Encoded sizes (what a real encoder would put on the wire) ----
inline constexpr std::uint32_t kAeadTagBytes = 16;          // AEAD_AES_128_GCM, RFC 9001 section 5.3
inline constexpr std::uint32_t kMinInitialDatagram = 1200;  // RFC 9000 section 14.1
inline constexpr std::uint32_t kAckDelayExponent = 3;       // RFC 9000 section 18.2 default

// Variable-length integer size, RFC 9000 section 16.
constexpr std::uint32_t varintSize(std::uint64_t v) {
  return v < (1u << 6) ? 1 : v < (1u << 14) ? 2 : v < (1u << 30) ? 4 : 8;
}
// Packet number length, RFC 9000 appendix A.2: enough bytes for twice the unacknowledged range.
std::uint32_t packetNumberLength(std::uint64_t packetNumber, std::uint64_t largestAcked, bool anyAcked);
// Header bytes before the payload (long header includes the Length field for `payloadBytes`).
std::uint32_t longHeaderBytes(PacketType type, std::uint32_t connectionIdBytes, std::uint32_t pnLength,
                              std::uint32_t payloadBytes);
constexpr std::uint32_t shortHeaderBytes(std::uint32_t connectionIdBytes, std::uint32_t pnLength) {
  return 1 + connectionIdBytes + pnLength;
}
std::uint32_t ackFrameBytes(const AckFrame& ack);
constexpr std::uint32_t streamFrameOverhead(std::uint64_t streamId, std::uint64_t offset,
                                            std::uint32_t length) {
  return 1 + varintSize(streamId) + (offset > 0 ? varintSize(offset) : 0) + varintSize(length);
}
constexpr std::uint32_t cryptoFrameOverhead(std::uint64_t offset, std::uint32_t length) {
  return 1 + varintSize(offset) + varintSize(length);
}
constexpr std::uint32_t flowFrameBytes(const FlowFrame& f) {
  return 1 + (f.streamId == kConnectionLevel ? 0 : varintSize(f.streamId)) + varintSize(f.maximum());
}
// CONNECTION_CLOSE with error code, frame type and an empty reason (section 19.19).
inline constexpr std::uint32_t kConnectionCloseBytes = 4;

// Decoded ACK ranges, largest first: [smallest, largest] inclusive.
struct AckRanges {
  std::uint64_t smallest[kMaxAckRanges];
  std::uint64_t largest[kMaxAckRanges];
  std::size_t count = 0;
};
AckRanges decodeAckRanges(const AckFrame& ack);

}  // namespace wirelab::models::transport::quic
