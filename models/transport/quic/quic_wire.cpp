// File: models/transport/quic/quic_wire.cpp
// Frame constructors, ACK range decoding, and the encoded sizes of RFC 9000's wire format.
#include "models/transport/quic/quic_wire.h"

namespace wirelab::models::transport::quic {

const char* toString(PacketType type) {
  switch (type) {
    case PacketType::Initial:
      return "initial";
    case PacketType::Handshake:
      return "handshake";
    case PacketType::ZeroRtt:
      return "0RTT";
    case PacketType::OneRtt:
      return "1RTT";
  }
  return "unknown";
}

const char* toString(PacketSpace space) {
  switch (space) {
    case PacketSpace::Initial:
      return "initial";
    case PacketSpace::Handshake:
      return "handshake";
    case PacketSpace::Application:
      return "application_data";
  }
  return "unknown";
}

StreamFrame StreamFrame::make(std::uint64_t streamId, std::uint64_t offset, std::uint32_t length, bool fin) {
  StreamFrame f{};
  f.streamId = static_cast<std::uint32_t>(streamId);
  f.offsetLow = static_cast<std::uint32_t>(offset);
  f.offsetHigh = static_cast<std::uint16_t>(offset >> 32);
  f.lengthAndFin = static_cast<std::uint16_t>((length & 0x7fffu) | (fin ? 0x8000u : 0u));
  return f;
}

FlowFrame FlowFrame::make(std::uint64_t streamId, std::uint64_t maximum) {
  FlowFrame f{};
  f.streamId = static_cast<std::uint32_t>(streamId);
  f.maximumLow = static_cast<std::uint32_t>(maximum);
  f.maximumHigh = static_cast<std::uint16_t>(maximum >> 32);
  return f;
}

std::uint32_t packetNumberLength(std::uint64_t packetNumber, std::uint64_t largestAcked, bool anyAcked) {
  // RFC 9000 appendix A.2: ceil((log2(unacked) + 1) / 8) bytes.
  const std::uint64_t unacked = anyAcked ? packetNumber - largestAcked : packetNumber + 1;
  if (unacked <= (1u << 7)) return 1;
  if (unacked <= (1u << 15)) return 2;
  if (unacked <= (1u << 23)) return 3;
  return 4;
}

std::uint32_t longHeaderBytes(PacketType type, std::uint32_t connectionIdBytes, std::uint32_t pnLength,
                              std::uint32_t payloadBytes) {
  // First byte, Version (4), DCID length + DCID, SCID length + SCID (RFC 9000 section 17.2).
  std::uint32_t bytes = 1 + 4 + 1 + connectionIdBytes + 1 + connectionIdBytes;
  if (type == PacketType::Initial) bytes += varintSize(0);  // Token Length: no token (section 17.2.2)
  // Length covers the packet number and the protected payload.
  return bytes + varintSize(pnLength + payloadBytes) + pnLength;
}

std::uint32_t ackFrameBytes(const AckFrame& ack) {
  std::uint32_t bytes = 1 + varintSize(ack.largest) + varintSize(ack.delayMicros >> kAckDelayExponent) +
                        varintSize(ack.extraRangeCount) + varintSize(ack.firstRange);
  for (std::size_t i = 0; i < ack.extraRangeCount; ++i) {
    bytes += varintSize(ack.extra[i].gap) + varintSize(ack.extra[i].length);
  }
  return bytes;
}

AckRanges decodeAckRanges(const AckFrame& ack) {
  // RFC 9000 section 19.3.1: each range's largest lies gap + 2 below the previous range's smallest.
  AckRanges out;
  if (ack.firstRange > ack.largest) return out;
  out.largest[0] = ack.largest;
  out.smallest[0] = ack.largest - ack.firstRange;
  out.count = 1;
  for (std::size_t i = 0; i < ack.extraRangeCount && i + 1 < kMaxAckRanges; ++i) {
    const std::uint64_t previousSmallest = out.smallest[out.count - 1];
    const std::uint64_t drop = std::uint64_t{ack.extra[i].gap} + 2;
    if (previousSmallest < drop) break;
    const std::uint64_t largest = previousSmallest - drop;
    if (largest < ack.extra[i].length) break;
    out.largest[out.count] = largest;
    out.smallest[out.count] = largest - ack.extra[i].length;
    ++out.count;
  }
  return out;
}

}  // namespace wirelab::models::transport::quic
