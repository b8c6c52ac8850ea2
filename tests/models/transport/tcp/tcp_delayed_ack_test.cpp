// Delayed ACKs around a request/response exchange: a server that answers from its data callback
// sends the ACK on its answer (RFC 9293 3.8.6.3, RFC 1122 4.2.3.2) and no pure ACK after it;
// ns-3 (the "ns3" profile) sends one more a delayed-ACK timeout later.
#include <gtest/gtest.h>

#include "models/transport/tcp/tcp_connection.h"
#include "models/transport/tcp/tcp_stack.h"
#include "tests/models/transport/tcp/tcp_fixture.h"

namespace wirelab::models::transport::tcp {
namespace {

using testing::link;
using testing::TcpPair;
using namespace wirelab::sim;

struct SegmentsSent {
  std::uint64_t server = 0;
  std::uint64_t client = 0;
};

// The client sends `polls` 100-byte requests one second apart; the server answers each with 500
// bytes from its data callback. Segments each side sent, handshake included.
SegmentsSent runPolls(const TcpConfig& cfg, int polls) {
  TcpPair t(link(Mbps(10), Milliseconds(10)));
  TcpConnection* server = nullptr;
  t.serverStack->listen(80, cfg, [&server](TcpConnection& s) {
    server = &s;
    s.callbacks().onData = [&s](std::uint64_t) { s.send(500); };
  });
  TcpConnection& c = t.clientStack->connect({t.server, 80}, cfg);
  c.callbacks().onConnected = [&t, &c, polls] {
    for (int i = 0; i < polls; ++i) t.sim.scheduler.schedule(Seconds(i), [&c] { c.send(100); });
  };
  t.sim.scheduler.runUntil(SimTime::zero() + Seconds(polls + 1));
  EXPECT_NE(server, nullptr);
  return {server != nullptr ? server->counters().segmentsSent : 0, c.counters().segmentsSent};
}

TEST(TcpDelayedAck, AnAnswerFromTheDataCallbackCarriesTheAckAndNoPureAckFollows) {
  for (const char* profile : {"default", "rfc"}) {
    const TcpConfig cfg = std::string(profile) == "default" ? TcpConfig{} : *tcpProfile(profile);
    const SegmentsSent idle = runPolls(cfg, 0);
    const SegmentsSent five = runPolls(cfg, 5);
    // Per poll: the server's answer only; the client's request and its delayed ACK of the answer
    // (nothing of its own to send within the timeout).
    EXPECT_EQ(five.server - idle.server, 5u) << profile;
    EXPECT_EQ(five.client - idle.client, 10u) << profile;
  }
}

TEST(TcpDelayedAck, LinuxAcknowledgesOnlyTheFirstRequestAtOnce) {
  // The first data put Linux in quick-ACK mode (tcp_event_data_recv()): the first request is
  // acknowledged before the application reads it; the other answers carry the ACK.
  const TcpConfig cfg = *tcpProfile("linux");
  const SegmentsSent idle = runPolls(cfg, 0);
  const SegmentsSent five = runPolls(cfg, 5);
  EXPECT_EQ(five.server - idle.server, 6u);
  EXPECT_EQ(five.client - idle.client, 10u);
}

TEST(TcpDelayedAck, Ns3SendsARedundantPureAckAfterItsAnswer) {
  const TcpConfig cfg = *tcpProfile("ns3");
  const SegmentsSent idle = runPolls(cfg, 0);
  const SegmentsSent five = runPolls(cfg, 5);
  EXPECT_EQ(five.server - idle.server, 10u);  // answer, then a pure ACK 200 ms later
  EXPECT_EQ(five.client - idle.client, 10u);
}

}  // namespace
}  // namespace wirelab::models::transport::tcp
