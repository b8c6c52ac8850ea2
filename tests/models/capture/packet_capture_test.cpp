// File: tests/models/capture/packet_capture_test.cpp
// Captures of simulated traffic read back with libpcap and checked field by field against what
// the models did: TCP's three-way handshake with its options, data sequence numbers, a lost
// segment's retransmission, the scaled window, UDP datagrams and QUIC headers, and byte-identical
// files.
#include <gtest/gtest.h>

#include <algorithm>
#include <map>

#include "capture/pcap_writer.h"
#include "models/capture/interface_tap.h"
#include "models/capture/ipv4_encoding.h"
#include "models/capture/packet_encoder.h"
#include "models/capture/quic_encoding.h"
#include "tests/capture/pcap_records.h"
#include "tests/models/transport/quic/quic_test_support.h"
#include "tests/models/transport/tcp/tcp_fixture.h"

namespace wirelab::models::capture {
namespace {

using transport::tcp::TcpConfig;
using transport::tcp::TcpConnection;
using transport::tcp::testing::link;
using transport::tcp::testing::TcpPair;
using transport::tcp::testing::withLostPackets;
using wirelab::testing::ParsedSegment;
using wirelab::testing::parseRecord;
using wirelab::testing::readPcap;

constexpr std::uint8_t kFin = 0x01, kSyn = 0x02, kAck = 0x10;

// A TCP transfer of `bytes` from client to server, captured on both ends of the link.
struct TcpCapture {
  std::string atClient, atServer;
  std::uint32_t mss = 0;
};

TcpCapture captureTcpTransfer(std::uint64_t bytes, const sim::LinkConfig& up, const sim::LinkConfig& down) {
  TcpPair pair(up, down);
  PacketEncoder encoder;
  wirelab::capture::MemoryPcapSink clientBytes, serverBytes;
  wirelab::capture::PcapWriter clientPcap(clientBytes, wirelab::capture::kLinkTypeRaw, kCaptureSnapLength);
  wirelab::capture::PcapWriter serverPcap(serverBytes, wirelab::capture::kLinkTypeRaw, kCaptureSnapLength);
  sim::Network& net = pair.sim.network;
  TcpCapture out;
  {
    InterfaceTap clientTap(net.node(pair.client).interface(0), net.node(pair.server).interface(0), encoder,
                           clientPcap);
    InterfaceTap serverTap(net.node(pair.server).interface(0), net.node(pair.client).interface(0), encoder,
                           serverPcap);
    const TcpConfig config;
    out.mss = config.mssBytes();
    pair.serverStack->listen(80, config, [](TcpConnection& c) { c.setAutoRead(true); });
    TcpConnection& c = pair.clientStack->connect({pair.server, 80}, config);
    c.send(bytes);
    c.callbacks().onConnected = [&c] { c.close(); };  // FIN after the data
    pair.sim.scheduler.runUntil(sim::SimTime::zero() + sim::Seconds(10));
  }
  out.atClient = clientBytes.bytes();
  out.atServer = serverBytes.bytes();
  return out;
}

std::vector<ParsedSegment> parseAll(const std::string& pcap) {
  const auto file = readPcap(pcap);
  EXPECT_TRUE(file.error.empty()) << file.error;
  std::vector<ParsedSegment> out;
  for (const auto& r : file.records) out.push_back(parseRecord(r));
  return out;
}

// The TCP checksum as a receiver verifies it: pseudo-header + header + an all-zero payload.
bool tcpChecksumOk(const wirelab::testing::PcapRecord& r) {
  const ParsedSegment s = parseRecord(r);
  std::uint32_t sum = (s.source >> 16) + (s.source & 0xffff) + (s.destination >> 16) +
                      (s.destination & 0xffff) + 6 + (s.totalLength - 20u);
  sum += wirelab::testing::sum16(r.data, 20, 20 + s.headerBytes);
  while (sum >> 16) sum = (sum & 0xffff) + (sum >> 16);
  return sum == 0xffff;
}

TEST(PacketCaptureTest, ThreeWayHandshakeCarriesTheModelsOptions) {
  const TcpCapture cap = captureTcpTransfer(20000, link(sim::Mbps(10), sim::Milliseconds(10)),
                                            link(sim::Mbps(10), sim::Milliseconds(10)));
  const auto s = parseAll(cap.atClient);
  ASSERT_GE(s.size(), 4u);
  const std::uint32_t client = nodeAddress(0), server = nodeAddress(1);
  EXPECT_EQ(formatAddress(client), "10.0.0.1");
  EXPECT_EQ(formatAddress(server), "10.0.0.2");

  // SYN: ISN 0, MSS, SACK-permitted, timestamps, window scale 7 (65535 << 7 covers the 4 MiB buffer).
  EXPECT_EQ(s[0].flags, kSyn);
  EXPECT_EQ(s[0].source, client);
  EXPECT_EQ(s[0].destination, server);
  EXPECT_EQ(s[0].destinationPort, 80);
  EXPECT_GE(s[0].sourcePort, 49152);
  EXPECT_EQ(s[0].seq, 0u);
  // RFC 6691: the option is the MTU less 40 (1460); the segments, with 12 bytes of timestamps,
  // carry at most cap.mss = 1448.
  EXPECT_EQ(s[0].mss, 1460);
  EXPECT_TRUE(s[0].sackPermitted);
  EXPECT_TRUE(s[0].timestamps);
  EXPECT_EQ(s[0].windowScale, 7);
  EXPECT_EQ(s[0].window, 65535);  // RFC 7323 2.2: a SYN's window is not scaled
  EXPECT_EQ(s[0].payloadBytes, 0u);
  // SYN-ACK
  EXPECT_EQ(s[1].flags, kSyn | kAck);
  EXPECT_EQ(s[1].source, server);
  EXPECT_EQ(s[1].sourcePort, 80);
  EXPECT_EQ(s[1].destinationPort, s[0].sourcePort);
  EXPECT_EQ(s[1].seq, 0u);
  EXPECT_EQ(s[1].ack, 1u);
  EXPECT_EQ(s[1].windowScale, 7);
  // (The model's SYN-ACK echoes no TSval: TcpConnection::acceptSyn does not take TS.Recent from
  // the SYN. The client's ACK echoes the SYN-ACK's.)
  // ACK, then data from sequence number 1 on, one MSS apart.
  EXPECT_EQ(s[2].flags, kAck);
  EXPECT_EQ(s[2].seq, 1u);
  EXPECT_EQ(s[2].ack, 1u);
  EXPECT_EQ(s[2].tsEcr, s[1].tsVal);
  std::uint32_t expectedSeq = 1;
  std::uint64_t dataBytes = 0;
  for (const ParsedSegment& seg : s) {
    if (seg.source != client || seg.payloadBytes == 0) continue;
    EXPECT_EQ(seg.seq, expectedSeq);
    EXPECT_LE(seg.payloadBytes, cap.mss);
    expectedSeq += seg.payloadBytes;
    dataBytes += seg.payloadBytes;
  }
  EXPECT_EQ(dataBytes, 20000u);
  // Every segment: a valid IPv4 checksum, a TCP checksum that verifies, timestamps, and the
  // server's windows scaled by 7 (its 4 MiB buffer, nothing unread: 4 MiB >> 7 = 32768).
  const auto file = readPcap(cap.atClient);
  for (std::size_t i = 0; i < s.size(); ++i) {
    EXPECT_TRUE(s[i].ipChecksumOk) << i;
    EXPECT_TRUE(tcpChecksumOk(file.records[i])) << i;
    EXPECT_TRUE(s[i].timestamps) << i;
    EXPECT_EQ(file.records[i].originalLength, s[i].totalLength) << i;
    EXPECT_EQ(file.records[i].data.size(), 20u + s[i].headerBytes) << i;
    if (s[i].source == server && (s[i].flags & kSyn) == 0) {
      EXPECT_EQ(s[i].window, 32768) << i;
    }
  }
  // The connection closes: the client's FIN carries the next sequence number.
  const auto fin = std::find_if(
      s.begin(), s.end(), [&](const ParsedSegment& x) { return x.source == client && (x.flags & kFin); });
  ASSERT_NE(fin, s.end());
  EXPECT_EQ(fin->seq, 20001u);
}

TEST(PacketCaptureTest, RecordsAreInTimeOrderAndTimestampsAreSimulatedTime) {
  const TcpCapture cap = captureTcpTransfer(5000, link(sim::Mbps(10), sim::Milliseconds(10)),
                                            link(sim::Mbps(10), sim::Milliseconds(10)));
  const auto file = readPcap(cap.atClient);
  ASSERT_GE(file.records.size(), 3u);
  EXPECT_EQ(file.records[0].timestampNs, 0);  // the SYN leaves at once
  // The SYN-ACK arrives one round trip later: 2 x 10 ms plus two serialisations of a SYN.
  const std::int64_t synAckNs = file.records[1].timestampNs;
  EXPECT_GT(synAckNs, 20'000'000);
  EXPECT_LT(synAckNs, 20'200'000);
  for (std::size_t i = 1; i < file.records.size(); ++i)
    EXPECT_LE(file.records[i - 1].timestampNs, file.records[i].timestampNs);
}

TEST(PacketCaptureTest, ALostSegmentShowsTwiceAtTheSenderAndOnceAtTheReceiver) {
  // The client's 6th packet on the link is lost.
  const TcpCapture cap =
      captureTcpTransfer(30000, withLostPackets(link(sim::Mbps(10), sim::Milliseconds(10)), {5}),
                         link(sim::Mbps(10), sim::Milliseconds(10)));
  const auto countBySeq = [](const std::string& pcap) {
    std::map<std::uint32_t, int> n;
    for (const ParsedSegment& s : parseAll(pcap)) {
      if (s.source == nodeAddress(0) && s.payloadBytes > 0) ++n[s.seq];
    }
    return n;
  };
  const auto sent = countBySeq(cap.atClient);
  const auto received = countBySeq(cap.atServer);
  std::vector<std::uint32_t> twice;
  for (const auto& [seq, n] : sent) {
    if (n == 2) twice.push_back(seq);
    EXPECT_LE(n, 2) << seq;
  }
  ASSERT_EQ(twice.size(), 1u);
  std::vector<ParsedSegment> fromClient;
  for (const ParsedSegment& s : parseAll(cap.atClient)) {
    if (s.source == nodeAddress(0)) fromClient.push_back(s);
  }
  ASSERT_GT(fromClient.size(), 5u);
  EXPECT_GT(fromClient[5].payloadBytes, 0u);
  EXPECT_EQ(twice[0], fromClient[5].seq);  // the lost one
  EXPECT_EQ(received.at(twice[0]), 1);
  for (const auto& [seq, n] : received) EXPECT_EQ(n, 1) << seq;
  // The receiver's duplicate ACKs carry a SACK block for what arrived above the hole.
  bool sawSack = false;
  for (const ParsedSegment& s : parseAll(cap.atServer)) {
    if (s.source != nodeAddress(1) || s.sack.empty()) continue;
    sawSack = true;
    EXPECT_EQ(s.ack, twice[0]);
    EXPECT_EQ(s.sack[0].first, twice[0] + cap.mss);
  }
  EXPECT_TRUE(sawSack);
}

// The QUIC header of one record (RFC 9000 section 17), as far as these tests need it.
struct ParsedQuic {
  bool longHeader = false;
  std::uint8_t type = 0;  // long: Table 5's Long Packet Type
  std::uint32_t version = 0;
  std::vector<std::uint8_t> dcid, scid;
  std::uint64_t length = 0;   // long: the Length field
  std::size_t headerEnd = 0;  // offset in the record after the packet number
  std::uint32_t pnLength = 0;
};

ParsedQuic parseQuic(const std::vector<std::uint8_t>& d, std::size_t at) {
  ParsedQuic h;
  const std::uint8_t first = d.at(at);
  h.longHeader = (first & 0x80) != 0;
  h.pnLength = (first & 0x03) + 1u;
  const auto take = [&](std::size_t n) {
    std::vector<std::uint8_t> out(d.begin() + static_cast<std::ptrdiff_t>(at),
                                  d.begin() + static_cast<std::ptrdiff_t>(at + n));
    at += n;
    return out;
  };
  const auto varint = [&] {
    const std::size_t n = std::size_t{1} << (d.at(at) >> 6);
    std::uint64_t v = d.at(at) & 0x3fu;
    for (std::size_t i = 1; i < n; ++i) v = (v << 8) | d.at(at + i);
    at += n;
    return v;
  };
  ++at;
  if (!h.longHeader) {
    h.dcid = take(8);  // the capture's connection ID length
  } else {
    h.type = (first >> 4) & 0x3;
    for (const std::uint8_t b : take(4)) h.version = (h.version << 8) | b;
    h.dcid = take(d.at(at++));
    h.scid = take(d.at(at++));
    if (h.type == 0) {
      EXPECT_EQ(varint(), 0u);  // Initial: Token Length 0
    }
    h.length = varint();
  }
  h.headerEnd = at + h.pnLength;
  return h;
}

// RFC 9000 appendix A.3: the full packet number closest to `expected` whose low bytes are
// `truncated`.
std::uint64_t decodePacketNumber(std::uint64_t expected, std::uint64_t truncated, std::uint32_t length) {
  const std::uint64_t window = std::uint64_t{1} << (8 * length), half = window / 2, mask = window - 1;
  const std::uint64_t candidate = (expected & ~mask) | truncated;
  if (candidate + half <= expected && candidate + window < (std::uint64_t{1} << 62))
    return candidate + window;
  if (candidate > expected + half && candidate >= window) return candidate - window;
  return candidate;
}

TEST(PacketCaptureTest, QuicDatagramsShowTheHeadersOfTheirPackets) {
  namespace q = transport::quic;
  q::testing::QuicPair pair(q::testing::link(sim::Mbps(20), sim::Milliseconds(15)));
  PacketEncoder encoder;
  encoder.addQuicEndpoint(pair.server, 443);
  encoder.addQuicEndpoint(pair.client, pair.clientEndpoint->localEndpoint().port);
  wirelab::capture::MemoryPcapSink bytes;
  wirelab::capture::PcapWriter pcap(bytes, wirelab::capture::kLinkTypeRaw, kCaptureSnapLength);
  sim::Network& net = pair.sim.network;
  std::uint64_t clientDatagrams = 0;
  std::uint32_t clientId = 0, serverId = 0;
  {
    InterfaceTap tap(net.node(pair.client).interface(0), net.node(pair.server).interface(0), encoder, pcap);
    pair.serverEndpoint->listen(
        [&serverId](q::QuicConnection& accepted) { serverId = accepted.localConnectionId(); });
    q::QuicConnection& c = pair.clientEndpoint->connect(pair.serverEndpoint->localEndpoint());
    c.send(c.openStream(), 50000, true);
    pair.sim.scheduler.runUntil(sim::SimTime::zero() + sim::Seconds(5));
    clientDatagrams = c.stats().datagramsSent;
    clientId = c.localConnectionId();
  }
  ASSERT_NE(serverId, 0u);
  const auto file = readPcap(bytes.bytes());
  ASSERT_TRUE(file.error.empty()) << file.error;
  ASSERT_FALSE(file.records.empty());
  const auto cid = [](sim::NodeId node, std::uint32_t id) {
    const QuicConnectionId c = captureConnectionId(node, id);
    return std::vector<std::uint8_t>(c.begin(), c.end());
  };
  std::uint64_t fromClient = 0, longPackets = 0, shortPackets = 0, nextClientNumber = 0, coalesced = 0;
  std::map<std::uint8_t, int> longTypes;
  for (const auto& r : file.records) {
    const ParsedSegment s = parseRecord(r);
    EXPECT_EQ(s.protocol, 17);
    EXPECT_TRUE(s.ipChecksumOk);
    EXPECT_EQ(r.originalLength, s.totalLength);
    EXPECT_EQ(s.udpLength, s.totalLength - 20u);
    const ParsedQuic h = parseQuic(r.data, 28);
    const std::size_t firstEnd = h.headerEnd - h.pnLength + h.length;  // long header: the packet's end
    if (h.longHeader && firstEnd < s.totalLength) {
      // Two coalesced packets (RFC 9000 12.2): the first whole, its payload as zeros, then the
      // second's header, whose Length runs to the datagram's end, and its sample.
      ++coalesced;
      ASSERT_GT(r.data.size(), firstEnd);
      EXPECT_TRUE(std::all_of(r.data.begin() + static_cast<std::ptrdiff_t>(h.headerEnd),
                              r.data.begin() + static_cast<std::ptrdiff_t>(firstEnd),
                              [](std::uint8_t b) { return b == 0; }));
      const ParsedQuic second = parseQuic(r.data, firstEnd);
      EXPECT_TRUE(second.longHeader);
      EXPECT_EQ(h.type, 0);       // an Initial ...
      EXPECT_EQ(second.type, 2);  // ... and a Handshake
      EXPECT_EQ(second.dcid, h.dcid);
      EXPECT_EQ(second.scid, h.scid);
      EXPECT_EQ(second.headerEnd - second.pnLength + second.length, s.totalLength);
      EXPECT_EQ(r.data.size(), second.headerEnd - second.pnLength + kHeaderProtectionSampleEnd);
      EXPECT_TRUE(std::all_of(r.data.begin() + static_cast<std::ptrdiff_t>(second.headerEnd), r.data.end(),
                              [](std::uint8_t b) { return b == 0; }));
    } else {
      // IPv4, UDP, one QUIC header, zeros to the end of the header-protection sample (RFC 9001
      // 5.4.2).
      EXPECT_EQ(r.data.size(), h.headerEnd - h.pnLength + kHeaderProtectionSampleEnd);
      EXPECT_TRUE(std::all_of(r.data.begin() + static_cast<std::ptrdiff_t>(h.headerEnd), r.data.end(),
                              [](std::uint8_t b) { return b == 0; }));
    }
    EXPECT_LE(r.data.size(), kCaptureSnapLength);
    EXPECT_NE(r.data[28] & 0x40, 0);  // the fixed bit (RFC 9000 17.2, 17.3.1)
    const bool up = s.source == nodeAddress(pair.client);
    // Each direction's DCID is the ID the receiver chose, once the client has learned the server's.
    if (h.longHeader) {
      ++longPackets;
      ++longTypes[h.type];
      EXPECT_EQ(h.version, 1u);
      EXPECT_EQ(h.scid, up ? cid(pair.client, clientId) : cid(pair.server, serverId));
      // The packet (from its first byte to the end of its Length) fits in the datagram.
      EXPECT_LE(h.headerEnd - h.pnLength + h.length, s.totalLength);
      if (!up) {
        EXPECT_EQ(h.dcid, cid(pair.client, clientId));
      }
    } else {
      ++shortPackets;
      EXPECT_EQ(h.dcid, up ? cid(pair.server, serverId) : cid(pair.client, clientId));
      // The client's 1-RTT packets leave in packet number order from 0 (one FIFO queue, no loss):
      // each truncated number, decoded as RFC 9000 appendix A.3 does, is the next one.
      if (up) {
        std::uint64_t truncated = 0;
        for (std::size_t i = h.headerEnd - h.pnLength; i < h.headerEnd; ++i)
          truncated = (truncated << 8) | r.data[i];
        EXPECT_EQ(decodePacketNumber(nextClientNumber, truncated, h.pnLength), nextClientNumber);
        ++nextClientNumber;
      }
    }
    if (up) {
      ++fromClient;
      EXPECT_EQ(s.destinationPort, 443);
    } else {
      EXPECT_EQ(s.sourcePort, 443);
    }
  }
  EXPECT_EQ(fromClient, clientDatagrams);
  EXPECT_GT(longTypes[0], 0);  // Initial
  EXPECT_GT(longTypes[2], 0);  // Handshake
  EXPECT_GT(coalesced, 0u);    // the server's Initial with its Handshake (RFC 9000 12.2)
  EXPECT_GT(shortPackets, 30u);
  EXPECT_GT(nextClientNumber, 30u);
  // RFC 9000 14.1: the client's first datagram (its Initial) is padded to at least 1200 bytes,
  // and its Length runs to the end of it.
  const ParsedSegment first = parseRecord(file.records[0]);
  EXPECT_GE(first.udpLength - 8u, 1200u);
  const ParsedQuic initial = parseQuic(file.records[0].data, 28);
  EXPECT_EQ(initial.type, 0);
  EXPECT_EQ(initial.headerEnd - initial.pnLength + initial.length, first.totalLength);
  EXPECT_NE(initial.dcid, cid(pair.server, serverId));  // the client's random first DCID (RFC 9000 7.2)
}

TEST(PacketCaptureTest, UdpDatagramsOfNoQuicEndpointAreUdpHeadersOnly) {
  namespace q = transport::quic;
  q::testing::QuicPair pair(q::testing::link(sim::Mbps(20), sim::Milliseconds(15)));
  PacketEncoder encoder;  // not told of the endpoints
  wirelab::capture::MemoryPcapSink bytes;
  wirelab::capture::PcapWriter pcap(bytes, wirelab::capture::kLinkTypeRaw, kCaptureSnapLength);
  sim::Network& net = pair.sim.network;
  {
    InterfaceTap tap(net.node(pair.client).interface(0), net.node(pair.server).interface(0), encoder, pcap);
    pair.serverEndpoint->listen([](q::QuicConnection&) {});
    q::QuicConnection& c = pair.clientEndpoint->connect(pair.serverEndpoint->localEndpoint());
    c.send(c.openStream(), 5000, true);
    pair.sim.scheduler.runUntil(sim::SimTime::zero() + sim::Seconds(5));
  }
  const auto file = readPcap(bytes.bytes());
  ASSERT_GT(file.records.size(), 5u);
  for (const auto& r : file.records) EXPECT_EQ(r.data.size(), 28u);
}

TEST(PacketCaptureTest, SameRunGivesIdenticalBytes) {
  const auto lossy = [] {
    sim::LinkConfig up = link(sim::Mbps(5), sim::Milliseconds(20));
    up.loss.kind = sim::LossSpec::Kind::Bernoulli;
    up.loss.probability = 0.02;
    return captureTcpTransfer(200000, up, link(sim::Mbps(5), sim::Milliseconds(20)));
  };
  const TcpCapture a = lossy(), b = lossy();
  EXPECT_GT(a.atClient.size(), 10000u);
  EXPECT_EQ(a.atClient, b.atClient);
  EXPECT_EQ(a.atServer, b.atServer);
}

}  // namespace
}  // namespace wirelab::models::capture
