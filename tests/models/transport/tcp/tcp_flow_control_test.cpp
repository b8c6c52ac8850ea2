// Flow control: a receiver that stops reading closes its window; the sender stops, probes the
// zero window (RFC 9293 3.8.6.1), and resumes when the application reads again.
#include <gtest/gtest.h>

#include "models/transport/tcp/tcp_stack.h"
#include "tests/models/transport/tcp/tcp_fixture.h"

namespace wirelab::models::transport::tcp {
namespace {

using namespace wirelab::sim;

TEST(TcpFlowControl, ZeroWindowStallsTheSenderWhichProbesAndResumes) {
  testing::TcpPair t(testing::link(Mbps(10), Milliseconds(10)));
  TcpConfig cfg;
  cfg.receiveBufferBytes = 64 * 1024;
  TcpConnection* server = nullptr;
  std::uint64_t delivered = 0;
  t.serverStack->listen(80, cfg, [&](TcpConnection& c) {
    server = &c;
    c.setAutoRead(false);  // the application is busy: it reads nothing for 5 s
    c.callbacks().onData = [&](std::uint64_t n) { delivered += n; };
  });
  TcpConnection& client = t.clientStack->connect({t.server, 80}, cfg);
  client.callbacks().onConnected = [&] { client.send(1'000'000); };
  t.sim.scheduler.runUntil(SimTime::zero() + Seconds(5));
  ASSERT_NE(server, nullptr);
  // The receive buffer filled up and the window closed: 45 full segments (65,160 bytes) fit; the
  // last 376 bytes of buffer are too small a window to offer (receiver SWS avoidance).
  EXPECT_EQ(server->readable(), 45u * 1448);
  EXPECT_EQ(client.peerWindow(), 0u);
  EXPECT_GT(client.counters().zeroWindowProbes, 1u);  // backed-off probes while waiting
  EXPECT_EQ(client.counters().timeouts, 0u);          // a zero window is not a loss
  const std::uint64_t probesBefore = client.counters().zeroWindowProbes;

  // The application reads everything from now on; the window reopens and the transfer completes.
  server->setAutoRead(true);
  t.sim.scheduler.runUntil(SimTime::zero() + Seconds(10));
  EXPECT_EQ(delivered, 1'000'000u);
  EXPECT_EQ(client.counters().zeroWindowProbes, probesBefore);
  EXPECT_EQ(server->counters().bytesDelivered, 1'000'000u);
}

TEST(TcpFlowControl, SendBufferAcceptsOnlyWhatFitsAndSignalsSpace) {
  testing::TcpPair t(testing::link(Mbps(10), Milliseconds(10)));
  TcpConfig cfg;
  cfg.sendBufferBytes = 100'000;
  t.serverStack->listen(80, cfg, [](TcpConnection&) {});
  TcpConnection& client = t.clientStack->connect({t.server, 80}, cfg);
  std::uint64_t accepted = 0;
  int spaceSignals = 0;
  client.callbacks().onConnected = [&] { accepted += client.send(1'000'000); };
  client.callbacks().onSendSpace = [&] {
    ++spaceSignals;
    accepted += client.send(1'000'000 - accepted);
  };
  t.sim.scheduler.runUntil(SimTime::zero() + Seconds(10));
  EXPECT_EQ(accepted, 1'000'000u);
  EXPECT_GT(spaceSignals, 5);
}

}  // namespace
}  // namespace wirelab::models::transport::tcp
