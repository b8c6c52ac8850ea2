// HTTP/3 over the QUIC-like transport, checked against closed forms at zero loss, and the order
// in which the server sends concurrent responses (RFC 9218).
#include "models/http/http3.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <cstdio>
#include <memory>
#include <vector>

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

// Six 30 KB responses requested at once over 10 Mbit/s (24 ms of serialisation each, RTT 100 ms).
// Returns each request's time to its last byte, in request order.
std::vector<double> responseTimesMs(bool incremental) {
  LinkConfig link;
  link.rate = Mbps(10);
  link.delay = Milliseconds(50);
  Web3 w(link);
  w.server->setIncrementalResponses(incremental);
  std::vector<double> done(6, 0.0);
  for (std::size_t i = 0; i < done.size(); ++i) {
    w.client->request({w.origin(), 400, 30'000, "o"}, [&done, i](const HttpWaterfall& r) {
      done[i] = (r.doneAt - r.queuedAt).seconds() * 1e3;
    });
  }
  w.net.sim.scheduler.run();
  return done;
}

TEST(Http3, ResponsesGoOneAtATimeInRequestOrderUnlessIncremental) {
  // RFC 9218's default (non-incremental, section 4.2): one response at a time, in ascending stream
  // ID (section 10), so they end in request order, spread over the transfer (410 to 580 ms here:
  // slow start's rounds, then the link's 24 ms per body).
  const std::vector<double> sequential = responseTimesMs(false);
  for (std::size_t i = 1; i < sequential.size(); ++i) {
    EXPECT_GT(sequential[i] - sequential[i - 1], 10.0) << i;
  }
  // Incremental responses take turns packet by packet and all end in the transfer's last packets
  // (569 to 580 ms).
  const std::vector<double> shared = responseTimesMs(true);
  const auto [first, last] = std::minmax_element(shared.begin(), shared.end());
  EXPECT_LT(*last - *first, 15.0);
  // The same bytes either way: the last response ends at the same time; the first 150 ms sooner
  // when they go one at a time.
  EXPECT_NEAR(sequential.back(), *last, 1.0);
  EXPECT_LT(sequential.front(), *first - 100.0);
}

TEST(Http3, RejectsABadQpackRatio) {
  transport::quic::testing::QuicPair net(gigabit());
  MessageBoard board;
  EXPECT_THROW(Http3Client(*net.clientEndpoint, net.sim.scheduler, board, QpackModel{0.0}),
               std::invalid_argument);
}

}  // namespace
}  // namespace wirelab::models::http
