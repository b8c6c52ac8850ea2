// File: tests/models/transport/udp/udp_stack_test.cpp
// UDP: delivery with exact timing, the MTU check (no fragmentation), unknown ports, counters and
// trace signals, ephemeral ports.
#include "models/transport/udp/udp_stack.h"

#include <gtest/gtest.h>

#include <stdexcept>
#include <vector>

#include "sim/topology/builders.h"

namespace wirelab::models::transport::udp {
namespace {

using sim::Bytes;
using sim::Mbps;
using sim::Milliseconds;

struct Pair {
  Pair() {
    sim::LinkConfig link;
    link.rate = Mbps(10);
    link.delay = Milliseconds(5);
    nodes = sim::buildChain(simulation.network, 2, link);
  }
  sim::Simulation simulation{1, 0};
  std::vector<sim::NodeId> nodes;
};

TEST(UdpStack, DeliversWithSourceEndpointAndPayloadAtExactTime) {
  Pair p;
  UdpStack a(p.simulation.network, p.nodes[0]);
  UdpStack b(p.simulation.network, p.nodes[1]);
  UdpSocket& client = a.bind();
  UdpSocket& server = b.bind(53);
  std::vector<UdpDatagram> got;
  std::vector<sim::SimTime> at;
  server.setReceiveCallback([&](const UdpDatagram& d) {
    got.push_back(d);
    at.push_back(p.simulation.scheduler.now());
  });
  ASSERT_TRUE(client.sendTo(server.localEndpoint(), 512));
  p.simulation.scheduler.run();
  ASSERT_EQ(got.size(), 1u);
  EXPECT_EQ(got[0].source.node, p.nodes[0]);
  EXPECT_EQ(got[0].source.port, UdpStack::kFirstEphemeralPort);
  EXPECT_EQ(got[0].destination.port, 53);
  EXPECT_EQ(got[0].payloadBytes, 512u);
  // 512 + 20 + 8 bytes at 10 Mbps (425.6 us, rounded up) plus 5 ms of propagation.
  const sim::Duration expected = sim::transmissionTime(Bytes(540), Mbps(10)) + Milliseconds(5);
  EXPECT_EQ(at[0].sinceStart(), expected);
  EXPECT_EQ(a.counters().datagramsSent, 1u);
  EXPECT_EQ(a.counters().bytesSent, 512u);
  EXPECT_EQ(b.counters().datagramsReceived, 1u);
  EXPECT_EQ(b.counters().bytesReceived, 512u);
  EXPECT_EQ(server.counters().datagramsReceived, 1u);
  EXPECT_EQ(client.counters().datagramsSent, 1u);
}

TEST(UdpStack, OversizeDatagramIsDroppedAndCounted) {
  Pair p;
  UdpStack a(p.simulation.network, p.nodes[0], UdpConfig{1500});
  UdpStack b(p.simulation.network, p.nodes[1]);
  UdpSocket& client = a.bind(1000);
  UdpSocket& server = b.bind(2000);
  int received = 0;
  server.setReceiveCallback([&](const UdpDatagram&) { ++received; });
  std::vector<UdpDropReason> reasons;
  a.dropped.connect([&](const sim::Packet&, UdpDropReason r, sim::SimTime) { reasons.push_back(r); });
  EXPECT_EQ(a.maxPayloadBytes(), 1472u);
  EXPECT_TRUE(client.sendTo(server.localEndpoint(), 1472));   // exactly the MTU
  EXPECT_FALSE(client.sendTo(server.localEndpoint(), 1473));  // one byte over: no fragmentation
  p.simulation.scheduler.run();
  EXPECT_EQ(received, 1);
  EXPECT_EQ(a.counters().oversizeDrops, 1u);
  EXPECT_EQ(client.counters().oversizeDrops, 1u);
  ASSERT_EQ(reasons.size(), 1u);
  EXPECT_EQ(reasons[0], UdpDropReason::Oversize);
  EXPECT_EQ(p.simulation.network.pool().live(), 0);  // the dropped packet went back to the pool
}

TEST(UdpStack, UnknownPortIsCountedAsPortUnreachable) {
  Pair p;
  UdpStack a(p.simulation.network, p.nodes[0]);
  UdpStack b(p.simulation.network, p.nodes[1]);
  UdpSocket& client = a.bind();
  std::vector<UdpDropReason> reasons;
  b.dropped.connect([&](const sim::Packet&, UdpDropReason r, sim::SimTime) { reasons.push_back(r); });
  client.sendTo(Endpoint{p.nodes[1], 9999}, 100);
  p.simulation.scheduler.run();
  EXPECT_EQ(b.counters().portUnreachableDrops, 1u);
  EXPECT_EQ(b.counters().datagramsReceived, 0u);
  ASSERT_EQ(reasons.size(), 1u);
  EXPECT_EQ(reasons[0], UdpDropReason::PortUnreachable);
  EXPECT_STREQ(toString(UdpDropReason::PortUnreachable), "port unreachable");
}

TEST(UdpStack, SignalsAndCountersAgreeOverManyDatagrams) {
  Pair p;
  UdpStack a(p.simulation.network, p.nodes[0]);
  UdpStack b(p.simulation.network, p.nodes[1]);
  UdpSocket& client = a.bind();
  UdpSocket& server = b.bind(7);
  int sentSignals = 0;
  int receivedSignals = 0;
  a.sent.connect([&](const sim::Packet& pk, sim::SimTime) {
    ++sentSignals;
    EXPECT_EQ(pk.protocol, kProtocolUdp);
  });
  b.received.connect([&](const sim::Packet&, sim::SimTime) { ++receivedSignals; });
  std::uint64_t bytes = 0;
  server.setReceiveCallback([&](const UdpDatagram& d) { bytes += d.payloadBytes; });
  for (int i = 1; i <= 100; ++i) client.sendTo(server.localEndpoint(), static_cast<std::uint32_t>(i * 10));
  p.simulation.scheduler.run();
  EXPECT_EQ(sentSignals, 100);
  EXPECT_EQ(receivedSignals, 100);
  EXPECT_EQ(bytes, 50500u);  // 10 * (1 + ... + 100)
  EXPECT_EQ(a.counters().bytesSent, 50500u);
  EXPECT_EQ(b.counters().bytesReceived, 50500u);
}

TEST(UdpStack, PortsBindOnceAndEphemeralPortsAreDistinct) {
  Pair p;
  UdpStack a(p.simulation.network, p.nodes[0]);
  a.bind(80);
  EXPECT_THROW(a.bind(80), std::invalid_argument);
  UdpSocket& e1 = a.bind();
  UdpSocket& e2 = a.bind();
  EXPECT_NE(e1.port(), e2.port());
  EXPECT_GE(e1.port(), UdpStack::kFirstEphemeralPort);
  a.close(e1);
  EXPECT_FALSE(a.isBound(UdpStack::kFirstEphemeralPort));
  EXPECT_THROW(UdpStack(p.simulation.network, p.nodes[1], UdpConfig{60}), std::invalid_argument);
}

}  // namespace
}  // namespace wirelab::models::transport::udp
