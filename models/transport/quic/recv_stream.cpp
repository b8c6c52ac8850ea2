// File: models/transport/quic/recv_stream.cpp
#include "models/transport/quic/recv_stream.h"

namespace wirelab::models::transport::quic {

std::uint64_t RecvStream::onFrame(std::uint64_t offset, std::uint64_t length, bool fin) {
  const std::uint64_t end = offset + length;
  if (fin) {
    m_finalSize = end;
    m_finalSizeKnown = true;
  }
  // Bytes already handed to the application need no bookkeeping (duplicates of a retransmission).
  if (end > m_delivered) m_received.add(offset > m_delivered ? offset : m_delivered, end);
  if (end <= m_highest) return 0;
  const std::uint64_t raised = end - m_highest;
  m_highest = end;
  return raised;
}

StreamDelivery RecvStream::takeDeliverable() {
  StreamDelivery d;
  if (!m_received.empty() && m_received.front().start <= m_delivered) {
    const std::uint64_t end = m_received.front().end;
    d.bytes = end - m_delivered;
    m_delivered = end;
    m_received.removeBelow(end);
  }
  if (m_finalSizeKnown && !m_finDelivered && m_delivered == m_finalSize) {
    m_finDelivered = true;
    d.fin = true;
  }
  return d;
}

bool RecvStream::wantsMaxDataUpdate() const {
  if (m_window == 0 || m_finalSizeKnown) return false;  // the peer needs no credit past the end
  return m_delivered >= m_maxData || m_maxData - m_delivered <= m_window / 2;
}

std::uint64_t RecvStream::advanceMaxData() {
  m_maxData = m_delivered + m_window;
  return m_maxData;
}

}  // namespace wirelab::models::transport::quic
