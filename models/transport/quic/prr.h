// File: models/transport/quic/prr.h
// Proportional Rate Reduction (RFC 6937) for the QUIC-like transport's recovery periods, which
// RFC 9002 section 7.3.2 names as the alternative to cutting the window at once. Without it, a
// sender that halves its window has more bytes in flight than the new window and falls silent
// until half a window has been acknowledged: its ACK clock stops, and a second lost packet waits
// about a round trip for its repair. PRR instead sends, for every byte the peer reports delivered,
// ssthresh / RecoverFS bytes while more than ssthresh is in flight, and at most one datagram more
// than was delivered once less is (the slow-start reduction bound, PRR-SSRB), so the flight glides
// down to the new window over one round trip. Chromium's and quiche's QUIC senders do the same.
#pragma once

#include <cstdint>

namespace wirelab::models::transport::quic {

class ProportionalRateReduction {
 public:
  // A recovery period begins: `flightBeforeLoss` is RecoverFS (RFC 6937 section 3: the flight when
  // recovery starts, the lost packets included), `ssthresh` the window the flight must reach.
  void onEnterRecovery(std::uint64_t flightBeforeLoss, std::uint64_t ssthresh);
  // An ACK during recovery reported `deliveredBytes` newly delivered (DeliveredData); `mss` is one
  // datagram.
  void onDelivered(std::uint64_t deliveredBytes, std::uint64_t mss);
  // A packet counted in bytes in flight left during recovery (prr_out).
  void onSent(std::uint64_t bytes);
  // May a datagram go now, with `bytesInFlight` (pipe) in the network?
  bool allows(std::uint64_t bytesInFlight) const;

 private:
  std::uint64_t m_recoverFs = 0;
  std::uint64_t m_ssthresh = 0;
  std::uint64_t m_delivered = 0;  // prr_delivered
  std::uint64_t m_out = 0;        // prr_out
  // PRR-SSRB's per-ACK allowance left: MAX(prr_delivered - prr_out, DeliveredData) + MSS when the
  // ACK arrived, less what was sent since.
  std::int64_t m_ssrbBudget = 0;
};

}  // namespace wirelab::models::transport::quic
