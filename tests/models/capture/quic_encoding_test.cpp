// File: tests/models/capture/quic_encoding_test.cpp
// The QUIC header a capture shows, byte by byte against RFC 9000's layouts: variable-length
// integers (section 16 and the examples of appendix A.1), the long header of an Initial and of a
// Handshake packet (17.2, 17.2.2, 17.2.4), the 0-RTT long header (17.2.3), the 1-RTT short header
// (17.3.1), packet number truncation (17.1) and the connection IDs a capture gives the model's.
// A datagram of two coalesced packets (12.2) shows both headers.
#include "models/capture/quic_encoding.h"

#include <gtest/gtest.h>

#include <vector>

#include "models/capture/ipv4_encoding.h"

namespace wirelab::models::capture {
namespace {

namespace q = transport::quic;
using Bytes = std::vector<std::uint8_t>;

Bytes varint(std::uint64_t value, std::uint32_t length) {
  Bytes out;
  appendVarint(out, value, length);
  return out;
}

TEST(QuicEncoding, VarintsAreTheExamplesOfRfc9000AppendixA1) {
  EXPECT_EQ(varint(151288809941952652u, 8), (Bytes{0xc2, 0x19, 0x7c, 0x5e, 0xff, 0x14, 0xe8, 0x8c}));
  EXPECT_EQ(varint(494878333u, 4), (Bytes{0x9d, 0x7f, 0x3e, 0x7d}));
  EXPECT_EQ(varint(15293u, 2), (Bytes{0x7b, 0xbd}));
  EXPECT_EQ(varint(37u, 1), (Bytes{0x25}));
  EXPECT_EQ(varint(37u, 2), (Bytes{0x40, 0x25}));  // a longer encoding than needed is allowed
  EXPECT_EQ(varint(0u, 1), (Bytes{0x00}));
  EXPECT_EQ(varint(63u, 1), (Bytes{0x3f}));
  EXPECT_EQ(varint(64u, 2), (Bytes{0x40, 0x40}));
}

TEST(QuicEncoding, ConnectionIdIsTheOwnersAddressThenTheModelsId) {
  // Node 1 is 10.0.0.2 (ipv4_encoding.h).
  EXPECT_EQ(captureConnectionId(1, 0xdeadbeef), (QuicConnectionId{10, 0, 0, 2, 0xde, 0xad, 0xbe, 0xef}));
  EXPECT_NE(captureConnectionId(1, 7), captureConnectionId(2, 7));
}

const QuicConnectionId kServerId{10, 0, 0, 2, 0x11, 0x22, 0x33, 0x44};
const QuicConnectionId kClientId{10, 0, 0, 1, 0x55, 0x66, 0x77, 0x88};

Bytes concat(std::initializer_list<Bytes> parts) {
  Bytes out;
  for (const Bytes& p : parts) out.insert(out.end(), p.begin(), p.end());
  return out;
}
Bytes id(const QuicConnectionId& c) { return Bytes(c.begin(), c.end()); }

TEST(QuicEncoding, InitialLongHeaderFieldByField) {
  QuicLongHeaderFields h;
  h.type = q::PacketType::Initial;
  h.dcid = kServerId;
  h.scid = kClientId;
  h.packetNumber = 0x1234;  // two bytes chosen: 0x1234
  h.packetNumberLength = 2;
  h.length = 1162;  // needs the two-byte varint (64..16383)
  h.lengthBytes = 2;
  Bytes out;
  appendQuicLongHeader(out, h);
  const Bytes expected = concat({
      {0xc1},                    // 1 (long), 1 (fixed), 00 (Initial), 00 (reserved), 01 (2-byte PN)
      {0x00, 0x00, 0x00, 0x01},  // Version 1
      {0x08},                    // DCID length
      id(kServerId),             //
      {0x08},                    // SCID length
      id(kClientId),             //
      {0x00},                    // Token Length 0 (17.2.2): no token
      {0x44, 0x8a},              // Length 1162 = 0x048a as a two-byte varint (01 prefix)
      {0x12, 0x34},              // Packet Number
  });
  EXPECT_EQ(out, expected);
}

TEST(QuicEncoding, HandshakeLongHeaderHasNoTokenAndItsOwnType) {
  QuicLongHeaderFields h;
  h.type = q::PacketType::Handshake;
  h.dcid = kClientId;
  h.scid = kServerId;
  h.packetNumber = 0x0102030405;  // truncated to its low byte
  h.packetNumberLength = 1;
  h.length = 40;
  h.lengthBytes = 1;
  Bytes out;
  appendQuicLongHeader(out, h);
  const Bytes expected = concat({
      {0xe0},  // 1, 1, 10 (Handshake), 00, 00 (1-byte PN)
      {0x00, 0x00, 0x00, 0x01},
      {0x08},
      id(kClientId),
      {0x08},
      id(kServerId),
      {0x28},  // Length 40
      {0x05},  // Packet Number, low byte
  });
  EXPECT_EQ(out, expected);
  h.type = q::PacketType::ZeroRtt;
  out.clear();
  appendQuicLongHeader(out, h);
  EXPECT_EQ(out.front(), 0xd0);  // 01: 0-RTT (17.2.3)
  EXPECT_EQ(out.size(), expected.size());
}

TEST(QuicEncoding, ShortHeaderFieldByField) {
  Bytes out;
  appendQuicShortHeader(out, kServerId, 0xabcdef, 3);
  // 0 (short), 1 (fixed), 0 (spin), 00 (reserved), 0 (key phase), 10 (3-byte PN); DCID with no
  // length (17.3.1); the packet number's three low bytes.
  EXPECT_EQ(out, concat({{0x42}, id(kServerId), {0xab, 0xcd, 0xef}}));
  out.clear();
  appendQuicShortHeader(out, kServerId, 0x1ff, 1);
  EXPECT_EQ(out, concat({{0x40}, id(kServerId), {0xff}}));
}

// A datagram as the model sends it, and the header a capture shows for it.
TEST(QuicEncoding, ADatagramsFirstPacketHeaderUsesTheSendersPacketNumberLength) {
  q::QuicDatagram d{};
  d.dcid = 0x11223344;  // routed by node 1 (the destination)
  d.scid = 0x55667788;  // issued by node 0 (the source)
  d.packetCount = 1;
  d.flags = q::datagram_flags::kShortForm;
  d.body.shortForm = q::ShortPacket{};
  d.body.shortForm.type = q::PacketType::OneRtt;
  d.body.shortForm.packetNumber = 0x12345;
  d.setPacketNumberLength(0, 2);
  EXPECT_EQ(d.packetNumberLength(0), 2u);
  Bytes out;
  appendQuicHeader(out, d, 0, 1, 1200);
  // Then zeros to the end of the header-protection sample: 20 bytes from the packet number's start.
  EXPECT_EQ(out, concat({{0x41}, id(kServerId), {0x23, 0x45}, Bytes(18, 0)}));
  out.clear();
  appendQuicHeader(out, d, 0, 1, 20);  // never past the datagram's end
  EXPECT_EQ(out.size(), 20u);

  // 0-RTT: the long header, its Length filling the datagram: 1200 = 1 + 4 + 1 + 8 + 1 + 8 + 2 + 1175.
  d.body.shortForm.type = q::PacketType::ZeroRtt;
  out.clear();
  appendQuicHeader(out, d, 0, 1, 1200);
  ASSERT_EQ(out.size(), 1 + 4 + 1 + 8 + 1 + 8 + 2 + 20u);
  EXPECT_EQ(out[0], 0xd1);
  EXPECT_EQ(Bytes(out.begin() + 6, out.begin() + 14), id(kServerId));
  EXPECT_EQ(Bytes(out.begin() + 15, out.begin() + 23), id(kClientId));
  EXPECT_EQ(Bytes(out.begin() + 23, out.begin() + 27),
            (Bytes{0x44, 0x97, 0x23, 0x45}));  // Length 1175 = 0x497
  EXPECT_EQ(Bytes(out.begin() + 27, out.end()), Bytes(18, 0));
}

// A server's datagram of an Initial (a 90-byte ServerHello in CRYPTO) and a Handshake packet,
// coalesced (RFC 9000 12.2), from node 1 to node 0; packet number lengths 1.
q::QuicDatagram initialWithHandshake() {
  q::QuicDatagram d{};
  d.dcid = 0x11223344;
  d.scid = 0x55667788;
  d.packetCount = 2;
  q::LongPacket& initial = d.body.longForm.packets[0];
  initial.type = q::PacketType::Initial;
  initial.frames = q::frames::kCrypto;
  initial.cryptoLength = 90;
  d.body.longForm.packets[1].type = q::PacketType::Handshake;
  d.setPacketNumberLength(0, 1);
  d.setPacketNumberLength(1, 1);
  return d;
}

TEST(QuicEncoding, CoalescedInitialsLengthCoversItsOwnFramesOnly) {
  q::QuicDatagram d = initialWithHandshake();
  q::LongPacket& initial = d.body.longForm.packets[0];
  initial.packetNumber = 3;
  initial.frames |= q::frames::kAck;
  initial.ack.largest = 2;
  // What the model counted (quic_connection_send.cpp): frames, then the AEAD tag.
  const std::uint32_t payload =
      q::ackFrameBytes(initial.ack) + q::cryptoFrameOverhead(0, 90) + 90 + q::kAeadTagBytes;
  Bytes out;
  appendQuicHeader(out, d, 1, 0, 1200);  // server to client: DCID at node 0, SCID at node 1
  const std::size_t header = 1 + 4 + 1 + 8 + 1 + 8 + 1 + 2 + 1;
  ASSERT_GT(out.size(), header + payload);  // the first packet whole, then the second's header
  EXPECT_EQ(out[0], 0xc0);
  EXPECT_EQ(Bytes(out.begin() + 6, out.begin() + 14), (Bytes{10, 0, 0, 1, 0x11, 0x22, 0x33, 0x44}));
  EXPECT_EQ(Bytes(out.begin() + 15, out.begin() + 23), (Bytes{10, 0, 0, 2, 0x55, 0x66, 0x77, 0x88}));
  EXPECT_EQ(out[23], 0x00);  // Token Length
  const std::uint32_t length = 1 + payload;
  EXPECT_EQ(Bytes(out.begin() + 24, out.begin() + 26), (Bytes{static_cast<std::uint8_t>(0x40 | (length >> 8)),
                                                              static_cast<std::uint8_t>(length & 0xff)}));
  EXPECT_EQ(out[header - 1], 0x03);
  // The header is what longHeaderBytes() counted for it.
  EXPECT_EQ(header, q::longHeaderBytes(q::PacketType::Initial, 8, 1, payload));
  // Its payload: zeros (the model has no bytes), up to where the second packet begins.
  EXPECT_EQ(Bytes(out.begin() + header, out.begin() + header + payload), Bytes(payload, 0));
}

TEST(QuicEncoding, CoalescedHandshakeIsCapturedAfterTheInitialWithTheRestOfTheDatagram) {
  q::QuicDatagram d = initialWithHandshake();
  q::LongPacket& handshake = d.body.longForm.packets[1];
  handshake.packetNumber = 0x0102;
  handshake.frames = q::frames::kCrypto;
  handshake.cryptoLength = 900;
  d.setPacketNumberLength(1, 2);
  const std::uint32_t initialPayload = q::cryptoFrameOverhead(0, 90) + 90 + q::kAeadTagBytes;
  const std::uint32_t initialBytes =
      q::longHeaderBytes(q::PacketType::Initial, 8, 1, initialPayload) + initialPayload;
  Bytes out;
  appendQuicHeader(out, d, 1, 0, 1200);
  // The second packet starts where the first's Length ends (RFC 9000 12.2) ...
  const std::size_t at = initialBytes;
  ASSERT_GE(out.size(), at + 27);
  EXPECT_EQ(out[at], 0xe1);  // long header, fixed bit, type Handshake (0x2), packet number length 2
  EXPECT_EQ(Bytes(out.begin() + at + 1, out.begin() + at + 5), (Bytes{0, 0, 0, 1}));  // version 1
  EXPECT_EQ(out[at + 5], 8);
  EXPECT_EQ(Bytes(out.begin() + at + 6, out.begin() + at + 14), (Bytes{10, 0, 0, 1, 0x11, 0x22, 0x33, 0x44}));
  EXPECT_EQ(out[at + 14], 8);
  EXPECT_EQ(Bytes(out.begin() + at + 15, out.begin() + at + 23),
            (Bytes{10, 0, 0, 2, 0x55, 0x66, 0x77, 0x88}));
  // ... with no Token Length (17.2.4), and a Length that reaches the datagram's end, its PADDING
  // included: 1200 bytes in all.
  const std::uint32_t length = 1200 - static_cast<std::uint32_t>(at) - 23 - 2;
  EXPECT_EQ(
      Bytes(out.begin() + at + 23, out.begin() + at + 25),
      (Bytes{static_cast<std::uint8_t>(0x40 | (length >> 8)), static_cast<std::uint8_t>(length & 0xff)}));
  EXPECT_EQ(Bytes(out.begin() + at + 25, out.begin() + at + 27), (Bytes{0x01, 0x02}));
  // Then zeros to the end of its header-protection sample (RFC 9001 5.4.2), and no further.
  ASSERT_EQ(out.size(), at + 25 + 20);
  EXPECT_EQ(Bytes(out.begin() + at + 27, out.end()), Bytes(18, 0));
}

}  // namespace
}  // namespace wirelab::models::capture
