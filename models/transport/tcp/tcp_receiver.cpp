// The receiving half of a TCP endpoint: in-window acceptance, reassembly of out-of-order data,
// strictly in-order delivery to the application, the advertised window (with receiver-side
// silly-window avoidance), SACK blocks (RFC 2018), timestamps (RFC 7323) and delayed ACKs
// (RFC 5681 section 4.2). With linuxReceiveAutotuning the window and, with linuxAckPolicy, the
// ACK decisions are Linux's (tcp_linux_ack.cpp, tcp_rcv_buffer.h).
#include <algorithm>

#include "models/transport/tcp/tcp_connection.h"
#include "models/transport/tcp/tcp_stack.h"

namespace wirelab::models::transport::tcp {

std::uint32_t TcpConnection::advertisedWindow() const {
  // Out-of-order data sit inside the window already offered, so they do not shrink it: a window's
  // right edge must not move left (RFC 9293 3.8.6.2.2), and duplicate ACKs must carry the same
  // window to count as duplicates (RFC 5681 section 2).
  const std::uint64_t used = m_rcvBuffered;
  const std::uint64_t free = m_config->receiveBufferBytes > used ? m_config->receiveBufferBytes - used : 0;
  // Receiver SWS avoidance (RFC 9293 3.8.6.2.2): do not offer a sliver of window.
  if (free < std::min<std::uint64_t>(m_config->receiveBufferBytes / 2, m_mss)) return 0;
  return static_cast<std::uint32_t>(std::min<std::uint64_t>(free, 0xffffffffu));
}

int TcpConnection::announcedWindowScale() const {
  if (m_linux) return m_linux->buffer.windowScale();
  constexpr int kMaxShift = 14;  // RFC 7323 2.3
  int shift = 0;
  while (shift < kMaxShift && (std::uint64_t{65535} << shift) < m_config->receiveBufferBytes) ++shift;
  return shift;
}

std::uint64_t TcpConnection::receiveWindowEnd() const {
  // Linux accepts up to the right edge it offered last (tcp_sequence(), tcp_receive_window()).
  if (m_linux) return std::max(m_rcvNxt, m_linux->buffer.rightEdge());
  return m_rcvNxt + advertisedWindow();
}

void TcpConnection::receiveData(const TcpHeader& h, std::uint32_t len) {
  std::uint64_t seq = h.seq;
  std::uint64_t end = seq + len;
  if (end <= m_rcvNxt) {
    // Entirely old: a retransmission we already have. Acknowledge at once (RFC 5681 4.2); Linux
    // also enters quick-ACK mode (tcp_data_queue(): "A retransmit ... Force an immediate ack").
    ++seldom().lossCounters.duplicateSegments;
    if (m_config->linuxAckPolicy) linuxEnterQuickAckMode();
    scheduleAck(true);
    return;
  }
  // Accept only what fits the window we offered (RFC 9293 3.10.7.4, first check); trimmed bytes
  // are dropped and will be retransmitted (this is what a zero-window probe runs into).
  const std::uint64_t windowEnd = receiveWindowEnd();
  if (seq >= windowEnd) {
    if (m_config->linuxAckPolicy) linuxEnterQuickAckMode();  // tcp_data_queue(): out_of_window
    scheduleAck(true);
    return;
  }
  if (m_linux) linuxTimestampSample(h, len);
  end = std::min(end, windowEnd);
  seq = std::max(seq, m_rcvNxt);
  m_outOfOrder.noteSegment(seq);

  if (seq == m_rcvNxt) {
    const bool fillsGap = !m_outOfOrder.empty();
    m_rcvNxt = end;
    deliverInOrder(end);
    // If the application answered from its data callback, the answer carried the ACK for all we
    // received (RFC 9293 3.8.6.3: an ACK rides on outgoing data; RFC 1122 4.2.3.2) and sending it
    // cancelled any pending delayed ACK: nothing is left to acknowledge, so no timer either (as
    // Linux, whose reply clears the delayed ACK in tcp_event_ack_sent(); there the application
    // reads after the ACK decision, so only the RFC receive side can have answered by now).
    const bool answered = !m_linux && !m_config->ackTimerAfterReply && m_lastAckSent >= m_rcvNxt;
    if (!answered && (!m_linux || !linuxOnInOrderData(end - seq, fillsGap))) {
      // RFC 5681 4.2: ACK at least every second full-sized segment, and at once when a segment
      // fills (part of) a gap; otherwise within the delayed-ACK timeout.
      ++m_unackedSegments;
      scheduleAck(fillsGap || !m_config->delayedAck || m_unackedSegments >= 2);
    }
    scheduleApplicationRead();  // the reader wakes after the ACK decision (sk_data_ready)
    return;
  }
  receiveOutOfOrder(seq, end);
  // Out of order: a duplicate ACK at once (RFC 5681 4.2) with SACK blocks, unless Linux holds it.
  if (m_config->linuxSackCompression && m_sackOk) {
    linuxOutOfOrderAck();
  } else {
    scheduleAck(true);
  }
}

void TcpConnection::receiveOutOfOrder(std::uint64_t seq, std::uint64_t end) {
  bool charged = false;
  if (m_linux) {
    // Each out-of-order segment holds its skb->truesize until read; data already held is dropped
    // (tcp_data_queue_ofo(): "All the bits are present. Drop.").
    if (!m_outOfOrder.covers(seq, end)) {
      LinuxReceiveSide& rx = *m_linux;
      const std::int64_t truesize = rx.buffer.truesize(static_cast<std::int64_t>(end - seq));
      rx.buffer.charge(truesize);
      rx.oooSkbs.insert(std::upper_bound(rx.oooSkbs.begin(), rx.oooSkbs.end(), seq,
                                         [](std::uint64_t s, const QueuedSkb& q) { return s < q.start; }),
                        QueuedSkb{seq, end, truesize});
      charged = true;
    }
  }
  m_outOfOrder.add(seq, end);
  if (charged) linuxOnOutOfOrderData(end - seq);
  if (m_traces) m_traces->dataHeld(m_outOfOrder[0].start - m_rcvNxt, m_outOfOrder.back().end - m_rcvNxt);
}

void TcpConnection::deliverInOrder(std::uint64_t segmentEnd) {
  if (m_linux) {
    // The segment joins the receive queue with its truesize (tcp_queue_rcv()).
    LinuxReceiveSide& rx = *m_linux;
    const std::uint64_t start = rx.receiveQueue.empty() ? rx.copiedSeq : rx.receiveQueue.back().end;
    const std::int64_t truesize = rx.buffer.truesize(static_cast<std::int64_t>(segmentEnd - start));
    rx.buffer.charge(truesize);
    rx.receiveQueue.push_back(QueuedSkb{start, segmentEnd, truesize});
  }
  // Pull in every out-of-order range the new data made contiguous.
  m_rcvNxt = m_outOfOrder.pullContiguous(m_rcvNxt);
  if (m_linux) {
    // tcp_ofo_queue(): out-of-order segments now in order move to the receive queue, still charged.
    LinuxReceiveSide& rx = *m_linux;
    std::size_t moved = 0;
    for (const QueuedSkb& q : rx.oooSkbs) {
      if (q.start >= m_rcvNxt) break;
      if (q.end > rx.receiveQueue.back().end)
        rx.receiveQueue.push_back(q);
      else
        rx.buffer.uncharge(q.truesize);  // wholly duplicated by in-order data: freed
      ++moved;
    }
    rx.oooSkbs.erase(rx.oooSkbs.begin(), rx.oooSkbs.begin() + static_cast<std::ptrdiff_t>(moved));
  }
  const std::uint64_t delivered = m_rcvNxt - m_deliveredUpTo;
  m_deliveredUpTo = m_rcvNxt;
  if (delivered == 0) return;
  m_counters.bytesDelivered += delivered;
  if (m_traces) m_traces->dataDelivered(delivered);
  const bool deferred = m_autoRead && readsDeferred();
  if (!m_autoRead || deferred) m_rcvBuffered += delivered;
  if (deferred) {
    m_unreported += delivered;
  } else if (Handler* handler = m_handler.get()) {
    handler->onTcpData(delivered);
  }
}

void TcpConnection::scheduleAck(bool immediately) {
  if (immediately) {
    sendAck();
  } else if (!m_delayedAckTimer.isArmed()) {
    m_delayedAckTimer.arm(*this, m_config->delayedAckTimeout, [](TcpConnection& c) { c.sendAck(); });
  }
}

void TcpConnection::sendAck() {
  TcpHeader h;
  h.seq = m_sndNxt;
  h.ack = m_rcvNxt;
  h.flags = TcpHeader::kAck;
  stampOutgoing(h, 0);
  if (m_sackOk) fillSackBlocks(h);
  m_stack->sendSegment(*this, h, 0, m_config->timestamps);
  ++m_counters.segmentsSent;
  m_unackedSegments = 0;
  m_delayedAckTimer.cancel(*this);
}

void TcpConnection::stampOutgoing(TcpHeader& h, std::uint32_t payloadBytes) {
  if (!m_linux) {
    // The window of a SYN is never scaled (RFC 7323 section 2.2): at most 65,535 bytes.
    h.window =
        h.has(TcpHeader::kSyn) ? std::min<std::uint32_t>(advertisedWindow(), 65535) : advertisedWindow();
  } else if (h.has(TcpHeader::kSyn)) {
    h.window = m_linux->buffer.synWindow(!h.has(TcpHeader::kAck));
  } else {
    const LinuxRcvBuffer::Selection s = m_linux->buffer.selectWindow(m_rcvNxt);
    if (s.freeBelowHalf) m_linux->quickAcks = 0;
    h.window = static_cast<std::uint32_t>(std::min<std::int64_t>(s.window, 0xffffffff));
  }
  if (m_config->timestamps) {
    // RFC 7323 3.2; Linux's TSval ticks in milliseconds (tcp_time_stamp_ts()). +1 keeps 0 for
    // "no timestamp".
    h.tsVal = static_cast<std::uint32_t>(timestampClockMs());
    h.tsEcr = m_tsRecent;
  }
  if (h.has(TcpHeader::kAck)) m_lastAckSent = h.ack;
  if (m_config->linuxAckPolicy) linuxOnSegmentOut(h, payloadBytes);
}

std::int64_t TcpConnection::timestampClockMs() const {
  const std::int64_t ns =
      sched().now().nanoseconds() + (m_config->randomClockPhase ? m_stack->clockPhase().nanoseconds() : 0);
  return ns / 1'000'000 + 1;
}

void TcpConnection::fillSackBlocks(TcpHeader& h) const {
  // RFC 2018 section 4: the first block holds the most recently received segment; the others
  // repeat the most recent blocks (here: the highest ones), up to what fits.
  h.sackCount = 0;
  if (m_outOfOrder.empty()) return;
  const std::uint64_t latest = m_outOfOrder.latestSegmentStart();
  std::size_t recent = m_outOfOrder.size();
  for (std::size_t i = 0; i < m_outOfOrder.size(); ++i) {
    if (latest >= m_outOfOrder[i].start && latest < m_outOfOrder[i].end) recent = i;
  }
  const auto add = [&h](const OutOfOrderRanges::Range& r) {
    h.sack[h.sackCount++] = SackBlock{r.start, r.end};
  };
  if (recent < m_outOfOrder.size()) add(m_outOfOrder[recent]);
  for (std::size_t i = m_outOfOrder.size(); i-- > 0 && h.sackCount < TcpHeader::kMaxSackBlocks;) {
    if (i != recent) add(m_outOfOrder[i]);
  }
}

}  // namespace wirelab::models::transport::tcp
