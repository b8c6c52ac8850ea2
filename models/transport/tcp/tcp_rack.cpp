// RACK-TLP (RFC 8985): loss detection by time instead of by duplicate-ACK counting. RACK deems a
// segment lost when a segment sent after it has been delivered and a reordering window has passed
// since; the Tail Loss Probe sends one segment two round trips after the last one, so that a loss
// at the tail of a flight (which produces no duplicate ACKs) is repaired by fast recovery rather
// than by a retransmission timeout.
//
// Simplifications (docs/transport.md): the reordering window is always min_RTT / 4 (section 6.2
// step 4 without the reordering-observed and DSACK adaptation), and one probe per episode.
#include <algorithm>

#include "models/transport/tcp/tcp_connection.h"
#include "models/transport/tcp/tcp_stack.h"

namespace wirelab::models::transport::tcp {

namespace {
constexpr sim::Duration kWorstCaseDelayedAck = sim::Milliseconds(200);  // RFC 8985 WCDelAckT
}

// RFC 8985 6.2 step 2: remember the most recently sent segment among those just delivered. A
// retransmission delivered faster than the minimum RTT was the original's ACK: ignore it (step 1).
void TcpConnection::rackOnDelivered(const SentSegment& s, sim::SimTime now) {
  const sim::Duration rtt = now - s.sentAt;
  if (s.retransmitted && m_rto.hasSample() && rtt < m_rto.minRtt()) return;
  if (s.sentAt > m_rack->xmitTs || (s.sentAt == m_rack->xmitTs && s.end > m_rack->endSeq)) {
    m_rack->xmitTs = s.sentAt;
    m_rack->endSeq = s.end;
    m_rack->rtt = rtt;
  }
  m_rack->tlpInFlight = false;  // an answer arrived: the probe (if any) did its job
}

// RFC 8985 6.2 step 5: every segment sent before RACK.xmit_ts is lost once RACK.rtt + reo_wnd has
// passed since it was sent; the earliest one still waiting arms the reordering timer.
bool TcpConnection::rackDetectLoss() {
  if (m_rack->xmitTs == sim::SimTime()) return false;
  const sim::SimTime now = sched().now();
  const sim::Duration reorderWindow = m_rto.hasSample() ? m_rto.minRtt() / 4 : sim::Duration::zero();
  bool marked = false;
  sim::SimTime earliestWait = sim::SimTime::max();
  for (std::size_t i = m_sentHead; i < m_sent.size(); ++i) {
    const SentSegment& s = m_sent[i];
    const bool sentBefore =
        s.sentAt < m_rack->xmitTs || (s.sentAt == m_rack->xmitTs && s.end < m_rack->endSeq);
    // Segments never retransmitted are in send order: the first one sent after RACK.xmit_ts ends
    // the candidates, since all later ones (retransmitted or not) were sent later still.
    if (!sentBefore && !s.retransmitted) break;
    if (!sentBefore || s.sacked || s.lost) continue;
    const sim::SimTime deadline = s.sentAt + m_rack->rtt + reorderWindow;
    if (now >= deadline) {
      updateSegment(i, [](SentSegment& seg) {
        seg.lost = true;
        seg.retransmittedInRecovery = false;
      });
      marked = true;
    } else {
      earliestWait = std::min(earliestWait, deadline);
    }
  }
  if (earliestWait != sim::SimTime::max()) {
    m_rack->reorderTimerArmed = true;
    m_rack->timer.armAt(earliestWait, [this] { onRackTimeout(); });
  } else if (m_rack->reorderTimerArmed) {
    m_rack->reorderTimerArmed = false;
    m_rack->timer.cancel();
  }
  return marked;
}

void TcpConnection::onRackTimeout() {
  m_rack->reorderTimerArmed = false;
  if (rackDetectLoss() && !m_inRecovery && m_sndUna >= recoverPoint()) {
    enterRecovery("RACK: reordering window expired");
  }
  trySend();
}

// RFC 8985 7.2: arm the probe timeout after sending or receiving an ACK, when data are outstanding,
// no recovery is under way and no probe is already out.
void TcpConnection::armTailLossProbe() {
  if (m_rack->reorderTimerArmed) return;  // RACK's reordering timeout comes first (RFC 8985 7.2)
  if (m_inRecovery || m_rack->tlpInFlight || m_sndUna == m_sndMax || !m_rto.hasSample() ||
      (m_state != TcpState::Established && m_state != TcpState::CloseWait)) {
    if (!m_inRecovery && m_rack->timer.isArmed() && m_sndUna == m_sndMax) m_rack->timer.cancel();
    return;
  }
  sim::Duration pto = m_rto.smoothedRtt() * 2;
  if (m_sndMax - m_sndUna <= m_mss) pto += kWorstCaseDelayedAck;  // a lone segment may wait for a delayed ACK
  pto = std::min(pto, m_rto.rto());                               // never later than the RTO
  m_rack->timer.arm(pto, [this] { onTailLossProbe(); });
}

// RFC 8985 7.3: send one new segment if there is one and the peer's window allows, else
// retransmit the last segment sent; then the RTO takes over.
void TcpConnection::onTailLossProbe() {
  if (m_sndUna == m_sndMax || m_inRecovery) return;
  m_rack->tlpInFlight = true;
  const std::uint64_t available = dataEnd() - std::min(m_sndNxt, dataEnd());
  const std::uint64_t peerLimit = m_sndUna + m_sndWnd;
  if (available > 0 && m_sndNxt < peerLimit && m_sndNxt == m_sndMax) {
    const auto len =
        static_cast<std::uint32_t>(std::min<std::uint64_t>({m_mss, available, peerLimit - m_sndNxt}));
    transmit(m_sndNxt, len, false, "tail loss probe (new data)");
  } else if (m_sentHead < m_sent.size()) {
    const SentSegment& last = m_sent.back();
    transmit(last.start, static_cast<std::uint32_t>(last.end - last.start), true, "tail loss probe");
  }
  armRetransmitTimer();
}

}  // namespace wirelab::models::transport::tcp
