// TLS handshake cost: the first application byte leaves the client after 2 RTT with TLS 1.3 and
// after 3 RTT with TLS 1.2 (TCP's handshake included), exactly, at zero loss.
#include "models/transport/tls/tls_session.h"

#include <gtest/gtest.h>

#include <memory>
#include <stdexcept>

#include "tests/models/transport/tcp/tcp_fixture.h"

namespace wirelab::models::transport::tls {
namespace {

using namespace wirelab::sim;

struct Outcome {
  SimTime clientSecure;    // when the client may send its request
  SimTime requestArrived;  // when the server application got the first request byte
  std::uint64_t handshakeBytesFromServer = 0;
};

// A 1 Gbit/s link (serialisation below 0.04 ms) with 50 ms one way: RTT 100 ms.
Outcome handshake(const TlsConfig& config) {
  tcp::testing::TcpPair t(tcp::testing::link(Gbps(1), Milliseconds(50)));
  Outcome out;
  std::unique_ptr<TlsSession> server, client;
  t.serverStack->listen(443, tcp::TcpConfig{}, [&](tcp::TcpConnection& c) {
    server = std::make_unique<TlsSession>(c, TlsSession::Role::Server, config);
    server->onData = [&](std::uint64_t) {
      if (out.requestArrived == SimTime()) out.requestArrived = t.sim.scheduler.now();
    };
  });
  tcp::TcpConnection& c = t.clientStack->connect({t.server, 443}, tcp::TcpConfig{});
  client = std::make_unique<TlsSession>(c, TlsSession::Role::Client, config);
  client->onSecure = [&] {
    out.clientSecure = t.sim.scheduler.now();
    client->send(300);  // the request
  };
  t.sim.scheduler.runUntil(SimTime::zero() + Seconds(5));
  if (server) out.handshakeBytesFromServer = server->handshakeBytesSent();
  return out;
}

double rtts(SimTime t) { return t.seconds() / 0.1; }

TEST(TlsSession, Tls13FullHandshakeSendsTheRequestAfterTwoRtts) {
  const Outcome o = handshake(TlsConfig{});
  EXPECT_NEAR(rtts(o.clientSecure), 2.0, 0.002);  // serialisation: < 0.2% of an RTT
  EXPECT_NEAR(rtts(o.requestArrived), 2.5, 0.002);
  EXPECT_EQ(o.handshakeBytesFromServer, 122u + 3500 + 350);
}

TEST(TlsSession, Tls12FullHandshakeSendsTheRequestAfterThreeRtts) {
  TlsConfig c;
  c.version = TlsVersion::Tls12;
  const Outcome o = handshake(c);
  EXPECT_NEAR(rtts(o.clientSecure), 3.0, 0.002);
  EXPECT_NEAR(rtts(o.requestArrived), 3.5, 0.002);
  EXPECT_EQ(o.handshakeBytesFromServer, 122u + 3500 + 350 + 60);
}

TEST(TlsSession, ResumptionSkipsTheCertificate) {
  TlsConfig c;
  c.resumption = true;
  const Outcome o13 = handshake(c);
  EXPECT_NEAR(rtts(o13.clientSecure), 2.0, 0.002);
  EXPECT_EQ(o13.handshakeBytesFromServer, 200u);
  c.version = TlsVersion::Tls12;
  const Outcome o12 = handshake(c);  // abbreviated handshake: one RTT less than the full one
  EXPECT_NEAR(rtts(o12.clientSecure), 2.0, 0.002);
  EXPECT_EQ(o12.handshakeBytesFromServer, 122u + 60);
}

TEST(TlsSession, ALargeCertificateChainCostsAnExtraRoundTripBeyondTheInitialWindow) {
  // 20 KB of certificates exceed the server's initial window of 10 segments (14.5 KB): the rest of
  // the flight waits for the client's ACKs.
  TlsConfig c;
  c.certificateChainBytes = 20'000;
  const Outcome o = handshake(c);
  EXPECT_NEAR(rtts(o.clientSecure), 3.0, 0.01);
}

TEST(TlsConfig, RejectsZeroSizes) {
  TlsConfig c;
  c.clientHelloBytes = 0;
  EXPECT_THROW(c.validate(), std::invalid_argument);
  EXPECT_EQ(parseTlsVersion("1.2"), TlsVersion::Tls12);
  EXPECT_FALSE(parseTlsVersion("1.1").has_value());
}

}  // namespace
}  // namespace wirelab::models::transport::tls
