// File: models/transport/quic/sent_packet.h
// What the sender remembers of each packet until it is acknowledged or declared lost (RFC 9002
// appendix A.1.1), including the frames it carried, so that a loss re-queues those frames: QUIC
// retransmits information, never packets. Packets of one space are numbered without gaps, so the
// queue is a vector indexed by packet number minus the oldest kept; it stops allocating once it
// has grown to the largest window.
#pragma once

#include <cstddef>
#include <cstdint>
#include <vector>

#include "models/transport/quic/quic_wire.h"
#include "sim/core/time.h"

namespace wirelab::models::transport::quic {

enum class SentState : std::uint8_t { Outstanding, Acked, Lost };

struct SentPacket {
  std::uint64_t packetNumber = 0;
  sim::SimTime timeSent;
  std::uint32_t sizeBytes = 0;  // the whole packet: header, frames, padding, AEAD tag
  PacketType type = PacketType::Initial;
  std::uint8_t frames = 0;  // frames:: bits as carried
  bool ackEliciting = false;
  bool inFlight = false;  // counts towards bytes in flight (ack-eliciting or padded)
  SentState state = SentState::Outstanding;
  std::uint8_t streamFrameCount = 0;
  bool cryptoFin = false;
  std::uint16_t cryptoLength = 0;
  std::uint32_t cryptoOffset = 0;
  FlowFrame flow{};
  StreamFrame streams[kMaxStreamFrames]{};
};

class SentPacketQueue {
 public:
  void push(const SentPacket& p) { m_packets.push_back(p); }
  std::uint64_t firstNumber() const { return m_base + m_head; }
  std::uint64_t endNumber() const { return m_base + m_packets.size(); }  // next number to send
  bool empty() const { return m_head == m_packets.size(); }
  SentPacket* find(std::uint64_t packetNumber) {
    if (packetNumber < firstNumber() || packetNumber >= endNumber()) return nullptr;
    return &m_packets[static_cast<std::size_t>(packetNumber - m_base)];
  }
  const SentPacket* find(std::uint64_t packetNumber) const {
    if (packetNumber < firstNumber() || packetNumber >= endNumber()) return nullptr;
    return &m_packets[static_cast<std::size_t>(packetNumber - m_base)];
  }
  // Forgets resolved packets at the front; compacts the vector when the dead prefix dominates.
  void popResolved() {
    while (m_head < m_packets.size() && m_packets[m_head].state != SentState::Outstanding) ++m_head;
    if (m_head > 64 && m_head * 2 > m_packets.size()) {
      m_packets.erase(m_packets.begin(), m_packets.begin() + static_cast<std::ptrdiff_t>(m_head));
      m_base += m_head;
      m_head = 0;
    }
  }
  // Drops everything (keys discarded); numbering continues where it was.
  void clear() {
    m_base = endNumber();
    m_head = 0;
    m_packets.clear();
  }

 private:
  std::vector<SentPacket> m_packets;
  std::uint64_t m_base = 0;  // packet number of m_packets[0]
  std::size_t m_head = 0;    // first kept index
};

}  // namespace wirelab::models::transport::quic
