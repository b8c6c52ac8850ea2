#include "models/transport/tcp/tcp_connection.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <stdexcept>
#include <vector>

#include "models/transport/tcp/tcp_stack.h"
#include "tests/models/transport/tcp/tcp_fixture.h"

namespace wirelab::models::transport::tcp {
namespace {

using testing::link;
using testing::TcpPair;
using testing::withLostPackets;
using namespace wirelab::sim;

// SYN and SYN-ACK: 20 IP + 20 TCP + 20 option bytes (MSS 4, SACK-permitted 2, window scale 3,
// timestamps 10, padded) = 60 bytes; at 10 Mbit/s that is 48 us on the wire.
constexpr std::int64_t kSynWireNs = 60 * 8 * 100;

// Collects the headers of the segments each end puts on the wire, in order.
void recordHeaders(TcpPair& t, std::vector<TcpHeader>& fromClient, std::vector<TcpHeader>& fromServer) {
  t.sim.network.node(t.client).interface(0).dequeued.connect(
      [&fromClient](const Packet& p, SimTime) { fromClient.push_back(p.header<TcpHeader>()); });
  t.sim.network.node(t.server).interface(0).dequeued.connect(
      [&fromServer](const Packet& p, SimTime) { fromServer.push_back(p.header<TcpHeader>()); });
}

TEST(TcpHandshake, ConnectTakesOneRoundTrip) {
  TcpPair t(link(Mbps(10), Milliseconds(20)));
  SimTime clientUp, serverUp;
  t.serverStack->listen(80, TcpConfig{}, [&](TcpConnection&) { serverUp = t.sim.scheduler.now(); });
  TcpConnection& c = t.clientStack->connect({t.server, 80}, TcpConfig{});
  c.callbacks().onConnected = [&] { clientUp = t.sim.scheduler.now(); };
  t.sim.scheduler.runUntil(SimTime::zero() + Seconds(1));
  // Exact: SYN out and in (48 us + 20 ms), SYN-ACK back (48 us + 20 ms).
  EXPECT_EQ(clientUp.nanoseconds(), 2 * kSynWireNs + 40'000'000);
  // The server completes on the third segment, a pure ACK of 52 bytes (timestamps padded).
  EXPECT_EQ(serverUp.nanoseconds(), 2 * kSynWireNs + 40'000'000 + 52 * 8 * 100 + 20'000'000);
  EXPECT_EQ(c.state(), TcpState::Established);
  EXPECT_TRUE(c.sackEnabled());
  EXPECT_EQ(c.rtt().smoothedRtt().nanoseconds(), 2 * kSynWireNs + 40'000'000);
}

TEST(TcpHandshake, TheSynAckEchoesTheSynsTimestamp) {
  TcpPair t(link(Mbps(10), Milliseconds(20)));
  // RFC 7323 3.2: every segment with ACK set echoes a recently received TSval, the SYN-ACK too.
  std::vector<TcpHeader> fromServer, fromClient;
  recordHeaders(t, fromClient, fromServer);
  t.serverStack->listen(80, TcpConfig{}, [](TcpConnection&) {});
  t.clientStack->connect({t.server, 80}, TcpConfig{});
  t.sim.scheduler.runUntil(SimTime::zero() + Seconds(1));
  ASSERT_GE(fromClient.size(), 2u);
  ASSERT_GE(fromServer.size(), 1u);
  ASSERT_TRUE(fromClient[0].has(TcpHeader::kSyn));
  ASSERT_TRUE(fromServer[0].has(TcpHeader::kSyn) && fromServer[0].has(TcpHeader::kAck));
  EXPECT_EQ(fromClient[0].tsEcr, 0u) << "a SYN has nothing to echo";
  EXPECT_NE(fromClient[0].tsVal, 0u);
  EXPECT_EQ(fromServer[0].tsEcr, fromClient[0].tsVal);
  EXPECT_EQ(fromClient[1].tsEcr, fromServer[0].tsVal);
}

TEST(TcpHandshake, TheSynsOfferAtMostAnUnscaledWindowAndLaterSegmentsTheWholeBuffer) {
  // RFC 7323 2.2: the window field of a SYN is never scaled, so a 4 MiB buffer is offered as 65,535
  // bytes on both SYNs, then in full (scaled) from the first segment after.
  TcpPair t(link(Mbps(10), Milliseconds(20)));
  std::vector<TcpHeader> fromServer, fromClient;
  recordHeaders(t, fromClient, fromServer);
  TcpConfig cfg;
  cfg.receiveBufferBytes = 4 * 1024 * 1024;
  t.serverStack->listen(80, cfg, [](TcpConnection&) {});
  t.clientStack->connect({t.server, 80}, cfg);
  t.sim.scheduler.runUntil(SimTime::zero() + Seconds(1));
  ASSERT_GE(fromClient.size(), 2u);
  ASSERT_GE(fromServer.size(), 1u);
  EXPECT_EQ(fromClient[0].window, 65535u);
  EXPECT_EQ(fromServer[0].window, 65535u);
  EXPECT_EQ(fromClient[1].window, 4u * 1024 * 1024);
}

TEST(TcpHandshake, TheMssOptionCountsNoOptionsAndTheSegmentsLeaveRoomForTimestamps) {
  TcpPair t(link(Mbps(10), Milliseconds(20)));
  std::vector<std::pair<TcpHeader, std::uint32_t>> fromClient, fromServer;
  t.sim.network.node(t.client).interface(0).enqueued.connect(
      [&](const Packet& p, SimTime) { fromClient.emplace_back(p.header<TcpHeader>(), p.payloadBytes); });
  t.sim.network.node(t.server).interface(0).enqueued.connect(
      [&](const Packet& p, SimTime) { fromServer.emplace_back(p.header<TcpHeader>(), p.payloadBytes); });
  t.serverStack->listen(80, TcpConfig{}, [](TcpConnection& c) { c.send(20'000); });
  t.clientStack->connect({t.server, 80}, TcpConfig{});
  t.sim.scheduler.runUntil(SimTime::zero() + Seconds(2));
  ASSERT_FALSE(fromClient.empty());
  ASSERT_FALSE(fromServer.empty());
  // RFC 6691 section 2: MTU 1500 less the fixed IP and TCP headers, on both SYNs.
  EXPECT_EQ(fromClient[0].first.mss, 1460u);
  EXPECT_EQ(fromServer[0].first.mss, 1460u);
  std::uint32_t largest = 0;
  for (const auto& [h, len] : fromServer) largest = std::max(largest, len);
  EXPECT_EQ(largest, 1448u) << "1460 less the 12 bytes of timestamps on every segment";
}

TEST(TcpHandshake, TheClientAcknowledgesTheSynAckBeforeItsFirstData) {
  TcpPair t(link(Mbps(10), Milliseconds(20)));
  std::vector<std::pair<TcpHeader, std::uint32_t>> fromClient;
  t.sim.network.node(t.client).interface(0).enqueued.connect(
      [&](const Packet& p, SimTime) { fromClient.emplace_back(p.header<TcpHeader>(), p.payloadBytes); });
  t.serverStack->listen(80, TcpConfig{}, [](TcpConnection&) {});
  TcpConnection& c = t.clientStack->connect({t.server, 80}, TcpConfig{});
  c.send(400);                                       // written before the handshake completes
  c.callbacks().onConnected = [&] { c.send(300); };  // and when it does
  t.sim.scheduler.runUntil(SimTime::zero() + Seconds(1));
  // SYN, the handshake's pure ACK, then one data segment with both writes: no duplicate ACK.
  ASSERT_GE(fromClient.size(), 3u);
  EXPECT_TRUE(fromClient[0].first.has(TcpHeader::kSyn));
  EXPECT_FALSE(fromClient[1].first.has(TcpHeader::kSyn));
  EXPECT_EQ(fromClient[1].second, 0u);
  EXPECT_EQ(fromClient[1].first.ack, 1u);
  EXPECT_EQ(fromClient[2].second, 700u);
  std::size_t pureAcks = 0;
  for (const auto& [h, len] : fromClient)
    pureAcks += len == 0 && !h.has(TcpHeader::kSyn) && !h.has(TcpHeader::kFin);
  // The server's ACK of the data is the only other thing the client waits for: no second pure ACK
  // until the server sends something.
  EXPECT_EQ(pureAcks, 1u);
}

TEST(TcpHandshake, ALostSynCostsTheInitialRtoExactly) {
  TcpPair t(withLostPackets(link(Mbps(10), Milliseconds(20)), {0}), link(Mbps(10), Milliseconds(20)));
  SimTime clientUp;
  t.serverStack->listen(80, TcpConfig{}, [](TcpConnection&) {});
  TcpConnection& c = t.clientStack->connect({t.server, 80}, TcpConfig{});
  c.callbacks().onConnected = [&] { clientUp = t.sim.scheduler.now(); };
  t.sim.scheduler.runUntil(SimTime::zero() + Seconds(5));
  // RFC 6298 2.1: the SYN is retransmitted after 1 s, then the handshake takes one RTT.
  EXPECT_EQ(clientUp.nanoseconds(), 1'000'000'000 + 2 * kSynWireNs + 40'000'000);
  EXPECT_EQ(c.counters().timeouts, 1u);
  // RFC 6298 5.7: no RTT sample from the retransmitted SYN, and RTO restarts at 3 s for data.
  EXPECT_FALSE(c.rtt().hasSample());
  EXPECT_EQ(c.rtt().rto(), Seconds(3));
}

TEST(TcpHandshake, GivesUpAfterTheSynRetryLimitWithBackoff) {
  sim::LinkConfig dead = link(Mbps(10), Milliseconds(20));
  dead.loss.kind = sim::LossSpec::Kind::Bernoulli;
  dead.loss.probability = 1.0;
  TcpPair t(dead, link(Mbps(10), Milliseconds(20)));
  TcpConfig cfg;
  cfg.maxSynRetries = 3;
  const char* why = nullptr;
  SimTime closedAt;
  TcpConnection& c = t.clientStack->connect({t.server, 80}, cfg);
  c.callbacks().onClosed = [&](const char* reason) {
    why = reason;
    closedAt = t.sim.scheduler.now();
  };
  t.sim.scheduler.run();
  ASSERT_NE(why, nullptr);
  EXPECT_STREQ(why, "connection timed out (no answer to SYN)");
  // 1 + 2 + 4 + 8 s of exponential backoff (RFC 6298 5.5).
  EXPECT_EQ(closedAt, SimTime::zero() + Seconds(15));
}

TEST(TcpHandshake, SegmentToAClosedPortIsAnsweredWithReset) {
  TcpPair t(link(Mbps(10), Milliseconds(5)));
  const char* why = nullptr;
  TcpConnection& c = t.clientStack->connect({t.server, 81}, TcpConfig{});
  c.callbacks().onClosed = [&](const char* reason) { why = reason; };
  t.sim.scheduler.run();
  ASSERT_NE(why, nullptr);
  EXPECT_STREQ(why, "connection reset by peer");
  EXPECT_EQ(t.serverStack->resetsSent(), 1u);
}

// Sends `bytes` from client to server and closes; returns what the server application received.
struct Transfer {
  std::uint64_t received = 0;
  bool serverSawFin = false;
  // The client's counters and state when the run ended, or when the connection closed (a closed
  // connection is destroyed by its stack: no pointer to it may be kept).
  TcpCounters clientCounters;
  TcpState clientState = TcpState::Closed;
};

Transfer runTransfer(TcpPair& t, std::uint64_t bytes, const TcpConfig& cfg, SimTime until) {
  Transfer out;
  t.serverStack->listen(80, cfg, [&out](TcpConnection& s) {
    s.callbacks().onData = [&out](std::uint64_t n) { out.received += n; };
    s.callbacks().onPeerClosed = [&out, &s] {
      out.serverSawFin = true;
      s.close();
    };
  });
  TcpConnection& c = t.clientStack->connect({t.server, 80}, cfg);
  c.callbacks().onClosed = [&out, &c](const char*) {
    out.clientCounters = c.counters();
    out.clientState = TcpState::Closed;
  };
  bool open = true;
  c.traces().stateChanged.connect([&open](TcpState state, const char*) { open = state != TcpState::Closed; });
  std::uint64_t remaining = bytes;
  const auto pump = [&c, &remaining] {
    remaining -= c.send(remaining);
    if (remaining == 0) c.close();
  };
  c.callbacks().onConnected = pump;
  c.callbacks().onSendSpace = pump;
  t.sim.scheduler.runUntil(until);
  if (open) {
    out.clientCounters = c.counters();
    out.clientState = c.state();
  }
  return out;
}

TEST(TcpTransfer, DeliversEveryByteInOrderAndClosesCleanly) {
  TcpPair t(link(Mbps(10), Milliseconds(10)));
  std::vector<TcpState> clientStates;
  TcpConfig cfg;
  cfg.receiveBufferBytes = 256 * 1024;  // 181 segments: the 1000-packet queue never overflows
  const Transfer r = runTransfer(t, 5'000'000, cfg, SimTime::zero() + Seconds(30));
  EXPECT_EQ(r.received, 5'000'000u);
  EXPECT_TRUE(r.serverSawFin);
  EXPECT_EQ(r.clientCounters.bytesRetransmitted, 0u);
  EXPECT_EQ(r.clientState, TcpState::TimeWait);     // the client closed first
  EXPECT_EQ(t.serverStack->connectionCount(), 0u);  // the server's LAST-ACK ended
  EXPECT_EQ(t.sim.network.counters().dropped, 0u);
}

TEST(TcpTransfer, RecoversFromRandomLossInBothDirectionsWithEveryProfile) {
  sim::LinkConfig lossy = link(Mbps(10), Milliseconds(10));
  lossy.loss.kind = sim::LossSpec::Kind::Bernoulli;
  lossy.loss.probability = 0.02;
  for (const char* profile : {"rfc", "ns3", "linux"}) {
    TcpPair t(lossy, 7);
    const TcpConfig cfg = *tcpProfile(profile);
    const Transfer r = runTransfer(t, 3'000'000, cfg, SimTime::zero() + Seconds(120));
    EXPECT_EQ(r.received, 3'000'000u) << profile;
    EXPECT_TRUE(r.serverSawFin) << profile;
    EXPECT_GT(r.clientCounters.fastRetransmits, 5u) << profile;
    EXPECT_GT(t.sim.network.counters().dropped, 50u) << profile;
  }
}

TEST(TcpTransfer, OneLostSegmentIsRepairedByFastRetransmitNotByTimeout) {
  // Client -> server packets: 0 SYN, 1 ACK (handshake), 2.. data. Lose the 20th data segment.
  for (const bool sack : {false, true}) {
    TcpPair pair(withLostPackets(link(Mbps(10), Milliseconds(10)), {21}), link(Mbps(10), Milliseconds(10)));
    TcpConfig cfg;
    cfg.sack = sack;
    const Transfer r = runTransfer(pair, 2'000'000, cfg, SimTime::zero() + Seconds(30));
    EXPECT_EQ(r.received, 2'000'000u);
    EXPECT_EQ(r.clientCounters.fastRetransmits, 1u) << "sack=" << sack;
    EXPECT_EQ(r.clientCounters.timeouts, 0u) << "sack=" << sack;
    EXPECT_EQ(r.clientCounters.bytesRetransmitted, 1448u) << "sack=" << sack;
  }
}

TEST(TcpTransfer, LostAcksMakeATimeoutAndTheReceiverCountsTheDuplicate) {
  // Server -> client packets: 0 SYN-ACK, then the one (delayed, RFC 5681 4.2) ACK of the client's
  // two data segments, lost. The client's retransmission timer fires and sends the first segment
  // again (RFC 6298 5.4), which the server already has: one timeout, 1,448 bytes retransmitted,
  // one duplicate at the server, whose immediate ACK ends it.
  TcpPair t(link(Mbps(10), Milliseconds(10)), withLostPackets(link(Mbps(10), Milliseconds(10)), {1}));
  TcpConnection* server = nullptr;
  std::uint64_t received = 0;
  t.serverStack->listen(80, TcpConfig{}, [&](TcpConnection& s) {
    server = &s;
    s.callbacks().onData = [&](std::uint64_t n) { received += n; };
  });
  TcpConnection& c = t.clientStack->connect({t.server, 80}, TcpConfig{});
  c.callbacks().onConnected = [&c] { c.send(2 * 1448); };
  t.sim.scheduler.runUntil(SimTime::zero() + Seconds(5));
  ASSERT_NE(server, nullptr);
  EXPECT_EQ(received, 2u * 1448);
  EXPECT_EQ(c.counters().timeouts, 1u);
  EXPECT_EQ(c.counters().bytesRetransmitted, 1448u);
  EXPECT_EQ(server->counters().duplicateSegments, 1u);
  EXPECT_EQ(server->counters().segmentsReceived, 4u);  // the handshake's ACK, two segments, the copy
}

TEST(TcpTransfer, DataFromBothEndsAtOnceCausesNoSpuriousFastRetransmit) {
  // Data segments carry the sender's current ACK number without acknowledging anything new; they
  // are not duplicate ACKs (RFC 5681 section 2). Small writes from each side while the other
  // sends a bulk stream would otherwise look like three duplicates and halve the window.
  TcpPair t(link(Mbps(10), Milliseconds(20)));
  TcpConnection* server = nullptr;
  std::uint64_t serverGot = 0, clientGot = 0;
  t.serverStack->listen(80, TcpConfig{}, [&](TcpConnection& s) {
    server = &s;
    s.callbacks().onData = [&](std::uint64_t n) { serverGot += n; };
    s.send(2'000'000);
  });
  TcpConnection& c = t.clientStack->connect({t.server, 80}, TcpConfig{});
  c.callbacks().onData = [&](std::uint64_t n) { clientGot += n; };
  c.callbacks().onConnected = [&] {
    for (int i = 0; i < 50; ++i) {
      t.sim.scheduler.schedule(Milliseconds(10 * i), [&c] { c.send(300); });
    }
  };
  t.sim.scheduler.runUntil(SimTime::zero() + Seconds(10));
  ASSERT_NE(server, nullptr);
  EXPECT_EQ(clientGot, 2'000'000u);
  EXPECT_EQ(serverGot, 50u * 300);
  EXPECT_EQ(server->counters().fastRetransmits, 0u);
  EXPECT_EQ(server->counters().bytesRetransmitted, 0u);
  EXPECT_EQ(c.counters().fastRetransmits, 0u);
}

TEST(TcpConfigValidation, RejectsBadParametersByName) {
  TcpConfig c;
  c.mtuBytes = 100;
  EXPECT_THROW(
      {
        try {
          c.validate();
        } catch (const std::invalid_argument& e) {
          EXPECT_NE(std::string(e.what()).find("mtu"), std::string::npos);
          throw;
        }
      },
      std::invalid_argument);
  c = TcpConfig{};
  c.receiveBufferBytes = 10;
  EXPECT_THROW(c.validate(), std::invalid_argument);
  c = TcpConfig{};
  c.minRto = Seconds(100);
  EXPECT_THROW(c.validate(), std::invalid_argument);
  c = TcpConfig{};
  c.readChunkTime = Microseconds(-1);
  EXPECT_THROW(c.validate(), std::invalid_argument);
  // Retries are counted in a byte.
  c = TcpConfig{};
  c.maxSynRetries = 255;
  c.maxDataRetries = 255;
  EXPECT_NO_THROW(c.validate());
  c.maxDataRetries = 256;
  EXPECT_THROW(c.validate(), std::invalid_argument);
  c = TcpConfig{};
  c.maxSynRetries = 256;
  EXPECT_THROW(c.validate(), std::invalid_argument);
  EXPECT_TRUE(tcpProfile("linux").has_value());
  EXPECT_EQ(tcpProfile("linux")->congestionControl, cc::Algorithm::Cubic);
  EXPECT_FALSE(tcpProfile("bsd").has_value());
}

}  // namespace
}  // namespace wirelab::models::transport::tcp
