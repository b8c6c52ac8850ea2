// HTTP/1.1 with a browser-like 6-connection pool, checked against closed forms at zero loss.
#include <gtest/gtest.h>

#include <cmath>
#include <cstdio>
#include <memory>

#include "models/http/http1_client.h"
#include "models/http/http1_server.h"
#include "models/workload/page_load.h"
#include "tests/models/transport/tcp/tcp_fixture.h"

namespace wirelab::models::http {
namespace {

using namespace wirelab::sim;

// Client and server 50 ms apart (RTT 100 ms) on a 1 Gbit/s link: serialisation of a 1500-byte
// packet is 12 us, 0.012% of an RTT.
struct Web {
  explicit Web(Http1ServerConfig serverConfig = {})
      : net(transport::tcp::testing::link(Gbps(1), Milliseconds(50))) {
    server = std::make_unique<Http1Server>(*net.serverStack, board, serverConfig);
    client = std::make_unique<Http1Client>(*net.clientStack, board, Http1ClientConfig{});
  }
  transport::Endpoint origin() const { return {net.server, 80}; }
  transport::tcp::testing::TcpPair net;
  MessageBoard board;
  std::unique_ptr<Http1Server> server;
  std::unique_ptr<Http1Client> client;
};

double rtts(Duration d) { return d.seconds() / 0.1; }

TEST(Http1, OneRequestOnANewConnectionTakesTwoRoundTrips) {
  Web w;
  HttpWaterfall got;
  w.client->request({w.origin(), 400, 2000, "a"}, [&](const HttpWaterfall& r) { got = r; });
  w.net.sim.scheduler.run();
  EXPECT_NEAR(rtts(got.doneAt - got.queuedAt), 2.0, 0.002);  // connect, then request/response
  EXPECT_NEAR(rtts(got.sentAt - got.queuedAt), 1.0, 0.002);
  EXPECT_TRUE(got.newConnection);
  EXPECT_EQ(got.connection, 0);
  EXPECT_EQ(w.server->requestsHandled(), 1u);
}

TEST(Http1, AtMostSixConnectionsPerOriginAndTheRestQueue) {
  Web w;
  int maxOpen = 0;
  std::vector<HttpWaterfall> done;
  for (int i = 0; i < 20; ++i) {
    w.client->request({w.origin(), 400, 1000, "r"}, [&](const HttpWaterfall& r) {
      done.push_back(r);
      maxOpen = std::max(maxOpen, w.client->openConnections());
    });
  }
  EXPECT_EQ(w.client->openConnections(), 6);
  EXPECT_EQ(w.client->queued(), 20u);  // six wait for their connections' handshakes, 14 for a free one
  w.net.sim.scheduler.run();
  ASSERT_EQ(done.size(), 20u);
  EXPECT_EQ(maxOpen, 6);
  int queuedWithCause = 0;
  for (const HttpWaterfall& r : done) {
    EXPECT_GE(r.connection, 0);
    EXPECT_LT(r.connection, 6);
    if (r.waitCause == "queued: 6 connections busy") ++queuedWithCause;
  }
  EXPECT_EQ(queuedWithCause, 14);
  // 6 requests per round after the 1-RTT connection set-up: ceil(20/6) = 4 rounds.
  double last = 0;
  for (const HttpWaterfall& r : done) last = std::max(last, rtts(r.doneAt - r.queuedAt));
  EXPECT_NEAR(last, 1.0 + 4.0, 0.01);
}

// Page load: base document on a new connection (1 RTT connect + 1 RTT), then N objects requested
// at once: the first reuses the base document's connection at once, while 5 more connections are
// opened (1 RTT) for the next ones; after that, 6 objects per round trip. Closed form:
//   T(N) = 3 RTT + ceil((N - 1) / 6) RTT          (N >= 1; serialisation is < 0.1%)
TEST(Http1, PageLoadTimeMatchesTheSixConnectionClosedForm) {
  for (const int n : {1, 6, 7, 12, 13, 30, 60}) {
    Web w;
    workload::PageSpec page{
        w.origin(), 400, 8000, std::vector<std::uint64_t>(static_cast<std::size_t>(n), 1000), {}};
    Duration loaded;
    workload::PageLoad load(workload::PageLoad::through(*w.client), w.net.sim.scheduler, page,
                            [&](Duration d) { loaded = d; });
    w.net.sim.scheduler.run();
    const double expected = 3.0 + std::ceil((n - 1) / 6.0);
    std::printf("VALIDATION http1-page N=%d load=%.4f RTT closed_form=%.1f RTT\n", n, rtts(loaded), expected);
    EXPECT_NEAR(rtts(loaded), expected, 0.02 * expected) << "N=" << n;  // issue: within 2%
  }
}

TEST(Http1, ServerThinkTimeAddsToEveryRequest) {
  Http1ServerConfig cfg;
  cfg.thinkTimeMs = Constant(50.0);
  Web w(cfg);
  HttpWaterfall got;
  w.client->request({w.origin(), 400, 2000, "a"}, [&](const HttpWaterfall& r) { got = r; });
  w.net.sim.scheduler.run();
  EXPECT_NEAR((got.doneAt - got.queuedAt).milliseconds(), 200.0 + 50.0, 0.5);
  EXPECT_NEAR((got.firstByteAt - got.sentAt).milliseconds(), 100.0 + 50.0, 0.5);
}

TEST(Http1, RejectsUnusableLimits) {
  Web w;
  Http1ClientConfig bad;
  bad.maxConnectionsPerOrigin = 0;
  EXPECT_THROW(Http1Client(*w.net.clientStack, w.board, bad), std::invalid_argument);
}

}  // namespace
}  // namespace wirelab::models::http
