// File: tests/models/transport/quic/quic_handshake_test.cpp
// Handshake timing, exact to the nanosecond at zero loss: the first application byte of a fresh
// connection leaves the client after 1 RTT + serialisation and reaches the server half an RTT
// later; with a resumption ticket it leaves in the first flight and arrives after 0.5 RTT +
// serialisation. Also: Initial padding, the anti-amplification limit, parameter validation.
#include <gtest/gtest.h>

#include <algorithm>
#include <cstdio>
#include <stdexcept>
#include <string>
#include <utility>
#include <vector>

#include "quic_test_support.h"

namespace wirelab::models::transport::quic {
namespace {

using namespace testing;
using sim::Bytes;
using sim::Duration;
using sim::Mbps;
using sim::Milliseconds;
using sim::SimTime;

constexpr Duration kDelay = Milliseconds(20);  // one way: RTT = 40 ms
constexpr sim::DataRate kRate = Mbps(10);

Duration tx(std::uint32_t bytes) { return sim::transmissionTime(Bytes(bytes), kRate); }

struct SentLog {
  std::vector<std::pair<SimTime, std::uint32_t>> datagrams;  // (time, IP packet bytes)
  void attach(udp::UdpStack& s) {
    s.sent.connect([this](const sim::Packet& p, SimTime t) { datagrams.emplace_back(t, p.sizeBytes); });
  }
  std::vector<std::uint32_t> sizesAt(SimTime t) const {
    std::vector<std::uint32_t> out;
    for (const auto& [when, bytes] : datagrams) {
      if (when == t) out.push_back(bytes);
    }
    return out;
  }
};

// Records when the server application sees the first byte of each connection.
struct FirstByte {
  std::vector<SimTime> times;
  void listen(QuicPair& net) {
    net.serverEndpoint->listen([this, &net](QuicConnection& c) {
      const std::size_t index = times.size();
      times.push_back(SimTime::max());
      c.setStreamDataCallback([this, index, &net, &c](std::uint64_t stream, std::uint64_t bytes, bool fin) {
        if (bytes > 0 && times[index] == SimTime::max()) times[index] = net.now();
        if (fin) c.send(stream, 1000, true);  // a small response
      });
    });
  }
};

TEST(QuicHandshake, FirstApplicationByteAfterOneRttPlusSerialisation) {
  QuicPair net(link(kRate, kDelay));
  SentLog client, server;
  client.attach(*net.clientUdp);
  server.attach(*net.serverUdp);
  FirstByte first;
  first.listen(net);
  std::vector<QuicStateEvent> states;
  QuicConnection& c = net.clientEndpoint->connect(net.serverEndpoint->localEndpoint());
  c.stateChanged.connect([&](const QuicStateEvent& e) { states.push_back(e); });
  const std::uint64_t stream = c.openStream();
  c.send(stream, 1000, true);
  net.scheduler().runUntil(SimTime::zero() + sim::Seconds(2));

  // RFC 9000 section 14.1: the client's first datagram carries exactly 1200 bytes of UDP payload.
  ASSERT_FALSE(client.datagrams.empty());
  EXPECT_EQ(client.datagrams[0].first, SimTime::zero());
  EXPECT_EQ(client.datagrams[0].second, 1228u);

  // The server answers the instant the Initial has arrived, with its whole flight back to back.
  const SimTime flightStart = SimTime::zero() + tx(1228) + kDelay;
  const std::vector<std::uint32_t> flight = server.sizesAt(flightStart);
  ASSERT_GE(flight.size(), 2u);
  Duration flightTime;
  std::uint32_t flightBytes = 0;
  for (std::uint32_t b : flight) {
    flightTime += tx(b);
    flightBytes += b - 28;
  }
  EXPECT_LE(flightBytes, 3u * 1200u);  // within the anti-amplification limit (RFC 9000 8.1)
  // The client completes the handshake when the last byte of the flight arrives: 1 RTT plus the
  // serialisation of the client Initial and of the flight.
  const SimTime flightEnd = flightStart + flightTime + kDelay;
  EXPECT_EQ(c.stats().handshakeCompleteAt, flightEnd);
  // At that instant it sends Handshake(ACK, Finished), then the first 1-RTT packet.
  const std::vector<std::uint32_t> second = client.sizesAt(flightEnd);
  ASSERT_GE(second.size(), 2u);
  const SimTime expected = flightEnd + tx(second[0]) + tx(second[1]) + kDelay;
  ASSERT_EQ(first.times.size(), 1u);
  EXPECT_EQ(first.times[0], expected);
  std::printf(
      "1-RTT handshake, 10 Mbps / 20 ms one way: server flight %zu datagrams, %u bytes; "
      "client complete at %.6f ms; first request byte at server %.6f ms (1.5 RTT = 60 ms + "
      "%.3f ms serialisation)\n",
      flight.size(), flightBytes, (flightEnd - SimTime::zero()).milliseconds(),
      (first.times[0] - SimTime::zero()).milliseconds(),
      (expected - SimTime::zero() - kDelay * 3).milliseconds());

  // (Attempted was emitted inside connect(), before the subscription.)
  ASSERT_EQ(states.size(), 3u);
  EXPECT_EQ(states[0].to, ConnectionState::HandshakeStarted);
  EXPECT_EQ(states[1].to, ConnectionState::HandshakeComplete);
  EXPECT_STREQ(states[1].cause, "handshake complete");
  EXPECT_EQ(states[1].time, flightEnd);
  EXPECT_EQ(states[2].to, ConnectionState::HandshakeConfirmed);
  EXPECT_STREQ(states[2].cause, "HANDSHAKE_DONE received");
  EXPECT_EQ(c.state(), ConnectionState::HandshakeConfirmed);
  EXPECT_FALSE(c.stats().zeroRttAttempted);
  EXPECT_TRUE(net.clientEndpoint->hasTicket(net.serverEndpoint->localEndpoint()));
}

TEST(QuicHandshake, ZeroRttResumptionDeliversTheFirstByteAfterHalfAnRtt) {
  QuicPair net(link(kRate, kDelay));
  FirstByte first;
  first.listen(net);
  const Endpoint server = net.serverEndpoint->localEndpoint();
  // First connection: full handshake; the server issues a ticket after it completes.
  QuicConnection& c1 = net.clientEndpoint->connect(server);
  std::uint64_t stream = c1.openStream();
  c1.send(stream, 1000, true);
  net.scheduler().runUntil(SimTime::zero() + sim::Seconds(1));
  ASSERT_TRUE(net.clientEndpoint->hasTicket(server));
  c1.close();
  net.scheduler().runUntil(SimTime::zero() + sim::Seconds(2));

  SentLog client;
  client.attach(*net.clientUdp);
  const SimTime t0 = net.now();
  QuicConnection& c2 = net.clientEndpoint->connect(server);
  stream = c2.openStream();
  c2.send(stream, 1000, true);
  net.scheduler().runUntil(t0 + sim::Seconds(1));

  // First flight: the padded Initial and, right behind it, the 0-RTT packet with the request.
  const std::vector<std::uint32_t> flight = client.sizesAt(t0);
  ASSERT_GE(flight.size(), 2u);
  EXPECT_EQ(flight[0], 1228u);
  const SimTime expected = t0 + tx(flight[0]) + tx(flight[1]) + kDelay;
  ASSERT_EQ(first.times.size(), 2u);
  EXPECT_EQ(first.times[1], expected);
  std::printf(
      "0-RTT resumption: first request byte at server %.6f ms after connect (0.5 RTT = 20 ms + "
      "%.3f ms serialisation)\n",
      (first.times[1] - t0).milliseconds(), (expected - t0 - kDelay).milliseconds());
  EXPECT_TRUE(c2.stats().zeroRttAttempted);
  EXPECT_TRUE(c2.stats().zeroRttAccepted);
  const QuicConnection& s2 = *net.serverEndpoint->connections()[1];
  EXPECT_TRUE(s2.stats().zeroRttAccepted);
  EXPECT_EQ(c2.state(), ConnectionState::HandshakeConfirmed);
  // The resumed handshake is shorter too: no certificate in the server's flight.
  EXPECT_LT(c2.stats().handshakeCompleteAt - t0, c1.stats().handshakeCompleteAt - SimTime::zero());
  EXPECT_EQ(s2.state(), ConnectionState::HandshakeConfirmed);
}

TEST(QuicHandshake, ServerStateSaysZeroRttAccepted) {
  QuicPair net(link(kRate, kDelay));
  const Endpoint server = net.serverEndpoint->localEndpoint();
  std::vector<std::string> causes;
  net.serverEndpoint->listen([&](QuicConnection& c) {
    c.stateChanged.connect([&](const QuicStateEvent& e) { causes.emplace_back(e.cause); });
  });
  net.clientEndpoint->connect(server);
  net.scheduler().runUntil(SimTime::zero() + sim::Seconds(1));
  net.clientEndpoint->connect(server);
  net.scheduler().runUntil(SimTime::zero() + sim::Seconds(2));
  EXPECT_EQ(std::count(causes.begin(), causes.end(), "ClientHello received"), 1);
  EXPECT_EQ(std::count(causes.begin(), causes.end(), "0-RTT accepted"), 1);
}

TEST(QuicHandshake, RejectedZeroRttDataIsResentInOneRtt) {
  QuicPair net(link(kRate, kDelay));
  QuicConfig noEarlyData;
  noEarlyData.enableZeroRtt = false;  // this server resumes sessions but refuses early data
  QuicEndpoint strict(*net.serverUdp, 8443, noEarlyData);
  std::vector<SimTime> firstByte;
  std::vector<std::string> serverCauses;
  strict.listen([&](QuicConnection& c) {
    firstByte.push_back(SimTime::max());
    const std::size_t index = firstByte.size() - 1;
    c.stateChanged.connect([&](const QuicStateEvent& e) { serverCauses.emplace_back(e.cause); });
    c.setStreamDataCallback([&, index](std::uint64_t, std::uint64_t bytes, bool) {
      if (bytes > 0 && firstByte[index] == SimTime::max()) firstByte[index] = net.now();
    });
  });
  net.clientEndpoint->connect(strict.localEndpoint());
  net.scheduler().runUntil(SimTime::zero() + sim::Seconds(1));
  ASSERT_TRUE(net.clientEndpoint->hasTicket(strict.localEndpoint()));

  const SimTime t0 = net.now();
  QuicConnection& c = net.clientEndpoint->connect(strict.localEndpoint());
  std::vector<std::string> lossCauses;
  c.packetLost.connect([&](const QuicLossEvent& e) { lossCauses.emplace_back(e.cause); });
  c.send(c.openStream(), 3000, true);
  net.scheduler().runUntil(t0 + sim::Seconds(1));
  ASSERT_EQ(firstByte.size(), 2u);
  EXPECT_TRUE(c.stats().zeroRttAttempted);
  EXPECT_FALSE(c.stats().zeroRttAccepted);
  EXPECT_EQ(net.sim.network.node(net.server).interface(0).counters().lossDrops, 0u);
  EXPECT_FALSE(lossCauses.empty());
  for (const std::string& cause : lossCauses) EXPECT_EQ(cause, "0-RTT rejected");
  EXPECT_NE(std::find(serverCauses.begin(), serverCauses.end(), "ClientHello received (0-RTT rejected)"),
            serverCauses.end());
  // The request arrives as 1-RTT data: after 1.5 RTT instead of 0.5 RTT.
  EXPECT_GT(firstByte[1] - t0, kDelay * 3);
  EXPECT_LT(firstByte[1] - t0, kDelay * 3 + Milliseconds(10));
  EXPECT_EQ(c.streamBytesDelivered(0), 0u);
  EXPECT_EQ(strict.connections()[1]->streamBytesDelivered(0), 3000u);
}

TEST(QuicHandshake, AntiAmplificationLimitHoldsALargeCertificateFlight) {
  QuicConfig config;
  config.serverHandshakeBytes = 8000;  // a long certificate chain: more than 3 x 1200 bytes
  QuicPair net(link(kRate, kDelay), 1, config);
  std::uint64_t serverSent = 0;
  std::uint64_t serverReceived = 0;
  bool validated = false;
  std::uint64_t worstExcess = 0;
  net.serverUdp->received.connect([&](const sim::Packet& p, SimTime) {
    serverReceived += p.sizeBytes - 28;
    const QuicDatagram& d = quicHeader(p);
    for (std::size_t i = 0; !d.isShortForm() && i < d.packetCount; ++i) {
      if (d.body.longForm.packets[i].type == PacketType::Handshake) validated = true;
    }
  });
  net.serverUdp->sent.connect([&](const sim::Packet& p, SimTime) {
    serverSent += p.sizeBytes - 28;
    if (!validated && serverSent > 3 * serverReceived) worstExcess = serverSent - 3 * serverReceived;
  });
  net.serverEndpoint->listen(nullptr);
  QuicConnection& c = net.clientEndpoint->connect(net.serverEndpoint->localEndpoint());
  net.scheduler().runUntil(SimTime::zero() + sim::Seconds(2));
  EXPECT_EQ(worstExcess, 0u);
  EXPECT_TRUE(c.handshakeComplete());
  // Blocked after 3600 bytes, the server continues when the client's acknowledgements (padded to
  // 1200 bytes, and then its first Handshake packet) arrive: a second round trip.
  EXPECT_GT(c.stats().handshakeCompleteAt - SimTime::zero(), kDelay * 4);
  std::printf("8000-byte server flight: client handshake complete at %.3f ms (vs 1 RTT = 40 ms)\n",
              (c.stats().handshakeCompleteAt - SimTime::zero()).milliseconds());
}

void expectRejected(const QuicConfig& c, const std::string& parameter) {
  try {
    c.validate();
    ADD_FAILURE() << "accepted a bad " << parameter;
  } catch (const std::invalid_argument& e) {
    EXPECT_NE(std::string(e.what()).find(parameter), std::string::npos) << e.what();
  }
}

TEST(QuicConfig, RejectsUnusableParametersNamingThem) {
  QuicConfig c;
  EXPECT_NO_THROW(c.validate());
  QuicConfig bad = c;
  bad.mtuBytes = 1000;
  expectRejected(bad, "mtuBytes");
  bad = c;
  bad.mtuBytes = 1227;  // a 1199-byte UDP payload: below QUIC's minimum
  expectRejected(bad, "mtuBytes");
  bad = c;
  bad.initialMaxData = 0;
  expectRejected(bad, "initialMaxData");
  bad = c;
  bad.initialMaxStreamData = -5;
  expectRejected(bad, "initialMaxStreamData");
  bad = c;
  bad.initialWindowPackets = 0;
  expectRejected(bad, "initialWindowPackets");
  bad = c;
  bad.congestionControl = "bbr";
  expectRejected(bad, "congestionControl");
  bad = c;
  bad.maxAckDelay = Milliseconds(-1);
  expectRejected(bad, "maxAckDelay");
  bad = c;
  bad.congestionControl = "CUBIC";  // names are case-insensitive
  EXPECT_NO_THROW(bad.validate());
  // The endpoint validates too.
  sim::Simulation simulation(1, 0);
  const sim::NodeId n = simulation.network.addNode("n");
  udp::UdpStack udp(simulation.network, n);
  QuicConfig tooSmall;
  tooSmall.mtuBytes = 576;
  EXPECT_THROW(QuicEndpoint(udp, 443, tooSmall), std::invalid_argument);
  EXPECT_FALSE(udp.isBound(443));
}

}  // namespace
}  // namespace wirelab::models::transport::quic
