// File: models/transport/cc/prr.h
// Proportional Rate Reduction (RFC 9937, which obsoletes RFC 6937) for loss-recovery periods: the
// QUIC-like transport's (RFC 9002 section 7.3.2 names it as the alternative to cutting the window
// at once) and TCP's fast recovery (TcpConfig::proportionalRateReduction). Without it, a sender
// that halves its window has more bytes in flight than the new window and falls silent until half
// a window has been acknowledged: its ACK clock stops, and a second lost packet waits about a
// round trip for its repair; with many losses the opposite happens, and the whole deficit goes out
// in one burst. PRR instead sends, for every byte the peer reports delivered, ssthresh / RecoverFS
// bytes while more than ssthresh is in flight, and once less is, what was delivered (the
// conservative reduction bound, PRR-CRB) plus one segment when the ACK was "safe" (it advanced
// SND.UNA and revealed no new loss: the slow-start reduction bound, PRR-SSRB; RFC 9937 section 4),
// so the flight glides down to the new window over one round trip and climbs back only as repairs
// get through. Linux (tcp_cwnd_reduction(), CRB by default since 4.2), FreeBSD and ns-3 do the
// same; Chromium's and quiche's QUIC senders use SSRB on every ACK, as RFC 6937 did.
#pragma once

#include <cstdint>

#include "sim/core/allocation_cluster.h"

namespace wirelab::models::transport::cc {

// Cluster-allocated: made with its connection (when the configuration enables PRR), it sits next to
// it (sim/core/allocation_cluster.h, TcpConnection::clusterBytes()).
class ProportionalRateReduction : public sim::ClusterAllocated {
 public:
  // A recovery period begins: `flightBeforeLoss` is RecoverFS (RFC 6937 section 3: the flight when
  // recovery starts, the lost packets included), `ssthresh` the window the flight must reach.
  void onEnterRecovery(std::uint64_t flightBeforeLoss, std::uint64_t ssthresh);
  // An ACK during recovery reported `deliveredBytes` newly delivered (DeliveredData); `mss` is one
  // segment or datagram; `safeAck`: the ACK may grant PRR-SSRB's extra segment (RFC 9937: it
  // advanced SND.UNA and indicated no further loss; RFC 6937's SSRB granted it on every ACK).
  void onDelivered(std::uint64_t deliveredBytes, std::uint64_t mss, bool safeAck);
  // A packet counted in bytes in flight left during recovery (prr_out).
  void onSent(std::uint64_t bytes);
  // May a datagram go now, with `bytesInFlight` (pipe) in the network?
  bool allows(std::uint64_t bytesInFlight) const;

 private:
  std::uint64_t m_recoverFs = 0;
  std::uint64_t m_ssthresh = 0;
  std::uint64_t m_delivered = 0;  // prr_delivered
  std::uint64_t m_out = 0;        // prr_out
  // The per-ACK allowance below ssthresh left: MAX(prr_delivered - prr_out, DeliveredData), plus
  // MSS on a safe ACK, when the ACK arrived, less what was sent since.
  std::int64_t m_budget = 0;
};

}  // namespace wirelab::models::transport::cc
