// File: models/transport/quic/ack_tracker.cpp
#include "models/transport/quic/ack_tracker.h"

#include <algorithm>
#include <limits>

namespace wirelab::models::transport::quic {

bool AckTracker::onPacketReceived(std::uint64_t packetNumber, bool ackEliciting, sim::SimTime now) {
  if (packetNumber < m_floor || m_received.contains(packetNumber)) return false;
  const bool hadAny = !m_received.empty();
  const std::uint64_t previousLargest = largestReceived();
  m_received.add(packetNumber, packetNumber + 1);
  if (m_received.rangeCount() > kHistoryRanges) {
    m_received.keepHighest(kHistoryRanges);
    m_floor = m_received.front().start;
  }
  if (!hadAny || packetNumber > previousLargest) m_largestTime = now;
  m_newSinceAck = true;
  if (!ackEliciting) return true;
  if (m_elicitingSinceAck == 0) m_firstElicitingTime = now;
  ++m_elicitingSinceAck;
  // RFC 9000 section 13.2.1: acknowledge at once when a packet fills a gap or opens one, so the
  // sender's loss detection sees the reordering or loss without delay.
  const bool outOfOrder = hadAny && (packetNumber < previousLargest || packetNumber > previousLargest + 1);
  if (m_immediate || outOfOrder || m_elicitingSinceAck >= m_threshold) m_ackNow = true;
  return true;
}

AckFrame AckTracker::buildFrame(sim::SimTime now) const {
  AckFrame ack{};
  if (m_received.empty()) return ack;
  const auto& ranges = m_received.ranges();
  const sim::ByteRange& top = ranges.back();
  constexpr std::uint64_t kU32 = std::numeric_limits<std::uint32_t>::max();
  ack.largest = static_cast<std::uint32_t>(top.end - 1);
  ack.firstRange = static_cast<std::uint32_t>(std::min(top.size() - 1, kU32));
  const sim::Duration delay = now - m_largestTime;
  ack.delayMicros = static_cast<std::uint32_t>(std::max<std::int64_t>(0, delay.nanoseconds() / 1000));
  std::uint64_t previousSmallest = top.end - 1 - ack.firstRange;
  // Further ranges, newest first, in the (gap, length) encoding of RFC 9000 section 19.3.1; a value
  // that does not fit 16 bits ends the list (the older ranges were reported by earlier ACKs).
  for (std::size_t i = ranges.size() - 1; i-- > 0 && ack.extraRangeCount < kMaxAckRanges - 1;) {
    const std::uint64_t largest = ranges[i].end - 1;
    const std::uint64_t gap = previousSmallest - largest - 2;
    if (gap > 0xffff) break;
    const std::uint64_t length = std::min<std::uint64_t>(largest - ranges[i].start, 0xffff);
    ack.extra[ack.extraRangeCount++] =
        AckGapRange{static_cast<std::uint16_t>(gap), static_cast<std::uint16_t>(length)};
    previousSmallest = largest - length;
    if (length == 0xffff) break;
  }
  return ack;
}

void AckTracker::onAckSent() {
  m_newSinceAck = false;
  m_ackNow = false;
  m_elicitingSinceAck = 0;
}

}  // namespace wirelab::models::transport::quic
