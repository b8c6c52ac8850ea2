// File: models/transport/quic/ack_tracker.h
// The receiver side of one packet-number space: which packet numbers arrived, when an ACK is due
// (RFC 9000 section 13.2: Initial and Handshake packets at once; 1-RTT after every second
// ack-eliciting packet, on out-of-order arrival, or within max_ack_delay), and the ACK frame with
// the most recent ranges.
#pragma once

#include <cstdint>

#include "models/transport/quic/quic_wire.h"
#include "sim/core/range_set.h"
#include "sim/core/time.h"

namespace wirelab::models::transport::quic {

class AckTracker {
 public:
  // How many ranges of history to keep: packets below them count as duplicates (RFC 9000 section
  // 12.3 lets a receiver discard what it cannot prove new).
  static constexpr std::size_t kHistoryRanges = 64;

  // immediate: acknowledge every ack-eliciting packet at once (Initial and Handshake spaces).
  AckTracker(bool immediate, std::uint32_t elicitingThreshold, sim::Duration maxAckDelay)
      : m_immediate(immediate), m_threshold(elicitingThreshold), m_maxAckDelay(maxAckDelay) {}

  // Records a packet; false for a duplicate, whose frames must not be processed again.
  bool onPacketReceived(std::uint64_t packetNumber, bool ackEliciting, sim::SimTime now);
  // An ACK must go now (RFC 9000 section 13.2.1/13.2.2).
  bool ackDue() const { return m_ackNow; }
  // Something arrived that no ACK has reported yet (an ACK may ride on any packet of the space).
  bool hasNewInformation() const { return m_newSinceAck; }
  // Ack-eliciting packets arrived since the last ACK: worth an ACK frame in any packet sent.
  bool ackElicitingPending() const { return m_elicitingSinceAck > 0; }
  // An ack-eliciting packet waits for a delayed ACK: it must be acknowledged by this time.
  bool delayedAckPending() const { return m_elicitingSinceAck > 0 && !m_ackNow; }
  sim::SimTime ackDeadline() const { return m_firstElicitingTime + m_maxAckDelay; }
  // The delayed-ACK timer fired.
  void forceAck() {
    if (m_elicitingSinceAck > 0) m_ackNow = true;
  }

  AckFrame buildFrame(sim::SimTime now) const;
  void onAckSent();
  bool anyReceived() const { return !m_received.empty(); }
  std::uint64_t largestReceived() const { return m_received.empty() ? 0 : m_received.back().end - 1; }
  const sim::RangeSet& received() const { return m_received; }

 private:
  bool m_immediate;
  std::uint32_t m_threshold;
  sim::Duration m_maxAckDelay;
  sim::RangeSet m_received;
  std::uint64_t m_floor = 0;  // packets below this are treated as duplicates
  sim::SimTime m_largestTime;
  sim::SimTime m_firstElicitingTime;
  std::uint32_t m_elicitingSinceAck = 0;
  bool m_newSinceAck = false;
  bool m_ackNow = false;
};

}  // namespace wirelab::models::transport::quic
