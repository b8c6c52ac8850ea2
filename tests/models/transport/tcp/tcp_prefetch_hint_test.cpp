// The prefetch hints TCP segments carry (sim/core/prefetch.h): each segment names where its
// sender keeps its state, so that the segments back are hinted with it. A connection in an
// allocation cluster names its whole block (the application's objects beside it); one on the heap
// names itself; a pure ACK does not name the application's region, which it does not reach. Hints
// change no result; these tests check only what they name.
#include <gtest/gtest.h>

#include <cstdint>
#include <vector>

#include "models/transport/tcp/tcp_connection.h"
#include "models/transport/tcp/tcp_stack.h"
#include "sim/core/allocation_cluster.h"
#include "tests/models/transport/tcp/tcp_fixture.h"
#include "tests/support/address.h"

namespace wirelab::models::transport::tcp {
namespace {

using testing::link;
using testing::TcpPair;
using wirelab::testing::address;
using namespace wirelab::sim;

TEST(TcpPrefetchHints, SegmentsNameTheSendersClusterBlockOrTheSenderItself) {
  TcpPair t(link(Mbps(10), Milliseconds(5)));
  const std::size_t blockBytes = TcpConnection::clusterBytes(TcpConfig{}) + 1024;  // room for the application
  TcpConnection* accepted = nullptr;
  t.serverStack->listen(
      80, TcpConfig{}, [&](TcpConnection& c) { accepted = &c; }, blockBytes);
  TcpConnection& client = t.clientStack->connect({t.server, 80}, TcpConfig{});  // on the heap
  client.callbacks().onConnected = [&] { client.send(3000); };
  t.sim.scheduler.runUntil(SimTime::zero() + Seconds(1));
  ASSERT_NE(accepted, nullptr);
  ASSERT_TRUE(AllocationCluster::inBlock(accepted));
  ASSERT_FALSE(AllocationCluster::inBlock(&client));

  // The client, on the heap, is named as itself.
  EXPECT_EQ(client.statePrefetch().address(), &client);
  EXPECT_EQ(accepted->peerPrefetch()[0].address(), &client);
  EXPECT_EQ(accepted->peerPrefetch()[0].lines(), PrefetchTarget(&client, sizeof(TcpConnection)).lines());

  // The accepted connection names its block: from before the connection to past the block's end.
  const PrefetchTarget named = client.peerPrefetch()[0];
  EXPECT_EQ(named.address(), accepted->statePrefetch().address());
  EXPECT_LT(address(named.address()), address(accepted));
  EXPECT_GE(address(named.address()) + named.lines() * PrefetchTarget::kLineBytes,
            address(accepted) + sizeof(TcpConnection));
  EXPECT_GE(named.lines() * PrefetchTarget::kLineBytes, blockBytes);
}

TEST(TcpPrefetchHints, AnApplicationRegionInsideTheBlockIsNotNamedTwice) {
  TcpPair t(link(Mbps(10), Milliseconds(5)));
  TcpConnection* accepted = nullptr;
  t.serverStack->listen(
      80, TcpConfig{}, [&](TcpConnection& c) { accepted = &c; },
      TcpConnection::clusterBytes(TcpConfig{}) + 1024);
  TcpConnection& client = t.clientStack->connect({t.server, 80}, TcpConfig{});
  t.sim.scheduler.runUntil(SimTime::zero() + Seconds(1));
  ASSERT_NE(accepted, nullptr);
  ASSERT_TRUE(AllocationCluster::inBlock(accepted));
  const auto* blockStart = static_cast<const char*>(accepted->statePrefetch().address());
  // Inside the block (as a client's wire is): the block's hint loads it already.
  accepted->setApplicationPrefetch(PrefetchTarget(blockStart + 64, 128));
  EXPECT_TRUE(accepted->applicationPrefetch().empty());
  // Elsewhere (as a server's view of the client's wire): named.
  static char elsewhere[256];
  accepted->setApplicationPrefetch(PrefetchTarget(elsewhere, sizeof(elsewhere)));
  EXPECT_EQ(accepted->applicationPrefetch().address(), elsewhere);
  // A connection on the heap names only itself, so any other region is named.
  client.setApplicationPrefetch(PrefetchTarget(blockStart + 64, 128));
  EXPECT_FALSE(client.applicationPrefetch().empty());
}

TEST(TcpPrefetchHints, OnlySegmentsThatReachTheApplicationNameItsRegion) {
  TcpPair t(link(Mbps(10), Milliseconds(5)));
  static char serverApplication[256];  // as a server's view of a client's wire, outside its block
  TcpConnection* accepted = nullptr;
  t.serverStack->listen(
      80, TcpConfig{},
      [&](TcpConnection& c) {
        accepted = &c;
        c.setApplicationPrefetch(PrefetchTarget(serverApplication, sizeof(serverApplication)));
        c.callbacks().onData = [&c](std::uint64_t) { c.send(20000); };  // answer each request
      },
      TcpConnection::clusterBytes(TcpConfig{}) + 1024);
  TcpConnection& client = t.clientStack->connect({t.server, 80}, TcpConfig{});
  // Two requests, the second once the first's answer is in: by then the server's segments have
  // told the client where its application's region is (its SYN-ACK came before the accept).
  client.callbacks().onConnected = [&] { client.send(500); };
  client.callbacks().onData = [&](std::uint64_t) {
    if (client.counters().bytesDelivered == 20000) client.send(500);
  };
  std::vector<const void*> requestsNamed;
  int pureAcks = 0;
  t.sim.network.node(t.client).interface(0).transmitted.connect([&](const Packet& p, SimTime) {
    const TcpHeader& h = p.header<TcpHeader>();
    if (h.has(TcpHeader::kSyn) || h.has(TcpHeader::kFin)) return;
    if (p.payloadBytes > 0) {
      requestsNamed.push_back(p.arrivalPrefetch[1].address());
    } else {
      ++pureAcks;
      EXPECT_TRUE(p.arrivalPrefetch[1].empty());
      EXPECT_FALSE(p.arrivalPrefetch[0].empty());  // the server's connection is still named
    }
  });
  t.sim.scheduler.runUntil(SimTime::zero() + Seconds(2));
  ASSERT_NE(accepted, nullptr);
  EXPECT_EQ(accepted->counters().bytesDelivered, 1000u);
  EXPECT_EQ(client.counters().bytesDelivered, 40000u);
  ASSERT_EQ(requestsNamed.size(), 2u);
  EXPECT_EQ(requestsNamed[1], serverApplication);
  EXPECT_GE(pureAcks, 10);  // the answers' 28 segments, every second one acknowledged
}

}  // namespace
}  // namespace wirelab::models::transport::tcp
