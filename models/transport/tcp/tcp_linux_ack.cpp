// The Linux receive side around the autotuned window of tcp_rcv_buffer.h: receiver RTT samples,
// and, with TcpConfig::linuxAckPolicy, when Linux acknowledges (net/ipv4/tcp_input.c,
// tcp_output.c, tcp.c, tcp_timer.c; Linux 6.18):
//
// - Quick-ACK mode: the first data (and data after an idle gap longer than the RTO) allow
//   min(rcv_wnd / (2 rcv_mss), 16) immediate ACKs (tcp_incr_quickack, TCP_MAX_QUICKACKS); every
//   ACK sent uses one (tcp_dec_quickack_mode), and a window growth asks for one more
//   (tcp_grow_window: icsk_ack.quick |= 1). Quick ACKs are not sent in interactive mode.
// - Interactive ("pingpong") mode: entered when we send data less than ato after the last data
//   arrived, i.e. the application answers (tcp_event_data_sent, TCP_PINGPONG_THRESH 1); left when
//   the delayed-ACK timer fires or quick-ACK mode is entered again.
// - For in-order data (__tcp_ack_snd_check): ACK at once if more than one rcv_mss is unacknowledged
//   and the window's right edge would advance (or the reader has emptied the queue), in quick-ACK
//   mode, or when a gap was filled; otherwise arm the delayed-ACK timer with ato (40 ms,
//   TCP_ATO_MIN, adapted to the arrival gaps, tcp_event_data_recv, tcp_send_delayed_ack).
// - On each application read (tcp_cleanup_rbuf): ACK if more than one rcv_mss is unacknowledged
//   (the ACK tcp_input.c held back), or if the read drained the queue after a short (pushed)
//   segment, or if the window can now be at least doubled.
// - With an out-of-order queue (TcpConfig::linuxSackCompression): after three duplicate ACKs per
//   rcv_nxt, SACKs are held for up to 1 ms or 44 segments (tcp_sack_compression.h).
// Left out: ECN's quick ACKs, delayed ACKs for a FIN, TCP_QUICKACK/SO_RCVLOWAT socket options.
#include <algorithm>

#include "models/transport/tcp/tcp_connection.h"
#include "models/transport/tcp/tcp_stack.h"

namespace wirelab::models::transport::tcp {

namespace {
constexpr int kMaxQuickAcks = 16;                                 // TCP_MAX_QUICKACKS
constexpr sim::Duration kDelackMax = sim::Milliseconds(200);      // TCP_DELACK_MAX (HZ / 5)
constexpr sim::Duration kMaxAtoDefault = sim::Milliseconds(500);  // HZ / 2 in tcp_send_delayed_ack()
constexpr std::int64_t kGrowWindowMinLen = 128;                   // tcp_event_data_recv()
}  // namespace

void TcpConnection::linuxOnEstablished() {
  m_linux->buffer.onEstablished(m_rcvNxt, nowMicros());
  m_linux->copiedSeq = m_rcvNxt;
}

void TcpConnection::linuxTimestampSample(const TcpHeader& h, std::uint32_t len) {
  // tcp_rcv_rtt_measure_ts(): our TSval echoed back times the round trip that released this
  // segment, in milliseconds; one sample per new echo.
  LinuxReceiveSide& rx = *m_linux;
  if (!m_config->timestamps || h.tsEcr == 0 || h.tsEcr == rx.lastTsecr) return;
  rx.lastTsecr = h.tsEcr;
  const std::int64_t nowMs = timestampClockMs();
  const std::int64_t delta = nowMs - static_cast<std::int64_t>(h.tsEcr);
  if (delta < 0) return;
  rx.buffer.timestampRttSample(std::max<std::int64_t>(delta, 1) * 1000, len, rx.copiedSeq == m_rcvNxt);
}

bool TcpConnection::linuxOnInOrderData(std::uint64_t len, bool gapFilled) {
  // tcp_event_data_recv(), then the ACK decision of tcp_rcv_established().
  LinuxReceiveSide& rx = *m_linux;
  const sim::SimTime now = sched().now();
  const auto length = static_cast<std::int64_t>(len);
  const std::int64_t truesize = rx.buffer.truesize(length);
  const bool shortSegment = rx.buffer.measureRcvMss(length, truesize);
  rx.buffer.windowRttMeasure(m_rcvNxt, nowMicros());
  const bool grew = length >= kGrowWindowMinLen && rx.buffer.growWindow(length, truesize);
  if (!m_config->linuxAckPolicy) return false;

  rx.ackScheduled = true;  // inet_csk_schedule_ack()
  if (shortSegment) {
    if (rx.ackPushed) rx.ackPushed2 = true;
    rx.ackPushed = true;
  }
  const sim::Duration atoMin = m_config->delayedAckTimeout;  // TCP_ATO_MIN = TCP_DELACK_MIN = HZ / 25
  if (rx.ato == sim::Duration::zero()) {
    // "The _first_ data packet received, initialize delayed ACK engine."
    linuxIncrementQuickAcks(kMaxQuickAcks);
    rx.ato = atoMin;
  } else {
    const sim::Duration gap = now - rx.lastDataAt;
    if (gap <= atoMin / 2) {
      rx.ato = rx.ato / 2 + atoMin / 2;
    } else if (gap < rx.ato) {
      rx.ato = std::min(rx.ato / 2 + gap, m_rto.rto());
    } else if (gap > m_rto.rto()) {
      linuxIncrementQuickAcks(kMaxQuickAcks);  // "Too long gap": the sender restarts its window
    }
  }
  rx.lastDataAt = now;
  if (grew) rx.quickAcks |= 1;
  if (gapFilled) rx.ackNow = true;  // RFC 5681 4.2: ACK at once when a gap is (partly) filled
  linuxAckSendCheck();
  return true;
}

void TcpConnection::linuxOnOutOfOrderData(std::uint64_t len) {
  // tcp_data_queue_ofo(): schedule an ACK, open rcv_ssthresh (SACK flows), and make the buffer
  // hold the out-of-order span ("tcp: adjust rcvbuf in presence of reorders", Linux 6.16).
  LinuxReceiveSide& rx = *m_linux;
  const auto length = static_cast<std::int64_t>(len);
  if (m_config->linuxAckPolicy) rx.ackScheduled = true;
  if (m_sackOk && rx.buffer.growWindow(length, rx.buffer.truesize(length)) && m_config->linuxAckPolicy) {
    rx.quickAcks |= 1;
  }
  rx.buffer.growForReordering(static_cast<std::int64_t>(m_outOfOrder.back().end - m_rcvNxt));
}

void TcpConnection::linuxIncrementQuickAcks(int max) {
  // tcp_incr_quickack(): enough quick ACKs for half the offered window in segments, at most `max`.
  LinuxReceiveSide& rx = *m_linux;
  int quick = static_cast<int>(rx.buffer.rcvWnd() / (2 * rx.buffer.rcvMss()));
  if (quick == 0) quick = 2;
  quick = std::min(quick, max);
  if (quick > rx.quickAcks) rx.quickAcks = quick;
}

void TcpConnection::linuxEnterQuickAckMode() {
  // tcp_enter_quickack_mode()
  linuxIncrementQuickAcks(kMaxQuickAcks);
  m_linux->pingpong = false;
  m_linux->ato = m_config->delayedAckTimeout;
}

bool TcpConnection::linuxAckDueNow() {
  // __tcp_ack_snd_check(): more than one full frame received "... and right edge of window advances
  // far enough", or the reader emptied the queue (rcv_nxt - copied_seq < SO_RCVLOWAT = 1); or
  // quick-ACK mode; or an ACK the protocol asks for at once (ICSK_ACK_NOW).
  LinuxReceiveSide& rx = *m_linux;
  if (linuxInQuickAckMode() || rx.ackNow) return true;
  const LinuxRcvBuffer& rcv = rx.buffer;
  if (static_cast<std::int64_t>(m_rcvNxt - rcv.rcvWup()) <= rcv.rcvMss()) return false;
  if (m_rcvNxt == rx.copiedSeq) return true;
  const LinuxRcvBuffer::Selection s = rcv.computeWindow();
  if (s.freeBelowHalf) rx.quickAcks = 0;  // __tcp_select_window() leaves quick-ACK mode
  return s.window >= rcv.rcvWnd();
}

void TcpConnection::linuxAckSendCheck() {
  // __tcp_ack_snd_check() for in-order data (no out-of-order queue).
  if (linuxAckDueNow()) {
    sendAck();
  } else {
    linuxSendDelayedAck();
  }
}

void TcpConnection::linuxOutOfOrderAck() {
  // __tcp_ack_snd_check() when the segment went to the out-of-order queue: SACK compression
  // (tcp_sack_compression.h) unless an ACK is due at once anyway.
  if (linuxAckDueNow()) {
    sendAck();
    return;
  }
  switch (m_linux->buffer.sackCompression().onOutOfOrder(m_rcvNxt)) {
    case SackCompression::Decision::SendNow:
      sendAck();
      return;
    case SackCompression::Decision::Hold:
      return;
    case SackCompression::Decision::HoldAndArm: {
      const std::int64_t srttUs = m_rto.hasSample() ? m_rto.smoothedRtt().nanoseconds() / 1000 : 0;
      const sim::SimTime at = sched().now() + SackCompression::delay(m_linux->buffer.rcvRttUs(), srttUs);
      // A delayed ACK due earlier carries the held SACKs too; a later one is sent by this timer
      // (the ACK clears it, as tcp_event_ack_sent() clears the delayed-ACK timer).
      if (m_delayedAckTimer.isArmed() && m_delayedAckTimer.deadline() <= at) return;
      m_delayedAckTimer.armAt(*this, at, [](TcpConnection& c) { c.sendAck(); });
      return;
    }
  }
}

void TcpConnection::linuxSendDelayedAck() {
  // tcp_send_delayed_ack(): ato, bounded by 200 ms in interactive mode or after a pushed segment,
  // and by the RTT; an earlier pending deadline is kept, and one within ato/4 sends now.
  LinuxReceiveSide& rx = *m_linux;
  const sim::Duration delackMin = m_config->delayedAckTimeout;
  sim::Duration ato = rx.ato;
  if (ato > delackMin) {
    sim::Duration maxAto = kMaxAtoDefault;
    if (rx.pingpong || rx.ackPushed) maxAto = kDelackMax;
    if (m_rto.hasSample()) maxAto = std::min(maxAto, std::max(m_rto.smoothedRtt(), delackMin));
    ato = std::min(ato, maxAto);
  }
  sim::SimTime deadline = sched().now() + ato;
  if (m_delayedAckTimer.isArmed()) {
    if (m_delayedAckTimer.deadline() <= sched().now() + ato / 4) {
      sendAck();
      return;
    }
    deadline = std::min(deadline, m_delayedAckTimer.deadline());
  }
  m_delayedAckTimer.armAt(*this, deadline, [](TcpConnection& c) { c.linuxOnDelayedAckTimer(); });
}

void TcpConnection::linuxOnDelayedAckTimer() {
  // tcp_delack_timer_handler(): "Delayed ACK missed": inflate ato, or leave interactive mode.
  LinuxReceiveSide& rx = *m_linux;
  if (!rx.ackScheduled) return;
  if (!rx.pingpong) {
    rx.ato = std::min(rx.ato * 2, m_rto.rto());
  } else {
    rx.pingpong = false;
    rx.ato = m_config->delayedAckTimeout;
  }
  sendAck();
}

void TcpConnection::linuxOnSegmentOut(const TcpHeader& h, std::uint32_t payloadBytes) {
  LinuxReceiveSide& rx = *m_linux;
  if (h.has(TcpHeader::kSyn)) return;
  const sim::SimTime now = sched().now();
  if (payloadBytes > 0 && rx.ato > sim::Duration::zero() && now - rx.lastDataAt < rx.ato) {
    rx.pingpong = true;  // tcp_event_data_sent(): a reply within ato of the last data received
  }
  if (!h.has(TcpHeader::kAck)) return;
  // tcp_event_ack_sent(): one quick ACK used if an ACK was due; the pending ACK is done.
  if (rx.quickAcks > 0) {
    const int pkts = rx.ackScheduled ? 1 : 0;
    if (pkts >= rx.quickAcks) {
      rx.quickAcks = 0;
      rx.ato = m_config->delayedAckTimeout;  // "Leaving quickack mode we deflate ATO."
    } else {
      rx.quickAcks -= pkts;
    }
  }
  rx.ackScheduled = rx.ackPushed = rx.ackPushed2 = rx.ackNow = false;
  rx.buffer.sackCompression().onAckSent();
  m_delayedAckTimer.cancel(*this);
}

void TcpConnection::linuxAfterRead(std::uint64_t copied) {
  // __tcp_cleanup_rbuf() after a read() call.
  LinuxReceiveSide& rx = *m_linux;
  const LinuxRcvBuffer& rcv = rx.buffer;
  bool ack = false;
  if (rx.ackScheduled) {
    // "Once-per-two-segments ACK was not sent by tcp_input.c", or the read emptied the buffer
    // after a short segment (not in interactive mode unless twice).
    ack = static_cast<std::int64_t>(m_rcvNxt - rcv.rcvWup()) > rcv.rcvMss() ||
          (copied > 0 && (rx.ackPushed2 || (rx.ackPushed && !rx.pingpong)) && rcv.rmemAlloc() == 0);
  }
  const bool peerClosed = m_state == TcpState::CloseWait || m_state == TcpState::Closing ||
                          m_state == TcpState::LastAck || m_state == TcpState::TimeWait;  // RCV_SHUTDOWN
  if (copied > 0 && !ack && !peerClosed) {
    // "We send an ACK if we can now advertise a non-zero window which has been raised
    // significantly" ("at least twice").
    const std::int64_t windowNow = rcv.receiveWindow(m_rcvNxt);
    if (2 * windowNow <= rcv.windowClamp()) {
      const LinuxRcvBuffer::Selection s = rcv.computeWindow();
      if (s.freeBelowHalf) rx.quickAcks = 0;
      ack = s.window > 0 && s.window >= 2 * windowNow;
    }
  }
  if (ack) sendAck();
}

}  // namespace wirelab::models::transport::tcp
