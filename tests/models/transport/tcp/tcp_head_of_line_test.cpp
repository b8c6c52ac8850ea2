// Head-of-line blocking over one TCP connection: two application messages share the byte stream;
// when a segment of the first is lost, the second (complete at the receiver) is not delivered
// until the retransmission fills the hole. This is the effect HTTP/2 over TCP suffers and QUIC
// avoids (the QUIC counterpart is in tests/models/transport/quic).
#include <gtest/gtest.h>

#include <cstdio>

#include "models/transport/tcp/tcp_stack.h"
#include "tests/models/transport/tcp/tcp_fixture.h"

namespace wirelab::models::transport::tcp {
namespace {

using namespace wirelab::sim;

// 4 full segments each: both messages leave in the initial window (10 segments) at once.
constexpr std::uint64_t kMessageBytes = 4 * 1448;

struct Arrivals {
  SimTime messageA, messageB;
};

// Message A is bytes [0, 4 segments), message B the next 4 segments, written together.
Arrivals sendTwoMessages(const LinkConfig& forward) {
  testing::TcpPair t(forward, testing::link(Mbps(100), Milliseconds(20)));
  Arrivals out;
  std::uint64_t received = 0;
  t.serverStack->listen(80, TcpConfig{}, [&](TcpConnection& c) {
    c.callbacks().onData = [&](std::uint64_t n) {
      received += n;
      if (received >= kMessageBytes && out.messageA == SimTime()) out.messageA = t.sim.scheduler.now();
      if (received >= 2 * kMessageBytes && out.messageB == SimTime()) out.messageB = t.sim.scheduler.now();
    };
  });
  TcpConnection& c = t.clientStack->connect({t.server, 80}, TcpConfig{});
  c.callbacks().onConnected = [&] { c.send(2 * kMessageBytes); };
  t.sim.scheduler.runUntil(SimTime::zero() + Seconds(10));
  return out;
}

TEST(TcpHeadOfLine, MessageBWaitsForMessageAsRetransmission) {
  const LinkConfig clean = testing::link(Mbps(100), Milliseconds(20));
  // Client -> server packets: 0 SYN, 1 handshake ACK, 2.. data: lose A's second segment.
  const LinkConfig lossy = testing::withLostPackets(clean, {3});
  const Arrivals base = sendTwoMessages(clean);
  const Arrivals hol = sendTwoMessages(lossy);
  const double rttMs = 40.0;
  const double delayAms = (hol.messageA - base.messageA).milliseconds();
  const double delayBms = (hol.messageB - base.messageB).milliseconds();
  std::printf("VALIDATION tcp-hol messageA_delay_ms=%.3f messageB_delay_ms=%.3f rtt_ms=%.0f\n", delayAms,
              delayBms, rttMs);
  // All of B arrived half a round trip after it was sent, but stays undelivered until the lost
  // segment of A is retransmitted after three duplicate ACKs: one round trip later.
  EXPECT_GE(delayBms, 0.9 * rttMs);
  EXPECT_LE(delayBms, 2.0 * rttMs);
  // B is delivered in the same instant as A: nothing of B could pass the hole.
  EXPECT_EQ(hol.messageA, hol.messageB);
}

}  // namespace
}  // namespace wirelab::models::transport::tcp
