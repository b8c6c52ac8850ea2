// File: tests/models/transport/cc/prr_test.cpp
// Proportional Rate Reduction (RFC 9937) on its own: the proportional part above ssthresh, and
// below it the conservative bound (PRR-CRB) with the slow-start bound's extra segment (PRR-SSRB)
// only on a safe ACK. Its use in recoveries: tests/models/transport/quic/quic_congestion_test.cpp
// and tests/models/transport/tcp/tcp_prr_test.cpp.
#include "models/transport/cc/prr.h"

#include <gtest/gtest.h>

#include <cstdint>

namespace wirelab::models::transport::cc {
namespace {

TEST(ProportionalRateReduction, SendsSsthreshOverRecoverFsPerDeliveredByteWhileAboveSsthresh) {
  ProportionalRateReduction prr;
  // 20 datagrams of 1000 bytes were in flight, the window is halved to 10.
  prr.onEnterRecovery(20'000, 10'000);
  EXPECT_TRUE(prr.allows(19'000));  // the repair goes at once
  prr.onSent(1000);
  EXPECT_FALSE(prr.allows(20'000));  // nothing delivered yet
  // Each delivered datagram releases half a datagram: one more send per two deliveries.
  int sent = 1;
  std::uint64_t flight = 20'000;
  for (int delivered = 1; delivered <= 10; ++delivered) {
    prr.onDelivered(1000, 1000, /*safeAck=*/true);
    flight -= 1000;
    while (flight > 10'000 && prr.allows(flight)) {
      prr.onSent(1000);
      flight += 1000;
      ++sent;
    }
  }
  // prr_out may reach CEIL(prr_delivered * ssthresh / RecoverFS): 10 deliveries allow 5 datagrams
  // in all, the repair and 4 more, so the flight is 20 - 10 + 4 = 14 datagrams, on its way to 10.
  EXPECT_EQ(sent, 5);
  EXPECT_EQ(flight, 14'000u);
}

// Many losses: 20 datagrams were in flight, the window is halved to 10, the repair is out and the
// flight has fallen to 4. One ACK delivers one datagram: how many may go, and what is in flight then.
struct Burst {
  int sent = 0;
  std::uint64_t flight = 0;
  bool allowsWithNothingInFlight = false;
};
Burst burstAfterOneDelivery(bool safeAck) {
  ProportionalRateReduction prr;
  prr.onEnterRecovery(20'000, 10'000);
  prr.onSent(1000);
  Burst b{0, 4000, false};
  prr.onDelivered(1000, 1000, safeAck);
  b.flight -= 1000;
  while (prr.allows(b.flight)) {
    prr.onSent(1000);
    b.flight += 1000;
    ++b.sent;
  }
  b.allowsWithNothingInFlight = prr.allows(0);
  return b;
}

TEST(ProportionalRateReduction, BelowSsthreshASafeAckSendsOneSegmentMoreThanItDelivered) {
  // PRR-SSRB: each safe ACK delivering one datagram lets two go (DeliveredData + MSS), a
  // slow-start-like climb back towards ssthresh.
  const Burst b = burstAfterOneDelivery(true);
  EXPECT_EQ(b.sent, 2);
  EXPECT_EQ(b.flight, 5000u);
  EXPECT_TRUE(b.allowsWithNothingInFlight) << "an empty network gets no ACK: one datagram must be allowed";
}

TEST(ProportionalRateReduction, BelowSsthreshAnAckThatRevealsMoreLossSendsOnlyWhatItDelivered) {
  // RFC 9937 section 4: PRR-CRB by default; packet conservation while losses keep appearing.
  const Burst b = burstAfterOneDelivery(false);
  EXPECT_EQ(b.sent, 1);
  EXPECT_EQ(b.flight, 4000u);
}

}  // namespace
}  // namespace wirelab::models::transport::cc
