// File: models/transport/quic/recv_stream.h
// The receiving half of a stream (also each space's CRYPTO data): reassembles byte ranges that may
// arrive out of order or twice, hands the application each byte exactly once and in order, and
// says when a MAX_STREAM_DATA update is due (RFC 9000 section 4.2: here when half of the window
// has been consumed).
#pragma once

#include <cstdint>

#include "sim/core/range_set.h"

namespace wirelab::models::transport::quic {

struct StreamDelivery {
  std::uint64_t bytes = 0;  // newly contiguous bytes, handed to the application now
  bool fin = false;         // the final byte has now been delivered
};

class RecvStream {
 public:
  // `window`: the flow control credit advertised beyond what the application consumed
  // (0: no flow control, for CRYPTO data).
  explicit RecvStream(std::uint64_t window = 0) : m_window(window), m_maxData(window) {}

  // Records a frame; returns how far it raised the highest offset seen (connection-level flow
  // control counts the highest offset of each stream, RFC 9000 section 4.1).
  std::uint64_t onFrame(std::uint64_t offset, std::uint64_t length, bool fin);
  // Bytes that became deliverable in order since the last call (the application consumes them).
  StreamDelivery takeDeliverable();

  // True when the advertised limit should move: the consumed bytes passed half of the window.
  bool wantsMaxDataUpdate() const;
  // Moves the advertised limit to consumed + window and returns it.
  std::uint64_t advanceMaxData();
  std::uint64_t maxData() const { return m_maxData; }

  std::uint64_t delivered() const { return m_delivered; }
  std::uint64_t highestReceived() const { return m_highest; }
  bool finalSizeKnown() const { return m_finalSizeKnown; }
  std::uint64_t finalSize() const { return m_finalSize; }
  bool finished() const { return m_finDelivered; }
  bool exceedsLimit() const { return m_window > 0 && m_highest > m_maxData; }

 private:
  sim::RangeSet m_received;
  std::uint64_t m_window;
  std::uint64_t m_maxData;
  std::uint64_t m_delivered = 0;
  std::uint64_t m_highest = 0;
  std::uint64_t m_finalSize = 0;
  bool m_finalSizeKnown = false;
  bool m_finDelivered = false;
};

}  // namespace wirelab::models::transport::quic
