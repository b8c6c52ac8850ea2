// File: models/transport/quic/send_stream.cpp
#include "models/transport/quic/send_stream.h"

#include <algorithm>
#include <stdexcept>

namespace wirelab::models::transport::quic {

void SendStream::write(std::uint64_t bytes, bool fin) {
  if (m_finWritten && (bytes > 0 || fin)) throw std::logic_error("quic: write after FIN on a stream");
  m_written += bytes;
  if (fin) m_finWritten = true;
}

bool SendStream::hasSendable(std::uint64_t connectionCredit) const {
  if (!m_lost.empty()) return true;
  const std::uint64_t limit = std::min(m_written, m_maxData);
  if (m_nextOffset < limit && connectionCredit > 0) return true;
  return finPending() && (m_finLost || m_nextOffset == m_written);
}

StreamChunk SendStream::nextChunk(std::uint64_t maxLength, std::uint64_t connectionCredit) const {
  StreamChunk chunk;
  if (!m_lost.empty()) {
    const sim::ByteRange& r = m_lost.front();
    chunk.offset = r.start;
    chunk.length = static_cast<std::uint32_t>(std::min<std::uint64_t>(r.size(), maxLength));
    chunk.fin = m_finWritten && !m_finAcked && chunk.offset + chunk.length == m_written;
    chunk.retransmission = true;
    return chunk;
  }
  const std::uint64_t limit = std::min(m_written, m_maxData);
  if (m_nextOffset < limit) {
    chunk.offset = m_nextOffset;
    chunk.length = static_cast<std::uint32_t>(std::min({limit - m_nextOffset, maxLength, connectionCredit}));
    chunk.fin = m_finWritten && chunk.offset + chunk.length == m_written;
    if (chunk.length > 0 || chunk.fin) return chunk;
  }
  if (finPending() && (m_finLost || m_nextOffset == m_written)) {
    chunk.offset = m_written;
    chunk.length = 0;
    chunk.fin = true;
    chunk.retransmission = m_finSent;
  }
  return chunk;
}

std::uint64_t SendStream::onSent(const StreamChunk& chunk) {
  const std::uint64_t end = chunk.offset + chunk.length;
  if (chunk.length > 0) m_lost.remove(chunk.offset, end);
  if (chunk.fin) {
    m_finSent = true;
    m_finLost = false;
  }
  if (end > m_nextOffset) {
    const std::uint64_t fresh = end - m_nextOffset;
    m_nextOffset = end;
    return fresh;
  }
  return 0;
}

void SendStream::onAcked(std::uint64_t offset, std::uint32_t length, bool fin) {
  if (length > 0) {
    m_acked.add(offset, offset + length);
    m_lost.remove(offset, offset + length);
  }
  if (fin) {
    m_finAcked = true;
    m_finLost = false;
  }
}

StreamChunk SendStream::onLost(std::uint64_t offset, std::uint32_t length, bool fin) {
  // Only what the peer has not acknowledged in another packet goes out again.
  StreamChunk requeued;
  requeued.offset = offset;
  requeued.retransmission = true;
  std::uint64_t start = offset;
  const std::uint64_t end = offset + length;
  std::uint64_t bytes = 0;
  for (const sim::ByteRange& a : m_acked.ranges()) {
    if (a.end <= start) continue;
    if (a.start >= end) break;
    if (a.start > start) bytes += m_lost.add(start, a.start);
    start = std::max(start, a.end);
  }
  if (start < end) bytes += m_lost.add(start, end);
  requeued.length = static_cast<std::uint32_t>(bytes);
  if (fin && !m_finAcked) {
    m_finLost = true;
    requeued.fin = true;
  }
  return requeued;
}

bool SendStream::allAcknowledged() const {
  return m_finWritten && m_finAcked && acknowledgedPrefix() >= m_written;
}

std::uint64_t SendStream::acknowledgedPrefix() const {
  if (m_acked.empty() || m_acked.front().start > 0) return 0;
  return m_acked.front().end;
}

}  // namespace wirelab::models::transport::quic
