// File: models/transport/quic/send_stream.h
// The sending half of a stream (also used for each packet-number space's CRYPTO data): how many
// bytes the application wrote, which were sent, acknowledged or declared lost, and the peer's flow
// control limit. QUIC retransmits frames, never packets (RFC 9000 section 13.3): lost ranges are
// queued here and go out again in new packets, before new data.
#pragma once

#include <cstdint>
#include <limits>

#include "sim/core/range_set.h"

namespace wirelab::models::transport::quic {

// One frame's worth of stream data chosen for sending.
struct StreamChunk {
  std::uint64_t offset = 0;
  std::uint32_t length = 0;
  bool fin = false;
  bool retransmission = false;
};

class SendStream {
 public:
  static constexpr std::uint64_t kUnlimited = std::numeric_limits<std::uint64_t>::max();

  // `maxData`: the peer's initial limit for this stream (CRYPTO data has none).
  explicit SendStream(std::uint64_t maxData = kUnlimited) : m_maxData(maxData) {}

  // Queues `bytes` more; `fin` closes the stream after them. Writing after FIN is a logic error.
  void write(std::uint64_t bytes, bool fin);

  // True when a frame could be sent now: lost data, new data within `connectionCredit` and the
  // stream's flow control limit, or a pending FIN.
  bool hasSendable(std::uint64_t connectionCredit) const;
  // The next frame of at most `maxLength` bytes (lost data first). `connectionCredit` limits new
  // bytes (connection-level flow control). Returns a zero-length, non-FIN chunk when nothing fits.
  StreamChunk nextChunk(std::uint64_t maxLength, std::uint64_t connectionCredit) const;
  // Records that `chunk` went out; returns the new bytes it sent (for connection flow control).
  std::uint64_t onSent(const StreamChunk& chunk);

  void onAcked(std::uint64_t offset, std::uint32_t length, bool fin);
  // Queues the unacknowledged part of a lost frame for retransmission; returns how many bytes
  // (and whether the FIN) went back in the queue: nothing when another copy was acknowledged.
  StreamChunk onLost(std::uint64_t offset, std::uint32_t length, bool fin);

  void setMaxData(std::uint64_t limit) {
    if (limit > m_maxData) m_maxData = limit;
  }
  std::uint64_t maxData() const { return m_maxData; }
  std::uint64_t written() const { return m_written; }
  std::uint64_t sentOffset() const { return m_nextOffset; }
  bool finWritten() const { return m_finWritten; }
  // Everything written, FIN included, has been acknowledged.
  bool allAcknowledged() const;
  // Bytes below which everything is acknowledged.
  std::uint64_t acknowledgedPrefix() const;
  bool hasLostData() const { return !m_lost.empty() || m_finLost; }

 private:
  bool finPending() const { return m_finWritten && !m_finAcked && (!m_finSent || m_finLost); }

  std::uint64_t m_written = 0;
  std::uint64_t m_nextOffset = 0;  // highest offset sent so far
  std::uint64_t m_maxData;
  sim::RangeSet m_lost;
  sim::RangeSet m_acked;
  bool m_finWritten = false;
  bool m_finSent = false;
  bool m_finLost = false;
  bool m_finAcked = false;
};

}  // namespace wirelab::models::transport::quic
