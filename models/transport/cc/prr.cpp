// File: models/transport/cc/prr.cpp
// RFC 9937 section 4, in the form "may one more segment go" (the senders work in whole segments).
#include "models/transport/cc/prr.h"

#include <algorithm>

namespace wirelab::models::transport::cc {

void ProportionalRateReduction::onEnterRecovery(std::uint64_t flightBeforeLoss, std::uint64_t ssthresh) {
  m_recoverFs = std::max<std::uint64_t>(flightBeforeLoss, 1);
  m_ssthresh = ssthresh;
  m_delivered = 0;
  m_out = 0;
  m_budget = 0;
}

void ProportionalRateReduction::onDelivered(std::uint64_t deliveredBytes, std::uint64_t mss, bool safeAck) {
  m_delivered += deliveredBytes;
  const std::uint64_t owed = m_delivered > m_out ? m_delivered - m_out : 0;
  m_budget = static_cast<std::int64_t>(std::max(owed, deliveredBytes) + (safeAck ? mss : 0));
}

void ProportionalRateReduction::onSent(std::uint64_t bytes) {
  m_out += bytes;
  m_budget -= static_cast<std::int64_t>(bytes);
}

bool ProportionalRateReduction::allows(std::uint64_t bytesInFlight) const {
  // The first packet of the period (the repair of the lost data) always goes (RFC 9937 section 4,
  // "force a fast retransmit upon entering recovery"; RFC 9002 7.3.2's "single packet").
  if (m_out == 0) return true;
  // Nothing left in flight means no ACK will come to release more (the losses were declared by a
  // timer): one datagram may go, as Chromium's PRR sender allows, or the connection would stall.
  if (bytesInFlight == 0) return true;
  if (bytesInFlight > m_ssthresh) {
    // Proportional part: sndcnt = CEIL(prr_delivered * ssthresh / RecoverFS) - prr_out > 0.
    // 128-bit products: a flight of a few GB times a window would overflow 64 bits.
    __extension__ using U128 = unsigned __int128;
    return static_cast<U128>(m_delivered) * m_ssthresh > static_cast<U128>(m_out) * m_recoverFs;
  }
  // PRR-CRB, with PRR-SSRB's extra MSS on a safe ACK: sndcnt = MIN(ssthresh - pipe,
  // MAX(prr_delivered - prr_out, DeliveredData) [+ MSS]), the second term granted per ACK. A
  // segment goes while both leave room for any of it.
  return bytesInFlight < m_ssthresh && m_budget > 0;
}

}  // namespace wirelab::models::transport::cc
