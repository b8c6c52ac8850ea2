// The receiving half of a TCP endpoint: in-window acceptance, reassembly of out-of-order data,
// strictly in-order delivery to the application, the advertised window (with receiver-side
// silly-window avoidance), SACK blocks (RFC 2018) and delayed ACKs (RFC 5681 section 4.2).
#include <algorithm>

#include "models/transport/tcp/tcp_connection.h"
#include "models/transport/tcp/tcp_stack.h"

namespace wirelab::models::transport::tcp {

std::uint32_t TcpConnection::advertisedWindow() const {
  // Out-of-order data sit inside the window already offered, so they do not shrink it: a window's
  // right edge must not move left (RFC 9293 3.8.6.2.2), and duplicate ACKs must carry the same
  // window to count as duplicates (RFC 5681 section 2).
  const std::uint64_t used = m_rcvBuffered;
  const std::uint64_t free = m_config.receiveBufferBytes > used ? m_config.receiveBufferBytes - used : 0;
  // Receiver SWS avoidance (RFC 9293 3.8.6.2.2): do not offer a sliver of window.
  if (free < std::min<std::uint64_t>(m_config.receiveBufferBytes / 2, m_mss)) return 0;
  return static_cast<std::uint32_t>(std::min<std::uint64_t>(free, 0xffffffffu));
}

void TcpConnection::receiveData(std::uint64_t seq, std::uint32_t len) {
  std::uint64_t end = seq + len;
  if (end <= m_rcvNxt) {
    // Entirely old: a retransmission we already have. Acknowledge at once (RFC 5681 4.2).
    ++m_counters.duplicateSegments;
    scheduleAck(true);
    return;
  }
  // Accept only what fits the window we offered (RFC 9293 3.10.7.4, first check); trimmed bytes
  // are dropped and will be retransmitted (this is what a zero-window probe runs into).
  const std::uint64_t windowEnd = m_rcvNxt + advertisedWindow();
  if (seq >= windowEnd) {
    scheduleAck(true);
    return;
  }
  end = std::min(end, windowEnd);
  seq = std::max(seq, m_rcvNxt);
  m_lastSackStart = seq;

  if (seq == m_rcvNxt) {
    const bool fillsGap = !m_outOfOrder.empty();
    m_rcvNxt = end;
    deliverInOrder();
    // RFC 5681 4.2: ACK at least every second full-sized segment, and at once when a segment
    // fills (part of) a gap; otherwise within the delayed-ACK timeout.
    ++m_unackedSegments;
    scheduleAck(fillsGap || !m_config.delayedAck || m_unackedSegments >= 2);
    return;
  }
  // Out of order: keep it, and send a duplicate ACK at once (RFC 5681 4.2) with SACK blocks.
  auto it = std::lower_bound(m_outOfOrder.begin(), m_outOfOrder.end(), std::make_pair(seq, seq));
  m_outOfOrder.insert(it, {seq, end});
  // Merge overlapping or adjacent ranges and recount the bytes held.
  std::vector<std::pair<std::uint64_t, std::uint64_t>> merged;
  merged.reserve(m_outOfOrder.size());
  for (const auto& r : m_outOfOrder) {
    if (!merged.empty() && r.first <= merged.back().second) {
      merged.back().second = std::max(merged.back().second, r.second);
    } else {
      merged.push_back(r);
    }
  }
  m_outOfOrder.swap(merged);
  scheduleAck(true);
}

void TcpConnection::deliverInOrder() {
  // Pull in every out-of-order range the new data made contiguous.
  std::size_t consumed = 0;
  for (const auto& r : m_outOfOrder) {
    if (r.first > m_rcvNxt) break;
    m_rcvNxt = std::max(m_rcvNxt, r.second);
    ++consumed;
  }
  m_outOfOrder.erase(m_outOfOrder.begin(), m_outOfOrder.begin() + static_cast<std::ptrdiff_t>(consumed));
  const std::uint64_t delivered = m_rcvNxt - m_deliveredUpTo;
  m_deliveredUpTo = m_rcvNxt;
  if (delivered == 0) return;
  m_counters.bytesDelivered += delivered;
  dataDelivered(delivered);
  if (!m_autoRead) m_rcvBuffered += delivered;
  if (onData) onData(delivered);
}

void TcpConnection::setAutoRead(bool autoRead) {
  m_autoRead = autoRead;
  if (autoRead && m_rcvBuffered > 0) read(m_rcvBuffered);
}

std::uint64_t TcpConnection::read(std::uint64_t maxBytes) {
  const std::uint64_t taken = std::min(maxBytes, m_rcvBuffered);
  const std::uint32_t before = advertisedWindow();
  m_rcvBuffered -= taken;
  // Tell the sender when the window reopens by a useful amount (RFC 9293 3.8.6.2.2).
  const std::uint32_t after = advertisedWindow();
  if (taken > 0 && after > before && (before == 0 || after - before >= 2 * m_mss) &&
      m_state != TcpState::Closed) {
    sendAck();
  }
  return taken;
}

void TcpConnection::scheduleAck(bool immediately) {
  if (immediately) {
    sendAck();
  } else if (!m_delayedAckTimer.isArmed()) {
    m_delayedAckTimer.arm(m_config.delayedAckTimeout, [this] { sendAck(); });
  }
}

void TcpConnection::sendAck() {
  TcpHeader h;
  h.seq = m_sndNxt;
  h.ack = m_rcvNxt;
  h.flags = TcpHeader::kAck;
  h.window = advertisedWindow();
  if (m_sackOk) fillSackBlocks(h);
  m_stack->sendSegment(*this, h, 0, m_config.timestamps);
  ++m_counters.segmentsSent;
  m_unackedSegments = 0;
  m_delayedAckTimer.cancel();
}

void TcpConnection::fillSackBlocks(TcpHeader& h) const {
  // RFC 2018 section 4: the first block holds the most recently received segment; the others
  // repeat the most recent blocks (here: the highest ones), up to what fits.
  h.sackCount = 0;
  if (m_outOfOrder.empty()) return;
  std::size_t recent = m_outOfOrder.size();
  for (std::size_t i = 0; i < m_outOfOrder.size(); ++i) {
    if (m_lastSackStart >= m_outOfOrder[i].first && m_lastSackStart < m_outOfOrder[i].second) recent = i;
  }
  const auto add = [&h](const std::pair<std::uint64_t, std::uint64_t>& r) {
    h.sack[h.sackCount++] = SackBlock{r.first, r.second};
  };
  if (recent < m_outOfOrder.size()) add(m_outOfOrder[recent]);
  for (std::size_t i = m_outOfOrder.size(); i-- > 0 && h.sackCount < TcpHeader::kMaxSackBlocks;) {
    if (i != recent) add(m_outOfOrder[i]);
  }
}

}  // namespace wirelab::models::transport::tcp
