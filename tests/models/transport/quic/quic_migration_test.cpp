// File: tests/models/transport/quic/quic_migration_test.cpp
// Connection IDs, not addresses, identify a connection (RFC 9000 section 5.2): a client that moves
// to another port, or to another node, mid-transfer keeps its connection and every byte arrives.
#include <gtest/gtest.h>

#include <cstdio>
#include <memory>
#include <vector>

#include "quic_test_support.h"
#include "sim/topology/routing.h"

namespace wirelab::models::transport::quic {
namespace {

using namespace testing;
using sim::Milliseconds;
using sim::SimTime;

constexpr std::uint64_t kSize = 2 * 1024 * 1024;

struct Download {
  std::uint64_t received = 0;
  bool finished = false;
  SimTime done;
};

void serveDownloads(QuicEndpoint& server) {
  server.listen([](QuicConnection& c) {
    c.setStreamDataCallback([&c](std::uint64_t id, std::uint64_t, bool fin) {
      if (fin) c.send(id, kSize, true);
    });
  });
}

QuicConnection& startDownload(QuicEndpoint& client, Endpoint server, Download& d, sim::Scheduler& sched) {
  QuicConnection& c = client.connect(server);
  c.setStreamDataCallback([&d, &sched](std::uint64_t, std::uint64_t bytes, bool fin) {
    d.received += bytes;
    if (fin) {
      d.finished = true;
      d.done = sched.now();
    }
  });
  c.send(c.openStream(), 100, true);
  return c;
}

TEST(QuicMigration, ClientMovesToAnotherPortMidTransfer) {
  QuicPair net(link(sim::Mbps(20), Milliseconds(10)));
  serveDownloads(*net.serverEndpoint);
  Download d;
  QuicConnection& c =
      startDownload(*net.clientEndpoint, net.serverEndpoint->localEndpoint(), d, net.scheduler());
  const std::uint16_t oldPort = net.clientEndpoint->localEndpoint().port;
  QuicEndpoint moved(*net.clientUdp, 5555);
  std::vector<QuicPathEvent> serverPaths;
  net.scheduler().runUntil(SimTime::zero() + Milliseconds(300));
  ASSERT_GT(d.received, 0u);
  ASSERT_LT(d.received, kSize);
  net.serverConnection().pathChanged.connect([&](const QuicPathEvent& e) { serverPaths.push_back(e); });
  const std::uint64_t before = d.received;
  c.migrate(moved);
  EXPECT_EQ(&c.endpoint(), &moved);
  EXPECT_EQ(c.local().port, 5555);
  net.scheduler().runUntil(SimTime::zero() + sim::Seconds(10));

  EXPECT_TRUE(d.finished);
  EXPECT_EQ(d.received, kSize);
  EXPECT_GT(d.received, before);
  EXPECT_EQ(net.serverEndpoint->connections().size(), 1u);  // the same connection throughout
  ASSERT_EQ(serverPaths.size(), 1u);
  EXPECT_EQ(serverPaths[0].from.port, oldPort);
  EXPECT_EQ(serverPaths[0].to.port, 5555);
  EXPECT_EQ(net.serverConnection().peer().port, 5555);
  EXPECT_EQ(net.serverConnection().stats().migrations, 1u);
  EXPECT_TRUE(net.clientEndpoint->connections().empty());
  EXPECT_EQ(moved.connections().size(), 1u);
  std::printf("Port migration at 300 ms: 2 MiB complete at %.3f s; %llu datagrams reached the old port\n",
              (d.done - SimTime::zero()).seconds(),
              static_cast<unsigned long long>(net.clientEndpoint->counters().unknownConnectionId));
}

TEST(QuicMigration, ClientMovesToAnotherNodeMidTransfer) {
  // wifi and cellular hosts of one client, both behind a router that reaches the server.
  sim::Simulation simulation(3, 0);
  sim::Network& net = simulation.network;
  const sim::NodeId wifi = net.addNode("wifi");
  const sim::NodeId cellular = net.addNode("cellular");
  const sim::NodeId router = net.addNode("router");
  const sim::NodeId server = net.addNode("server");
  net.connect(wifi, router, link(sim::Mbps(50), Milliseconds(2)));
  net.connect(cellular, router, link(sim::Mbps(20), Milliseconds(15)));
  net.connect(router, server, link(sim::Mbps(100), Milliseconds(10)));
  sim::computeShortestPathRoutes(net);
  udp::UdpStack wifiUdp(net, wifi), cellularUdp(net, cellular), serverUdp(net, server);
  QuicEndpoint serverEndpoint(serverUdp, 443);
  QuicEndpoint wifiEndpoint(wifiUdp);
  QuicEndpoint cellularEndpoint(cellularUdp);
  serveDownloads(serverEndpoint);
  Download d;
  QuicConnection& c = startDownload(wifiEndpoint, serverEndpoint.localEndpoint(), d, simulation.scheduler);
  simulation.scheduler.runUntil(SimTime::zero() + Milliseconds(200));
  ASSERT_GT(d.received, 0u);
  ASSERT_LT(d.received, kSize);
  c.migrate(cellularEndpoint);
  simulation.scheduler.runUntil(SimTime::zero() + sim::Seconds(20));

  EXPECT_TRUE(d.finished);
  EXPECT_EQ(d.received, kSize);
  ASSERT_EQ(serverEndpoint.connections().size(), 1u);
  const QuicConnection& s = *serverEndpoint.connections()[0];
  EXPECT_EQ(s.peer().node, cellular);
  EXPECT_EQ(s.stats().migrations, 1u);
  EXPECT_EQ(c.local().node, cellular);
  EXPECT_EQ(c.state(), ConnectionState::HandshakeConfirmed);
  std::printf(
      "Node migration wifi -> cellular at 200 ms: 2 MiB complete at %.3f s, %llu packets lost on the "
      "way\n",
      (d.done - SimTime::zero()).seconds(),
      static_cast<unsigned long long>(s.recoveryCounters().packetsLost));
}

}  // namespace
}  // namespace wirelab::models::transport::quic
