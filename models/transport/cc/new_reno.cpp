// File: models/transport/cc/new_reno.cpp
// NewReno's window rules. The transport owns fast retransmit and the recovery episode (RFC 6582
// section 3.2): it decides when a loss episode starts and ends and whether to inflate its usable
// window with duplicate ACKs; this class only moves cwnd and ssthresh.
#include "models/transport/cc/new_reno.h"

#include <algorithm>

namespace wirelab::models::transport::cc {

NewReno::NewReno(const CongestionConfig& config) : LossBasedController(config) {}

void NewReno::onPacketSent(sim::SimTime, std::uint64_t) {}

void NewReno::onAck(const AckEvent& ack) {
  // RFC 6582 section 3.2 (and RFC 9002 section 7.3.2): cwnd stays at ssthresh for the whole
  // recovery episode; partial ACKs retransmit, they do not grow the window.
  if (ack.inRecovery) return;
  std::uint64_t bytesForAvoidance = ack.bytesAcked;
  if (inSlowStart()) {
    bytesForAvoidance = slowStart(ack);
    if (bytesForAvoidance == 0) return;
  }
  // RFC 7661: an application-limited window is not validated, so it does not grow.
  if (ack.applicationLimited) return;
  congestionAvoidance(bytesForAvoidance);
}

void NewReno::congestionAvoidance(std::uint64_t bytesAcked) {
  if (config().increasePerAck) {
    // RFC 5681 equation 3, once per ACK (ns-3's TcpNewReno::CongestionAvoidance): at least 1 byte.
    m_cwnd += std::max<std::uint64_t>(1, std::uint64_t{mss()} * mss() / m_cwnd);
    m_cause = "congestion avoidance";
    return;
  }
  // RFC 5681 section 3.1 / RFC 3465 section 2.1: cwnd += SMSS once a full cwnd of bytes has been
  // acknowledged. Counting bytes instead of adding SMSS*SMSS/cwnd per ACK gives exactly one SMSS
  // per window of data whatever the ACK sizes, and no rounding drift.
  m_bytesAcked += bytesAcked;
  while (m_bytesAcked >= m_cwnd) {
    m_bytesAcked -= m_cwnd;
    m_cwnd += mss();
    m_cause = "congestion avoidance";
  }
}

std::uint64_t NewReno::halvedFlight(std::uint64_t bytesInFlight) const {
  // The floor is minimumWindowSegments (2 by default: RFC 5681's 2 * SMSS, RFC 9002's
  // kMinimumWindow).
  return std::max(bytesInFlight / 2, minimumWindow());
}

void NewReno::onCongestionEvent(sim::SimTime, std::uint64_t bytesInFlight) {
  // RFC 5681 section 3.2 step 2 (equation 4) and RFC 6582 section 3.2 step 2: ssthresh = max(
  // FlightSize / 2, 2 * SMSS). RFC 6582 then sets cwnd = ssthresh + 3 * SMSS to account for the
  // three segments that left the network; here cwnd = ssthresh and that inflation, like the
  // per-duplicate-ACK inflation, is left to the transport, which knows how many segments have left
  // (with SACK it counts them in its pipe estimate instead, RFC 6675).
  stopHystart();
  m_ssthresh = halvedFlight(bytesInFlight);
  m_cwnd = m_ssthresh;
  m_bytesAcked = 0;
  m_cause = "fast retransmit: multiplicative decrease";
}

void NewReno::onRecoveryExit(sim::SimTime) {
  // RFC 6582 section 3.2 step 3 deflates the window to ssthresh on the full ACK. cwnd was never
  // inflated here, so it already equals ssthresh: nothing changes and the cause is kept.
}

void NewReno::onRetransmissionTimeout(sim::SimTime, std::uint64_t bytesInFlight) {
  // RFC 5681 section 3.1: after a retransmission timeout ssthresh follows equation (4) and cwnd
  // becomes the loss window, one segment; slow start then rebuilds the ACK clock.
  stopHystart();
  m_ssthresh = halvedFlight(bytesInFlight);
  m_cwnd = mss();
  m_bytesAcked = 0;
  m_cause = "RTO: loss window";
}

}  // namespace wirelab::models::transport::cc
