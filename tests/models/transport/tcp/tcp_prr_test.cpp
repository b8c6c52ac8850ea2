// Proportional Rate Reduction in TCP's SACK recovery (TcpConfig::proportionalRateReduction, the
// "linux" profile; RFC 9937): after the tail of a flight is lost, RFC 6675's "send while pipe <
// cwnd" resends every hole in one burst once the probe's SACK reveals them, while PRR resends one,
// then what each ACK delivered plus one on a safe ACK, so the repairs double per round trip, as the
// realnet bottleneck captures show Linux doing (docs/VALIDATION.md).
#include <gtest/gtest.h>

#include <algorithm>
#include <map>

#include "models/transport/tcp/tcp_stack.h"
#include "tests/models/transport/tcp/tcp_fixture.h"

namespace wirelab::models::transport::tcp {
namespace {

using namespace wirelab::sim;

// 30 segments from the client on a 40 ms path; the last 10 of the second flight (client-to-server
// packets 22-31: the SYN, the handshake's ACK, then data) are lost. Returns the retransmissions per
// instant.
std::map<SimTime, int> retransmissionBursts(bool prr) {
  std::vector<std::uint64_t> lost;
  for (std::uint64_t p = 22; p <= 31; ++p) lost.push_back(p);
  testing::TcpPair t(testing::withLostPackets(testing::link(Mbps(100), Milliseconds(20)), lost),
                     testing::link(Mbps(100), Milliseconds(20)));
  TcpConfig cfg = *tcpProfile("linux");
  cfg.proportionalRateReduction = prr;
  t.serverStack->listen(80, cfg, [](TcpConnection& s) { s.setAutoRead(true); });
  TcpConnection& c = t.clientStack->connect({t.server, 80}, cfg);
  std::map<SimTime, int> bursts;
  c.traces().retransmitted.connect([&](std::uint64_t, const char*) { ++bursts[t.sim.scheduler.now()]; });
  c.callbacks().onConnected = [&c] { c.send(30 * 1448); };
  t.sim.scheduler.runUntil(SimTime::zero() + Seconds(5));
  EXPECT_EQ(c.counters().bytesSent - c.counters().bytesRetransmitted, 30u * 1448) << "prr " << prr;
  EXPECT_EQ(c.bytesInFlight(), 0u) << "prr " << prr;
  return bursts;
}

int largestBurst(const std::map<SimTime, int>& bursts) {
  int most = 0;
  for (const auto& [at, n] : bursts) most = std::max(most, n);
  return most;
}

TEST(TcpPrr, AfterATailLossTheRepairsGrowPerRoundTripInsteadOfOneBurst) {
  const auto rfc6675 = retransmissionBursts(false);
  const auto prr = retransmissionBursts(true);
  // RFC 6675: the probe, then the nine other holes at once.
  EXPECT_GE(largestBurst(rfc6675), 9);
  // PRR: never more than two at one instant (one delivered segment plus PRR-SSRB's one), over at
  // least three round trips.
  EXPECT_LE(largestBurst(prr), 2);
  EXPECT_GE(prr.rbegin()->first - prr.begin()->first, Milliseconds(80));
  int total = 0;
  for (const auto& [at, n] : prr) total += n;
  EXPECT_GE(total, 10);
}

}  // namespace
}  // namespace wirelab::models::transport::tcp
