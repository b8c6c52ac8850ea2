// The sending half of a TCP endpoint: what to send when (congestion and flow control), ACK
// processing, fast retransmit and recovery (RFC 5681, RFC 6582 NewReno; RFC 6675 with SACK), the
// retransmission timer (RFC 6298) and zero-window probing (RFC 9293 section 3.8.6.1).
#include <algorithm>

#include "models/transport/tcp/tcp_connection.h"
#include "models/transport/tcp/tcp_stack.h"

namespace wirelab::models::transport::tcp {

namespace {
constexpr int kDupThresh = 3;  // RFC 5681 section 3.2 / RFC 6675 DupThresh
}

// --- Application writes ----------------------------------------------------------------------------

std::uint64_t TcpConnection::sendSpace() const {
  const std::uint64_t unacked = dataEnd() - std::max(m_sndUna, kSndDataStart);
  return m_config->sendBufferBytes > unacked ? m_config->sendBufferBytes - unacked : 0;
}

std::uint64_t TcpConnection::send(std::uint64_t bytes) {
  // RFC 9293 3.10.2: data are accepted before the handshake completes and until we close.
  if (!acceptsApplicationData(m_state) || m_closeRequested) return 0;
  const std::uint64_t accepted = std::min(bytes, sendSpace());
  m_appWritten += accepted;
  if (m_state == TcpState::Established || m_state == TcpState::CloseWait) trySend();
  return accepted;
}

// --- What may be sent ------------------------------------------------------------------------------

// RFC 6675 SetPipe(): segments not SACKed count once unless deemed lost, and once more if
// retransmitted during recovery (pipeShare). Kept up to date by updateSegment().
std::uint64_t TcpConnection::pipe() const { return m_pipe; }

std::uint64_t TcpConnection::bytesInFlight() const {
  // Without SACK, NewReno's fast recovery works on FlightSize (SND.NXT - SND.UNA) with window
  // inflation (RFC 6582 3.2). Elsewhere the pipe: it equals FlightSize until an RTO presumes the
  // outstanding segments lost (RFC 6298 5.4, RFC 5681 3.1), after which only what was sent again
  // is in flight and the sender goes back from SND.UNA within its new window.
  if (!m_sackOk && m_inRecovery) return m_sndNxt - m_sndUna;
  return pipe();
}

std::uint64_t TcpConnection::sendWindow() const {
  return m_cc->cwndBytes() + inflation();  // NewReno inflates during fast recovery (RFC 6582)
}

TcpConnection::SentSegment* TcpConnection::findSegment(std::uint64_t seq) {
  // Segments are contiguous and sorted: binary search on their start.
  auto first = m_sent.begin() + static_cast<std::ptrdiff_t>(m_sentHead);
  auto it = std::upper_bound(first, m_sent.end(), seq,
                             [](std::uint64_t s, const SentSegment& seg) { return s < seg.start; });
  if (it == first) return nullptr;
  --it;
  return seq < it->end ? &*it : nullptr;
}

void TcpConnection::trySend() {
  while (sendOneSegment()) {
  }
  // FIN goes once every queued byte has been sent (RFC 9293 3.10.4).
  if (m_closeRequested && !m_finSent && m_sndNxt == dataEnd() && m_sndMax == dataEnd()) {
    m_finSent = true;
    sendControl(TcpHeader::kFin | TcpHeader::kAck, dataEnd());
    m_sndNxt = dataEnd() + 1;
    m_sndMax = m_sndNxt;
    if (!m_retransmitTimer.isArmed()) armRetransmitTimer();
    if (m_state == TcpState::Established || m_state == TcpState::SynReceived) {
      transitionTo(TcpState::FinWait1, "application closed");
    } else if (m_state == TcpState::CloseWait) {
      transitionTo(TcpState::LastAck, "application closed");
    }
  }
}

bool TcpConnection::sendOneSegment() {
  if (m_state != TcpState::Established && m_state != TcpState::CloseWait && m_state != TcpState::FinWait1 &&
      m_state != TcpState::LastAck && m_state != TcpState::Closing) {
    return false;
  }
  const std::uint64_t flight = bytesInFlight();
  // In SACK recovery with PRR, PRR alone says whether a segment may go (RFC 9937 section 4).
  const bool prr = m_inRecovery && prrEnabled();
  if (prr ? !m_seldom->prr->allows(flight) : flight >= sendWindow()) return false;
  const std::uint64_t congestionRoom = prr ? m_mss : sendWindow() - flight;

  // 1. Retransmit what is deemed lost, first (RFC 6675 NextSeg rule 1; after an RTO the same).
  if (m_awaitingResend > 0) {
    for (std::size_t i = std::max(m_resendScanFrom, m_sentHead); i < m_sent.size(); ++i) {
      const SentSegment& s = m_sent[i];
      if (needsResend(s)) {
        m_resendScanFrom = static_cast<SegmentIndex>(i);
        if (congestionRoom < s.end - s.start && flight > 0) return false;
        transmit(s.start, static_cast<std::uint32_t>(s.end - s.start), true,
                 m_inRecovery ? "loss recovery" : "retransmission after RTO");
        return true;
      }
    }
  }
  if (m_finSent && m_sndNxt > dataEnd()) return false;

  // 2. New data within both windows. The peer's window is anchored at SND.UNA (RFC 9293 3.8.6).
  const std::uint64_t available = dataEnd() - std::min(m_sndNxt, dataEnd());
  if (available == 0) return false;
  const std::uint64_t peerLimit = m_sndUna + m_sndWnd;
  const std::uint64_t peerRoom = peerLimit > m_sndNxt ? peerLimit - m_sndNxt : 0;
  if (peerRoom == 0) {
    // Zero window with nothing in flight: only probes can find out when it opens.
    if (m_sndMax == m_sndUna && !persistTimerArmed()) {
      seldom().persistTimer.arm(*this, m_rto.rto(), [](TcpConnection& c) { c.onPersistTimeout(); });
    }
    return false;
  }
  const std::uint64_t room = std::min(congestionRoom, peerRoom);
  std::uint64_t len = std::min<std::uint64_t>({m_mss, available, room});
  // Sender silly-window avoidance (RFC 9293 3.8.6.2.1): send a full segment, or all that is
  // queued, or at least half the peer's largest window; otherwise wait for more room.
  if (len < m_mss && len < available && len < m_sndWnd / 2) return false;
  // Nagle (RFC 896): a small segment waits while data are unacknowledged.
  if (m_config->nagle && len < m_mss && m_sndMax > m_sndUna) return false;
  transmit(m_sndNxt, static_cast<std::uint32_t>(len), false, "new data");
  return true;
}

void TcpConnection::transmit(std::uint64_t seq, std::uint32_t len, bool retransmission, const char* cause) {
  const sim::SimTime now = sched().now();
  TcpHeader h;
  h.seq = seq;
  h.ack = m_rcvNxt;
  h.flags = TcpHeader::kAck;
  stampOutgoing(h, len);
  if (m_sackOk) fillSackBlocks(h);
  m_stack->sendSegment(*this, h, len, m_config->timestamps);
  ++m_counters.segmentsSent;
  m_counters.bytesSent += len;
  if (m_inRecovery && prrEnabled()) m_seldom->prr->onSent(len);  // prr_out

  if (retransmission) {
    if (SentSegment* s = findSegment(seq)) {
      updateSegment(static_cast<std::size_t>(s - m_sent.data()), [now](SentSegment& seg) {
        seg.retransmitted = true;
        seg.retransmittedInRecovery = true;
        seg.sentAt = now;
      });
    }
    seldom().lossCounters.bytesRetransmitted += len;
    if (m_traces) m_traces->retransmitted(seq, cause);
  } else {
    m_sent.push_back(SentSegment{seq, seq + len, now});
    account(m_sent.back());
    m_sndNxt = seq + len;
    m_sndMax = std::max(m_sndMax, m_sndNxt);
  }
  m_cc->onPacketSent(now, len);
  if (m_config->linuxCwndLimited) {
    // tcp_cwnd_validate(): a new window starts once everything sent in the last one is acked.
    const std::uint64_t flight = bytesInFlight();
    Seldom& s = *m_seldom;  // made in the constructor with linuxCwndLimited
    if (m_sndUna >= s.maxFlightSeq || flight > s.maxFlight) {
      s.maxFlight = flight;
      s.maxFlightSeq = m_sndNxt;
    }
  }
  // RFC 6298 5.1: start the timer when data are sent and it is not running.
  if (!m_retransmitTimer.isArmed()) armRetransmitTimer();
  // A data segment carries our ACK: no separate delayed ACK is needed.
  m_delayedAckTimer.cancel(*this);
  m_unackedSegments = 0;
}

void TcpConnection::sendControl(std::uint16_t flags, std::uint64_t seq) {
  TcpHeader h;
  h.seq = seq;
  h.flags = flags;
  if ((flags & TcpHeader::kAck) != 0) h.ack = m_rcvNxt;
  stampOutgoing(h, 0);
  if ((flags & TcpHeader::kSyn) != 0) {
    // RFC 6691 section 2 (RFC 9293 3.7.1): the MSS option is the MTU less the fixed IP and TCP
    // headers, options not counted; each side subtracts the options it sends (limitMssToPeer()).
    h.mss = static_cast<std::uint16_t>(
        std::min<std::uint32_t>(m_config->mtuBytes - kIpv4HeaderBytes - kTcpHeaderBytes, 65535));
    h.sackPermitted = (flags & TcpHeader::kAck) != 0 ? m_sackOk : m_config->sack;
    h.windowScale = static_cast<std::uint8_t>(announcedWindowScale());
    m_synSentAt = sched().now();  // a retransmitted SYN gives no sample anyway (Karn)
  }
  m_stack->sendSegment(*this, h, 0, m_config->timestamps);
  ++m_counters.segmentsSent;
}

// --- ACKs in ---------------------------------------------------------------------------------------

void TcpConnection::processAck(const TcpHeader& h, std::uint32_t payloadBytes) {
  if (h.ack > m_sndMax) {
    sendAck();  // acknowledges something not yet sent: RFC 9293 3.10.7.4, fifth
    return;
  }
  const sim::SimTime now = sched().now();
  const std::uint64_t previousWindow = m_sndWnd;
  const std::uint64_t sndUnaBefore = m_sndUna;
  if (h.ack >= m_sndUna) m_sndWnd = h.window;
  // The persist timer is armed only while the peer's window is zero (sendOneSegment(),
  // onPersistTimeout()): cancel it when the window opens, and leave its (cold) line alone otherwise.
  if (m_sndWnd > 0 && previousWindow == 0) cancelPersistTimer();
  const SackOutcome sack = m_sackOk ? processSack(h) : SackOutcome{};
  const std::uint64_t newlySacked = sack.newlySacked;
  // RFC 9937 DeliveredData (and Linux's growth credit): SACKed now, or cumulatively acknowledged
  // without an earlier SACK; the SYN and FIN are no data.
  std::uint64_t delivered = newlySacked;
  if (newlySacked > 0 && h.ack <= m_sndUna && !m_inRecovery && sndMaxAtFirstDupAck() == 0) {
    seldom().sndMaxAtFirstDupAck = m_sndMax;  // new SACK information without progress: a loss may follow
  }

  if (h.ack > m_sndUna) {
    const std::uint64_t dataAckedFrom = std::max(m_sndUna, kSndDataStart);
    const std::uint64_t dataAckedTo = std::min(h.ack, dataEnd());
    const std::uint64_t newlyAcked = dataAckedTo > dataAckedFrom ? dataAckedTo - dataAckedFrom : 0;
    // Karn's rule (RFC 6298 3): sample only from a segment never retransmitted; the latest one
    // fully acknowledged here.
    sim::Duration sample;
    std::uint64_t deliveredByCumulativeAck = 0;  // acknowledged here and not SACKed before
    while (m_sentHead < m_sent.size() && m_sent[m_sentHead].end <= h.ack) {
      const SentSegment& s = m_sent[m_sentHead];
      if (!s.sacked) deliveredByCumulativeAck += s.end - s.start;
      if (!s.retransmitted) sample = now - s.sentAt;
      if (rackEnabled() && !s.sacked) rackOnDelivered(s, now);
      forget(s);
      ++m_sentHead;
    }
    if (m_sentHead < m_sent.size() && m_sent[m_sentHead].start < h.ack) {
      deliveredByCumulativeAck += h.ack - m_sent[m_sentHead].start;
      updateSegment(m_sentHead, [&h](SentSegment& seg) { seg.start = h.ack; });
    }
    // Drop acknowledged entries once they are the majority of a long queue, and always when
    // nothing is outstanding, so that a connection carrying one request at a time stays within
    // m_sent's inline capacity instead of growing a buffer by one entry per request.
    if (m_sentHead == m_sent.size() || (m_sentHead > 64 && m_sentHead * 2 > m_sent.size())) {
      m_sent.erase(m_sent.begin(), m_sent.begin() + static_cast<std::ptrdiff_t>(m_sentHead));
      m_resendScanFrom = m_resendScanFrom > m_sentHead ? m_resendScanFrom - m_sentHead : 0;
      m_sentHead = 0;
    }
    if (sample > sim::Duration::zero()) m_rto.addSample(sample, rtoBounds());
    delivered += std::min(newlyAcked, deliveredByCumulativeAck);
    m_sndUna = h.ack;
    if (m_seldom) m_seldom->sndMaxAtFirstDupAck = 0;
    if (m_sndNxt < m_sndUna) m_sndNxt = m_sndUna;
    m_retries = 0;
    if (m_sndUna >= m_roundEnd) {
      ++m_roundCount;
      m_roundEnd = m_sndMax;
    }

    if (m_inRecovery && m_sndUna >= recoverPoint()) {
      // Full acknowledgment: recovery is over (RFC 6582 3.2 step 6; RFC 6675 section 5).
      m_inRecovery = false;
      seldom().inflation = 0;
      m_dupAcks = 0;
      m_cc->onRecoveryExit(now);
    } else if (m_inRecovery && !m_sackOk) {
      // Partial acknowledgment (RFC 6582 3.2 step 5): retransmit the next hole, deflate the window
      // by what was acknowledged, add back one segment, and restart the timer for the first partial
      // ACK only (the "Impatient" variant, RFC 6582 section 4): with many holes in one window the
      // timer then expires and slow start repairs them, instead of one hole per round trip.
      if (m_sentHead < m_sent.size()) {
        updateSegment(m_sentHead, [](SentSegment& seg) {
          seg.lost = true;
          seg.retransmittedInRecovery = false;
        });
        const SentSegment& next = m_sent[m_sentHead];
        transmit(next.start, static_cast<std::uint32_t>(next.end - next.start), true, "NewReno partial ACK");
      }
      std::uint64_t& inflated = seldom().inflation;
      inflated = (inflated > newlyAcked ? inflated - newlyAcked : 0) + m_mss;
      if (!m_partialAckTimerReset) {
        m_partialAckTimerReset = true;
        armRetransmitTimer();
      }
    } else if (!m_inRecovery) {
      m_dupAcks = 0;
    }

    cc::AckEvent ack;
    ack.now = now;
    // Linux credits what this ACK delivered; RFC 3465 what the cumulative ACK newly covers.
    ack.bytesAcked = m_config->linuxDeliveredCredit ? delivered : newlyAcked;
    ack.bytesInFlight = bytesInFlight();
    ack.rttSample = sample;
    ack.smoothedRtt = m_rto.smoothedRtt();
    ack.minRtt = m_rto.hasSample() ? m_rto.minRtt() : sim::Duration::zero();
    ack.inRecovery = m_inRecovery;
    ack.applicationLimited = m_sndNxt >= dataEnd() && ack.bytesInFlight + m_mss < m_cc->cwndBytes();
    if (m_config->linuxCwndLimited && m_cc->inSlowStart()) {
      // tcp_is_cwnd_limited(): "If in slow start, ensure cwnd grows to twice what was ACKed."
      ack.applicationLimited = m_cc->cwndBytes() >= 2 * m_seldom->maxFlight;
    }
    ack.roundTripCount = m_roundCount;
    if (newlyAcked > 0) m_cc->onAck(ack);

    // RFC 6298 5.2 / 5.3: stop the timer when all is acknowledged, else restart it (but not on
    // NewReno's partial ACKs, above).
    if (m_sndUna == m_sndMax) {
      m_retransmitTimer.cancel(*this);
    } else if (!m_inRecovery || m_sackOk) {
      armRetransmitTimer();
    }
    emitWindow(m_cc->lastCause());
    if (m_finSent && h.ack == dataEnd() + 1) onOurFinAcknowledged();
    if (m_state == TcpState::Closed) return;
    if (newlyAcked > 0) {
      Handler* handler = m_handler.get();
      if (handler != nullptr && sendSpace() >= m_config->sendBufferBytes / 2 &&
          sendSpace() - newlyAcked < m_config->sendBufferBytes / 2) {
        handler->onTcpSendSpace();
      }
    }
  } else if (h.ack == m_sndUna && m_sndMax > m_sndUna && h.window == previousWindow && payloadBytes == 0 &&
             !h.has(TcpHeader::kFin)) {
    // A duplicate ACK (RFC 5681 section 2): it carries no data, acknowledges nothing new, has data
    // outstanding and the same window. A data segment from a peer that is also sending (a request
    // on a connection receiving a response) carries the same ACK number but is not a duplicate.
    ++m_dupAcks;
    if (!m_inRecovery && sndMaxAtFirstDupAck() == 0) seldom().sndMaxAtFirstDupAck = m_sndMax;
    if (m_inRecovery && !m_sackOk) seldom().inflation += m_mss;  // RFC 6582 3.2 step 4
    // RFC 6582 3.2 step 2: only when the ACK covers more than "recover" (here one past the highest
    // byte sent when the last episode began), so that one loss episode gives one window reduction.
    if (!m_inRecovery && m_dupAcks >= kDupThresh && m_sndUna >= recoverPoint()) {
      enterRecovery("fast retransmit after 3 duplicate ACKs");
    }
  }
  // RACK (RFC 8985 6.2): time-based loss detection on every ACK.
  const bool rackMarkedLost = rackEnabled() && rackDetectLoss();
  if (rackMarkedLost && !m_inRecovery && m_sndUna >= recoverPoint()) {
    enterRecovery("RACK: segment deemed lost (sent before a delivered one, reordering window passed)");
  }
  // With SACK, loss can be inferred before three duplicates (RFC 6675 section 5, IsLost(HighACK)).
  if (m_sackOk && !m_inRecovery && m_sentHead < m_sent.size() && m_sent[m_sentHead].lost &&
      m_sndUna >= recoverPoint()) {
    enterRecovery("SACK: first unacknowledged segment deemed lost");
  }
  // PRR counts every ACK of the recovery, the one that started it included (RFC 9937 section 4:
  // DeliveredData; an ACK that delivered nothing changes nothing). A "safe" ACK advanced SND.UNA
  // and marked nothing newly lost: it earns PRR-SSRB's extra segment.
  if (m_inRecovery && prrEnabled() && delivered > 0) {
    m_seldom->prr->onDelivered(delivered, m_mss,
                               m_sndUna > sndUnaBefore && !sack.markedLost && !rackMarkedLost);
  }
  trySend();
  if (rackEnabled()) armTailLossProbe();
}

TcpConnection::SackOutcome TcpConnection::processSack(const TcpHeader& h) {
  std::uint64_t newlySacked = 0;
  for (int b = 0; b < h.sackCount; ++b) {
    const SackBlock& block = h.sack[b];
    // Segments are sorted and contiguous: start at the first one the block can cover.
    const SentSegment* first = findSegment(std::max(block.start, m_sndUna));
    if (first == nullptr) continue;
    for (auto i = static_cast<std::size_t>(first - m_sent.data()); i < m_sent.size(); ++i) {
      const SentSegment& s = m_sent[i];
      if (s.start >= block.end) break;
      if (s.start >= block.start && s.end <= block.end && !s.sacked) {
        if (rackEnabled()) rackOnDelivered(s, sched().now());
        updateSegment(i, [](SentSegment& seg) { seg.sacked = true; });
        newlySacked += s.end - s.start;
      }
    }
  }
  return {newlySacked, newlySacked > 0 && markLostBySack()};
}

// RFC 6675 IsLost(): a segment is lost when at least DupThresh segments above it were SACKed.
bool TcpConnection::markLostBySack() {
  int sackedAbove = 0;
  bool marked = false;
  for (std::size_t i = m_sent.size(); i-- > m_sentHead;) {
    const SentSegment& s = m_sent[i];
    if (s.sacked) {
      ++sackedAbove;
    } else if (sackedAbove >= kDupThresh) {
      if (s.lost) break;  // everything below was marked by an earlier pass
      updateSegment(i, [](SentSegment& seg) { seg.lost = true; });
      marked = true;
    }
  }
  return marked;
}

void TcpConnection::enterRecovery(const char* cause) {
  // RFC 6582 3.2 steps 2-3 / RFC 6675 section 5 steps 4.1-4.2.
  m_inRecovery = true;
  m_partialAckTimerReset = false;
  seldom().recoverPoint = m_sndMax;
  ++seldom().lossCounters.fastRetransmits;
  // RFC 5681 eq. 4 and RFC 6675 halve FlightSize; ns-3 halves its SACK pipe (what is believed to
  // be in the network: FlightSize less SACKed and lost segments), a smaller value.
  // FlightSize without what limited transmit sent since the first duplicate ACK (RFC 5681 3.2
  // step 2, RFC 6675 section 5 step 4.2).
  const std::uint64_t firstDupAt = sndMaxAtFirstDupAck();
  const std::uint64_t flightEnd = firstDupAt > m_sndUna ? firstDupAt : m_sndMax;
  const std::uint64_t flight = m_config->ssthreshFromPipe && m_sackOk ? pipe() : flightEnd - m_sndUna;
  m_cc->onCongestionEvent(sched().now(), flight);
  if (prrEnabled()) {
    // RecoverFS: what was outstanding, less what the receiver already holds (RFC 9937 section 4).
    std::uint64_t sacked = 0;
    for (std::size_t i = m_sentHead; i < m_sent.size(); ++i) {
      if (m_sent[i].sacked) sacked += m_sent[i].end - m_sent[i].start;
    }
    m_seldom->prr->onEnterRecovery(m_sndMax - m_sndUna - sacked, m_cc->cwndBytes());
  }
  if (m_sentHead < m_sent.size()) {
    updateSegment(m_sentHead, [](SentSegment& seg) {
      seg.lost = true;
      seg.retransmittedInRecovery = false;
    });
    // With PRR the repair goes from trySend(), right after this ACK's delivered data are counted,
    // as the first segment PRR lets go (RFC 9937 section 4: "force a fast retransmit").
    const SentSegment& head = m_sent[m_sentHead];
    if (!prrEnabled()) transmit(head.start, static_cast<std::uint32_t>(head.end - head.start), true, cause);
  }
  if (!m_sackOk) seldom().inflation = static_cast<std::uint64_t>(kDupThresh) * m_mss;
  emitWindow(cause);
}

// --- Timers ----------------------------------------------------------------------------------------

void TcpConnection::armRetransmitTimer() {
  if (m_retransmitTimer.isArmed()) {
    m_retransmitTimer.rearm(*this, m_rto.rto());
  } else {
    m_retransmitTimer.arm(*this, m_rto.rto(), [](TcpConnection& c) { c.onRetransmitTimeout(); });
  }
}

void TcpConnection::onRetransmitTimeout() {
  ++seldom().lossCounters.timeouts;
  if (m_state == TcpState::SynSent || m_state == TcpState::SynReceived) {
    if (m_retries >= m_config->maxSynRetries) {
      enterClosed("connection timed out (no answer to SYN)");
      return;
    }
    ++m_retries;
    m_synRetransmitted = true;
    m_rto.backOff(rtoBounds());  // RFC 6298 5.5
    sendControl(m_state == TcpState::SynSent ? TcpHeader::kSyn : TcpHeader::kSyn | TcpHeader::kAck, 0);
    if (m_traces) {
      m_traces->retransmitted(0, m_state == TcpState::SynSent ? "SYN retransmitted after RTO"
                                                              : "SYN-ACK retransmitted after RTO");
    }
    armRetransmitTimer();
    return;
  }
  if (m_sndUna == m_sndMax) return;
  if (m_retries >= m_config->maxDataRetries) {
    enterClosed("connection timed out (retransmission limit)");
    return;
  }
  ++m_retries;
  // RFC 5681 3.1 eq. 4 and the loss window; RFC 6298 5.4-5.6: back off and retransmit the first
  // unacknowledged segment. Everything outstanding is presumed lost (go-back-N, keeping SACK state).
  m_cc->onRetransmissionTimeout(sched().now(), m_sndMax - m_sndUna);
  m_rto.backOff(rtoBounds());
  m_inRecovery = false;
  seldom().inflation = 0;
  m_dupAcks = 0;
  seldom().recoverPoint = m_sndMax;  // RFC 6582 section 4: no fast retransmit for what was sent before
  if (m_rack) {
    m_rack->tlpInFlight = false;
    m_rack->reorderTimerArmed = false;
    m_rack->timer.cancel();
  }
  for (std::size_t i = m_sentHead; i < m_sent.size(); ++i) {
    updateSegment(i, [](SentSegment& seg) {
      seg.lost = !seg.sacked;
      seg.retransmittedInRecovery = false;
    });
  }
  emitWindow("RTO fired");
  m_retransmitTimer.arm(*this, m_rto.rto(), [](TcpConnection& c) { c.onRetransmitTimeout(); });
  if (m_sentHead < m_sent.size()) {
    const SentSegment& head = m_sent[m_sentHead];
    transmit(head.start, static_cast<std::uint32_t>(head.end - head.start), true, "RTO fired");
  } else if (m_finSent && m_sndUna == dataEnd()) {
    sendControl(TcpHeader::kFin | TcpHeader::kAck, dataEnd());  // only the FIN is outstanding
    if (m_traces) m_traces->retransmitted(dataEnd(), "FIN retransmitted after RTO");
  }
  trySend();
}

void TcpConnection::onPersistTimeout() {
  // RFC 9293 3.8.6.1: probe a zero window, backing off like the RTO. The probe is an old sequence
  // number without data (as Linux's tcp_xmit_probe_skb): the receiver must answer it with an ACK
  // carrying its current window, and nothing enters the retransmission queue, so a window that
  // stays closed is never mistaken for loss.
  if (m_sndWnd > 0 || m_sndNxt >= dataEnd()) return;
  ++seldom().lossCounters.zeroWindowProbes;
  sendControl(TcpHeader::kAck, m_sndUna - 1);
  m_rto.backOff(rtoBounds());
  seldom().persistTimer.arm(*this, m_rto.rto(), [](TcpConnection& c) { c.onPersistTimeout(); });
}

void TcpConnection::emitWindow(const char* cause) {
  if (!m_traces || !m_traces->windowChanged.hasSubscribers()) return;
  m_traces->windowChanged(WindowSample{sched().now(), m_cc->cwndBytes() + inflation(), m_cc->ssthreshBytes(),
                                       bytesInFlight(), m_rto.smoothedRtt(), cause});
}

}  // namespace wirelab::models::transport::tcp
