// The prefetch hints TCP segments carry (sim/core/prefetch.h): each segment names where its
// sender keeps its state, so that the segments back are hinted with it. A connection in an
// allocation cluster names its whole block (the application's objects beside it); one on the heap
// names itself. Hints change no result; these tests check only what they name.
#include <gtest/gtest.h>

#include <cstdint>

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
  client.onConnected = [&] { client.send(3000); };
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

}  // namespace
}  // namespace wirelab::models::transport::tcp
