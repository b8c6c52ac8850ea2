#include "models/capture/quic_encoding.h"

#include <algorithm>

#include "models/capture/ipv4_encoding.h"

namespace wirelab::models::capture {

namespace q = transport::quic;

namespace {

// RFC 9000 section 17.2, Table 5: the long header's Long Packet Type.
std::uint8_t longPacketTypeBits(q::PacketType type) {
  switch (type) {
    case q::PacketType::Initial:
      return 0x0;
    case q::PacketType::ZeroRtt:
      return 0x1;
    case q::PacketType::Handshake:
      return 0x2;
    case q::PacketType::OneRtt:
      break;
  }
  return 0x0;  // a 1-RTT packet has no long header; not reached
}

// The truncated packet number (RFC 9000 section 17.1): its `length` least significant bytes.
void appendPacketNumber(std::vector<std::uint8_t>& out, std::uint64_t packetNumber, std::uint32_t length) {
  for (std::uint32_t i = length; i-- > 0;) out.push_back(static_cast<std::uint8_t>(packetNumber >> (8 * i)));
}

// The long header's bytes before the Length field (RFC 9000 sections 17.2, 17.2.2).
std::uint32_t bytesBeforeLength(q::PacketType type) {
  const std::uint32_t bytes = 1 + 4 + 1 + kQuicConnectionIdLength + 1 + kQuicConnectionIdLength;
  return type == q::PacketType::Initial ? bytes + 1 : bytes;  // Token Length 0: one byte
}

// The payload of a long-header packet as the model counted it (quic_connection_send.cpp): its
// frames and the AEAD tag. PADDING is counted in the datagram's last packet only.
std::uint32_t longPacketPayloadBytes(const q::LongPacket& pk) {
  std::uint32_t bytes = q::kAeadTagBytes;
  if ((pk.frames & q::frames::kAck) != 0) bytes += q::ackFrameBytes(pk.ack);
  if ((pk.frames & q::frames::kCrypto) != 0)
    bytes += q::cryptoFrameOverhead(pk.cryptoOffset, pk.cryptoLength) + pk.cryptoLength;
  if ((pk.frames & q::frames::kPing) != 0) bytes += 1;
  if ((pk.frames & q::frames::kConnectionClose) != 0) bytes += q::kConnectionCloseBytes;
  return bytes;
}

// The Length field of a long-header packet that fills the rest of the datagram (`room` bytes
// from its first byte): the shortest varint for which header + varint + Length == room.
void fillLength(QuicLongHeaderFields& h, std::uint32_t room) {
  const std::uint32_t before = bytesBeforeLength(h.type);
  for (const std::uint32_t bytes : {1u, 2u, 4u}) {
    if (room < before + bytes) break;
    const std::uint64_t length = room - before - bytes;
    if (length < (std::uint64_t{1} << (8 * bytes - 2))) {
      h.length = length;
      h.lengthBytes = bytes;
      return;
    }
  }
  h.length = 0;  // a datagram too short for the header: not one the model sends
  h.lengthBytes = 1;
}

}  // namespace

QuicConnectionId captureConnectionId(sim::NodeId owner, std::uint32_t modelId) {
  const std::uint32_t address = nodeAddress(owner);
  QuicConnectionId id{};
  for (std::size_t i = 0; i < 4; ++i) {
    id[i] = static_cast<std::uint8_t>(address >> (24 - 8 * i));
    id[4 + i] = static_cast<std::uint8_t>(modelId >> (24 - 8 * i));
  }
  return id;
}

void appendVarint(std::vector<std::uint8_t>& out, std::uint64_t value, std::uint32_t length) {
  const std::uint8_t prefix = length == 1 ? 0x00 : length == 2 ? 0x40 : length == 4 ? 0x80 : 0xc0;
  for (std::uint32_t i = length; i-- > 0;) {
    auto byte = static_cast<std::uint8_t>(value >> (8 * i));
    if (i == length - 1) byte = static_cast<std::uint8_t>((byte & 0x3f) | prefix);
    out.push_back(byte);
  }
}

void appendQuicLongHeader(std::vector<std::uint8_t>& out, const QuicLongHeaderFields& h) {
  // Header Form 1, Fixed Bit 1, Long Packet Type, Reserved Bits 0, Packet Number Length - 1.
  out.push_back(static_cast<std::uint8_t>(0xc0 | (longPacketTypeBits(h.type) << 4) |
                                          ((h.packetNumberLength - 1) & 0x3)));
  appendU32(out, kQuicVersion1);
  out.push_back(static_cast<std::uint8_t>(h.dcid.size()));
  out.insert(out.end(), h.dcid.begin(), h.dcid.end());
  out.push_back(static_cast<std::uint8_t>(h.scid.size()));
  out.insert(out.end(), h.scid.begin(), h.scid.end());
  if (h.type == q::PacketType::Initial) appendVarint(out, 0, 1);  // Token Length: no token
  appendVarint(out, h.length, h.lengthBytes);
  appendPacketNumber(out, h.packetNumber, h.packetNumberLength);
}

void appendQuicShortHeader(std::vector<std::uint8_t>& out, const QuicConnectionId& dcid,
                           std::uint64_t packetNumber, std::uint32_t packetNumberLength) {
  // Header Form 0, Fixed Bit 1, Spin Bit 0, Reserved Bits 0, Key Phase 0, Packet Number Length - 1.
  out.push_back(static_cast<std::uint8_t>(0x40 | ((packetNumberLength - 1) & 0x3)));
  out.insert(out.end(), dcid.begin(), dcid.end());
  appendPacketNumber(out, packetNumber, packetNumberLength);
}

namespace {

// What every packet of a datagram shares: its connection IDs (RFC 9000 section 12.2: coalesced
// packets carry the same ones), as a long header's fields to fill in further.
QuicLongHeaderFields headerWithConnectionIds(const q::QuicDatagram& d, sim::NodeId source,
                                             sim::NodeId destination) {
  QuicLongHeaderFields h;
  h.dcid = captureConnectionId(destination, d.dcid);
  h.scid = captureConnectionId(source, d.scid);
  return h;
}

// The long header of a datagram's second, coalesced packet: the first's connection IDs, and a
// Length that covers the rest of the datagram (`room` bytes), where the model counts the
// datagram's PADDING (quic_connection_send.cpp).
void appendSecondPacketHeader(std::vector<std::uint8_t>& out, const q::QuicDatagram& d, sim::NodeId source,
                              sim::NodeId destination, std::uint32_t room) {
  const q::LongPacket& second = d.body.longForm.packets[1];
  QuicLongHeaderFields h = headerWithConnectionIds(d, source, destination);
  h.type = second.type;
  h.packetNumber = second.packetNumber;
  h.packetNumberLength = d.packetNumberLength(1);
  fillLength(h, room);
  appendQuicLongHeader(out, h);
}

// Zeros after a packet's header (which ends with its packet number, `pnLength` bytes) up to the
// end of its header-protection sample (RFC 9001 section 5.4.2: 16 bytes from 4 bytes after the
// start of the packet number, which every packet has), or to `limit` bytes from `start`. A
// passive reader takes the sample before it can read the rest of the header (Wireshark, for
// instance, reads 20 bytes of DCID from a short header whose length it cannot know), so a
// capture keeps it: as zeros, the model having no payload.
void padToSample(std::vector<std::uint8_t>& out, std::size_t start, std::uint32_t pnLength,
                 std::size_t limit) {
  const std::size_t pnOffset = out.size() - start - pnLength;
  const std::size_t wanted = std::min<std::size_t>(pnOffset + kHeaderProtectionSampleEnd, limit);
  if (out.size() - start < wanted) out.resize(start + wanted, 0);
}

// The header of the datagram's first packet, alone.
void appendFirstPacketHeader(std::vector<std::uint8_t>& out, const q::QuicDatagram& d, sim::NodeId source,
                             sim::NodeId destination, std::uint32_t udpPayloadBytes) {
  QuicLongHeaderFields h = headerWithConnectionIds(d, source, destination);
  const std::uint32_t pnLength = d.packetNumberLength(0);
  if (d.isShortForm() && d.body.shortForm.type == q::PacketType::OneRtt) {
    appendQuicShortHeader(out, h.dcid, d.body.shortForm.packetNumber, pnLength);
    return;
  }
  h.packetNumberLength = pnLength;
  if (d.isShortForm()) {  // 0-RTT: the long header, alone in its datagram
    h.type = q::PacketType::ZeroRtt;
    h.packetNumber = d.body.shortForm.packetNumber;
    fillLength(h, udpPayloadBytes);
  } else {
    const q::LongPacket& first = d.body.longForm.packets[0];
    h.type = first.type;
    h.packetNumber = first.packetNumber;
    if (d.packetCount > 1) {
      h.length = pnLength + longPacketPayloadBytes(first);
      h.lengthBytes = q::varintSize(h.length);
    } else {
      fillLength(h, udpPayloadBytes);
    }
  }
  appendQuicLongHeader(out, h);
}

}  // namespace

void appendQuicHeader(std::vector<std::uint8_t>& out, const q::QuicDatagram& d, sim::NodeId source,
                      sim::NodeId destination, std::uint32_t udpPayloadBytes) {
  const std::size_t start = out.size();
  appendFirstPacketHeader(out, d, source, destination, udpPayloadBytes);
  // Two coalesced packets: the first one whole (its payload as zeros, as far as its Length
  // reaches), then the second's header and sample, so that readers find both. A second packet
  // without room after the first is not a datagram the model sends; it is captured as one.
  const bool coalesced = !d.isShortForm() && d.packetCount > 1;
  const std::size_t firstBytes =
      coalesced ? out.size() - start + longPacketPayloadBytes(d.body.longForm.packets[0]) : 0;
  if (!coalesced || firstBytes >= udpPayloadBytes) {
    padToSample(out, start, d.packetNumberLength(0), udpPayloadBytes);
    return;
  }
  const auto room = static_cast<std::uint32_t>(udpPayloadBytes - firstBytes);
  out.resize(start + firstBytes, 0);
  const std::size_t secondStart = out.size();
  appendSecondPacketHeader(out, d, source, destination, room);
  padToSample(out, secondStart, d.packetNumberLength(1), room);
}

}  // namespace wirelab::models::capture
