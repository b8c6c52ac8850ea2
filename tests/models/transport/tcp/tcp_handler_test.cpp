// TcpConnection::Handler: what an application hears, through an object of its own or through
// callbacks().
#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "models/transport/tcp/tcp_connection.h"
#include "models/transport/tcp/tcp_stack.h"
#include "tests/models/transport/tcp/tcp_fixture.h"

namespace wirelab::models::transport::tcp {
namespace {

using testing::link;
using testing::TcpPair;
using namespace wirelab::sim;

// Records every call, in order.
class Recorder final : public TcpConnection::Handler {
 public:
  std::vector<std::string> calls;
  std::uint64_t bytes = 0;
  TcpConnection* closesWithPeer = nullptr;  // closes this connection when the peer's FIN arrives

  void onTcpConnected() override { calls.push_back("connected"); }
  void onTcpData(std::uint64_t n) override {
    if (calls.empty() || calls.back() != "data") calls.push_back("data");
    bytes += n;
  }
  void onTcpSendSpace() override { calls.push_back("send space"); }
  void onTcpPeerClosed() override {
    calls.push_back("peer closed");
    if (closesWithPeer != nullptr) closesWithPeer->close();
  }
  void onTcpClosed(const char*) override { calls.push_back("closed"); }
};

TEST(TcpHandler, HearsAConnectionsLifeInOrder) {
  TcpPair t(link(Mbps(10), Milliseconds(5)));
  TcpConfig config;
  config.sendBufferBytes = 100'000;
  Recorder server;
  t.serverStack->listen(80, config, [&server](TcpConnection& s) {
    s.setHandler(&server);
    server.closesWithPeer = &s;
  });
  Recorder client;
  TcpConnection& c = t.clientStack->connect({t.server, 80}, config);
  c.setHandler(&client);
  EXPECT_EQ(c.handler(), &client);
  EXPECT_EQ(c.send(100'000), 100'000u);  // a full send buffer: its draining below half is reported
  t.sim.scheduler.runUntil(SimTime::zero() + Seconds(2));
  c.close();  // established by now (a close in SYN-SENT would drop the connection at once)
  t.sim.scheduler.runUntil(SimTime::zero() + Seconds(600));  // TIME-WAIT included
  EXPECT_EQ(client.calls, (std::vector<std::string>{"connected", "send space", "peer closed", "closed"}));
  // An accepted connection learns of its establishment from the accept callback, not onTcpConnected.
  EXPECT_EQ(server.calls, (std::vector<std::string>{"data", "peer closed", "closed"}));
  EXPECT_EQ(server.bytes, 100'000u);
}

TEST(TcpHandler, CallbacksAreOneHandlerMadeOnFirstUseAndReplacedBySetHandler) {
  TcpPair t(link(Mbps(10), Milliseconds(5)));
  std::uint64_t received = 0;
  t.serverStack->listen(80, TcpConfig{}, [&received](TcpConnection& s) {
    s.callbacks().onData = [&received](std::uint64_t n) { received += n; };
    s.callbacks().onPeerClosed = [&s] { s.close(); };
  });
  TcpConnection& c = t.clientStack->connect({t.server, 80}, TcpConfig{});
  TcpConnection::Callbacks& callbacks = c.callbacks();
  EXPECT_EQ(&c.callbacks(), &callbacks) << "made once";
  EXPECT_EQ(c.handler(), &callbacks);
  bool lambdaHeard = false;
  callbacks.onConnected = [&lambdaHeard] { lambdaHeard = true; };
  // An object replaces them (and they are destroyed: ASan would see a leak otherwise).
  Recorder recorder;
  c.setHandler(&recorder);
  EXPECT_EQ(c.handler(), &recorder);
  c.send(3000);
  t.sim.scheduler.runUntil(SimTime::zero() + Seconds(2));
  c.close();
  t.sim.scheduler.runUntil(SimTime::zero() + Seconds(600));
  EXPECT_FALSE(lambdaHeard);
  EXPECT_EQ(recorder.calls.front(), "connected");
  EXPECT_EQ(recorder.calls.back(), "closed");
  EXPECT_EQ(received, 3000u);
}

TEST(TcpHandler, NoHandlerIsNobodyListening) {
  TcpPair t(link(Mbps(10), Milliseconds(5)));
  TcpConnection* accepted = nullptr;
  t.serverStack->listen(80, TcpConfig{}, [&accepted](TcpConnection& s) { accepted = &s; });
  TcpConnection& c = t.clientStack->connect({t.server, 80}, TcpConfig{});
  EXPECT_EQ(c.handler(), nullptr);
  c.send(5000);
  t.sim.scheduler.runUntil(SimTime::zero() + Seconds(1));
  ASSERT_NE(accepted, nullptr);
  EXPECT_EQ(accepted->handler(), nullptr);
  EXPECT_EQ(accepted->counters().bytesDelivered, 5000u) << "data are delivered with nobody told";
}

}  // namespace
}  // namespace wirelab::models::transport::tcp
