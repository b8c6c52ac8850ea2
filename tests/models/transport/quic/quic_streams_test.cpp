// File: tests/models/transport/quic/quic_streams_test.cpp
// No head-of-line blocking across streams: one lost packet of stream A delays only stream A.
// The measure is each STREAM frame's reassembly wait at the receiver (delivery time minus the
// arrival time of the frame): zero for every frame of stream B, about one round trip for the
// frames of stream A that arrived behind the hole, until the retransmission fills it.
// Also how the sender shares the path among streams: incremental streams take turns packet by
// packet, non-incremental ones go one at a time in stream ID order (RFC 9218 sections 4.2, 10).
#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <map>
#include <stdexcept>
#include <string_view>
#include <vector>

#include "quic_test_support.h"

namespace wirelab::models::transport::quic {
namespace {

using namespace testing;
using sim::Duration;
using sim::Milliseconds;
using sim::SimTime;

struct FrameArrival {
  std::uint64_t stream;
  std::uint64_t end;  // offset + length
  SimTime arrived;
};

// Reassembly wait of every frame that arrived, per stream: max and the count of delayed frames.
struct Waits {
  Duration max;
  int delayed = 0;
  int frames = 0;
};

TEST(QuicStreams, LostPacketDelaysOnlyItsOwnStream) {
  const Duration oneWay = Milliseconds(20);
  QuicPair net(link(sim::Mbps(100), oneWay));
  constexpr std::uint64_t kA = 0;
  constexpr std::uint64_t kB = 4;
  constexpr std::uint64_t kSize = 60'000;
  bool armed = false;  // drop only after the handshake, once
  DatagramFilter filter(net.sim.network, net.server, *net.serverUdp, [&](const sim::Packet& p) {
    if (!armed || !carriesStream(p, kA, 16'000) || carriesStream(p, kB, 0)) return false;
    armed = false;
    return true;
  });
  std::vector<FrameArrival> arrivals;
  std::map<std::uint64_t, std::vector<std::pair<std::uint64_t, SimTime>>> delivered;  // (cumulative, time)
  std::map<std::uint64_t, std::uint64_t> totals;
  std::map<std::uint64_t, int> released;  // deliveries that released data waiting behind a hole
  net.serverEndpoint->listen([&](QuicConnection& c) {
    c.packetReceived.connect([&](const QuicPacketEvent& e) {
      if (e.shortPacket == nullptr) return;
      for (std::size_t i = 0; i < e.shortPacket->streamFrameCount; ++i) {
        const StreamFrame& f = e.shortPacket->streams[i];
        if (f.length() > 0) arrivals.push_back({f.streamId, f.offset() + f.length(), e.time});
      }
    });
    c.streamDataDelivered.connect([&](const QuicDeliveryEvent& e) {
      if (std::string_view(e.cause) != "in order") ++released[e.streamId];
      totals[e.streamId] += e.bytes;
      delivered[e.streamId].emplace_back(totals[e.streamId], e.time);
    });
  });
  QuicConnection& c = net.clientEndpoint->connect(net.serverEndpoint->localEndpoint());
  net.scheduler().runUntil(SimTime::zero() + sim::Seconds(1));
  ASSERT_EQ(c.state(), ConnectionState::HandshakeConfirmed);
  std::vector<QuicRetransmitEvent> retransmits;
  c.framesRetransmitted.connect([&](const QuicRetransmitEvent& e) { retransmits.push_back(e); });
  armed = true;
  ASSERT_EQ(c.openStream(), kA);
  ASSERT_EQ(c.openStream(), kB);
  c.send(kA, kSize, true);
  c.send(kB, kSize, true);
  net.scheduler().runUntil(SimTime::zero() + sim::Seconds(3));

  ASSERT_EQ(filter.dropped(), 1);
  EXPECT_EQ(totals[kA], kSize);
  EXPECT_EQ(totals[kB], kSize);
  // Exactly the dropped packet was declared lost, by the packet threshold: the ACK ranges
  // acknowledged every packet that arrived after it.
  EXPECT_EQ(c.recoveryCounters().packetsLost, 1u);
  EXPECT_EQ(c.recoveryCounters().lostByPacketThreshold, 1u);
  ASSERT_EQ(retransmits.size(), 1u);
  EXPECT_STREQ(retransmits[0].cause, "packet threshold loss");

  std::map<std::uint64_t, Waits> waits;
  for (const FrameArrival& a : arrivals) {
    const auto& d = delivered[a.stream];
    const auto it = std::find_if(d.begin(), d.end(), [&](const auto& x) { return x.first >= a.end; });
    ASSERT_NE(it, d.end());
    // Duplicates (the retransmission of already delivered bytes) are skipped.
    if (it->second < a.arrived) continue;
    const Duration wait = it->second - a.arrived;
    Waits& w = waits[a.stream];
    w.max = std::max(w.max, wait);
    ++w.frames;
    if (wait > Duration::zero()) ++w.delayed;
  }
  // Stream B: every frame handed to the application the instant it arrived.
  EXPECT_EQ(waits[kB].max, Duration::zero());
  EXPECT_EQ(waits[kB].delayed, 0);
  EXPECT_EQ(released[kB], 0);
  EXPECT_EQ(released[kA], 1);  // the retransmission released everything queued behind the hole
  // Stream A: the frames behind the hole wait for the retransmission, about one RTT: the loss is
  // detected when the ACK of the third later packet returns (RFC 9002 packet threshold), the
  // repair goes out at once (one packet may exceed the reduced window, RFC 9002 7.3.2) and takes
  // one way; the few packets between the hole and that third packet add their serialisation.
  const Duration rtt = oneWay * 2;
  EXPECT_GT(waits[kA].delayed, 0);
  EXPECT_GE(waits[kA].max, rtt);
  EXPECT_LE(waits[kA].max, rtt + Milliseconds(3));
  std::printf(
      "HOL: stream A %d of %d frames waited, max %.3f ms; stream B %d of %d frames waited, max %.3f ms "
      "(RTT 40 ms)\n",
      waits[kA].delayed, waits[kA].frames, waits[kA].max.milliseconds(), waits[kB].delayed, waits[kB].frames,
      waits[kB].max.milliseconds());
}

TEST(QuicStreams, ManyStreamsInterleaveAndEachCompletes) {
  QuicPair net(link(sim::Mbps(50), Milliseconds(5)));
  std::map<std::uint64_t, std::uint64_t> got;
  std::vector<std::uint64_t> opened;
  net.serverEndpoint->listen([&](QuicConnection& c) {
    c.setStreamOpenedCallback([&](std::uint64_t id) { opened.push_back(id); });
    c.setStreamDataCallback([&](std::uint64_t id, std::uint64_t bytes, bool) { got[id] += bytes; });
  });
  QuicConnection& c = net.clientEndpoint->connect(net.serverEndpoint->localEndpoint());
  for (int i = 0; i < 20; ++i) {
    const std::uint64_t id = c.openStream();
    EXPECT_EQ(id, static_cast<std::uint64_t>(4 * i));  // client-initiated bidirectional IDs
    c.send(id, 10'000 + 100 * static_cast<std::uint64_t>(i), true);
  }
  net.scheduler().runUntil(SimTime::zero() + sim::Seconds(2));
  ASSERT_EQ(opened.size(), 20u);
  for (int i = 0; i < 20; ++i) EXPECT_EQ(got[4u * i], 10'000u + 100u * i);
  // The server opens its own streams with odd IDs.
  QuicConnection& s = net.serverConnection();
  EXPECT_EQ(s.openStream(), 1u);
  EXPECT_EQ(s.openStream(), 5u);
}

// Four 50 KB streams sent at once from the client over a 10 Mbit/s link (40 ms of serialisation
// each); `nonIncremental` says which of them the sender sends one at a time (RFC 9218 sections
// 4.2 and 10). Returns when each stream's last byte reached the server, by stream ID.
std::map<std::uint64_t, double> completionMs(const std::vector<bool>& nonIncremental) {
  QuicPair net(link(sim::Mbps(10), Milliseconds(10)));
  std::map<std::uint64_t, double> done;
  net.serverEndpoint->listen([&](QuicConnection& c) {
    c.setStreamDataCallback([&](std::uint64_t id, std::uint64_t, bool fin) {
      if (fin) done[id] = (net.now() - SimTime::zero()).seconds() * 1e3;
    });
  });
  QuicConnection& c = net.clientEndpoint->connect(net.serverEndpoint->localEndpoint());
  for (const bool sequential : nonIncremental) {
    const std::uint64_t id = c.openStream();
    if (sequential) c.setIncremental(id, false);
    c.send(id, 50'000, true);
  }
  net.scheduler().runUntil(SimTime::zero() + sim::Seconds(5));
  return done;
}

TEST(QuicStreams, IncrementalStreamsShareThePathAndFinishTogether) {
  const auto done = completionMs({false, false, false, false});
  ASSERT_EQ(done.size(), 4u);
  double first = 1e9, last = 0;
  for (const auto& [id, ms] : done) {
    first = std::min(first, ms);
    last = std::max(last, ms);
  }
  // Packet-by-packet turns: all four end within a few packets of each other (one 1,200-byte
  // packet is about 1 ms here), against 40 ms per stream if they went one at a time.
  EXPECT_LT(last - first, 5.0) << first << " " << last;
}

TEST(QuicStreams, NonIncrementalStreamsGoOneAtATimeInStreamIdOrder) {
  const auto done = completionMs({true, true, true, true});
  ASSERT_EQ(done.size(), 4u);
  // Each ends at least about one stream's serialisation (40 ms) after the one before it.
  for (std::uint64_t id = 4; id < 16; id += 4) EXPECT_GT(done.at(id) - done.at(id - 4), 35.0) << id;
  // The same bytes on the same path: the last ends when the incremental ones all do.
  const auto shared = completionMs({false, false, false, false});
  EXPECT_NEAR(done.at(12), shared.at(12), 5.0);
}

TEST(QuicStreams, NonIncrementalStreamsGoBeforeIncrementalOnes) {
  // Streams 0 and 8 non-incremental, 4 and 12 incremental: 0 then 8, then 4 and 12 together.
  const auto done = completionMs({true, false, true, false});
  ASSERT_EQ(done.size(), 4u);
  EXPECT_LT(done.at(0), done.at(8) - 35.0);
  EXPECT_LT(done.at(8), std::min(done.at(4), done.at(12)) - 35.0);
  EXPECT_LT(std::abs(done.at(4) - done.at(12)), 5.0);
}

TEST(QuicStreams, SettingAnUnknownStreamIncrementalThrows) {
  QuicPair net(link(sim::Mbps(10), Milliseconds(10)));
  QuicConnection& c = net.clientEndpoint->connect(net.serverEndpoint->localEndpoint());
  EXPECT_THROW(c.setIncremental(400, false), std::logic_error);
}

}  // namespace
}  // namespace wirelab::models::transport::quic
