// The request-handler seam: the same concurrency model behind the HTTP/1.1, HTTP/2 and HTTP/3
// servers, its queueing visible in the clients' latency, built by name from parameters.
#include <gtest/gtest.h>

#include <cstdio>
#include <memory>

#include "models/http/http1_client.h"
#include "models/http/http1_server.h"
#include "models/http/http2_client.h"
#include "models/http/http2_server.h"
#include "models/http/http3.h"
#include "models/server/concurrency_factory.h"
#include "tests/models/transport/quic/quic_test_support.h"
#include "tests/models/transport/tcp/tcp_fixture.h"

namespace wirelab::models::server {
namespace {

using namespace wirelab::sim;

// RTT 100 ms, 1 Gbit/s. A worker pool of 2 workers, 50 ms of CPU per request; 6 requests at once
// over 6 connections (HTTP/1.1) or 6 streams (HTTP/2, HTTP/3) reach the server together after the
// handshake: served in 3 waves of 2, so the responses come 50, 100, 150 ms after the first would
// without queueing.
ConcurrencyConfig twoWorkers() {
  ConcurrencyConfig c;
  c.kind = ConcurrencyKind::WorkerPool;
  c.workerPool.workers = 2;
  c.service.profile.cpuMs = Constant(50.0);
  return c;
}

std::vector<double> sortedDoneMs(const std::vector<http::HttpWaterfall>& done) {
  std::vector<double> ms;
  for (const auto& w : done) ms.push_back((w.doneAt - w.queuedAt).milliseconds());
  std::sort(ms.begin(), ms.end());
  return ms;
}

void expectWaves(const std::vector<double>& ms, double base) {
  ASSERT_EQ(ms.size(), 6u);
  for (std::size_t i = 0; i < 6; ++i) {
    EXPECT_NEAR(ms[i], base + 50.0 * static_cast<double>(i / 2 + 1), 1.0) << "request " << i;
  }
}

TEST(ServerSeam, WorkerPoolBehindHttp1QueuesInWaves) {
  transport::tcp::testing::TcpPair net(transport::tcp::testing::link(Gbps(1), Milliseconds(50)));
  http::MessageBoard board;
  http::Http1Server server(*net.serverStack, board, http::Http1ServerConfig{});
  auto model = makeConcurrencyModel(net.sim.scheduler, net.sim.random, "h1", twoWorkers());
  server.setHandler(*model);
  http::Http1Client client(*net.clientStack, board, http::Http1ClientConfig{});
  std::vector<http::HttpWaterfall> done;
  for (int i = 0; i < 6; ++i) {
    client.request({{net.server, 80}, 400, 2000, "api"},
                   [&](const http::HttpWaterfall& w) { done.push_back(w); });
  }
  net.sim.scheduler.run();
  const auto ms = sortedDoneMs(done);
  std::printf(
      "VALIDATION server-seam h1 2 workers x 50 ms, 6 requests: %.1f %.1f %.1f %.1f %.1f %.1f ms "
      "(closed form 250 250 300 300 350 350)\n",
      ms[0], ms[1], ms[2], ms[3], ms[4], ms[5]);
  expectWaves(ms, 200.0);  // connect + request/response
  EXPECT_EQ(model->stats().handled, 6u);
  int queued = 0;
  for (const auto& r : model->records()) queued += r.waitCause == "queued: 2 workers busy";
  EXPECT_EQ(queued, 4);
}

TEST(ServerSeam, WorkerPoolBehindHttp2QueuesInWaves) {
  transport::tcp::testing::TcpPair net(transport::tcp::testing::link(Gbps(1), Milliseconds(50)));
  http::MessageBoard board;
  http::Http2WireRegistry wires;
  http::Http2Server server(*net.serverStack, board, wires, http::Http2ServerConfig{});
  auto model = makeConcurrencyModel(net.sim.scheduler, net.sim.random, "h2", twoWorkers());
  server.setHandler(*model);
  http::Http2Client client(*net.clientStack, board, wires, http::Http2ClientConfig{});
  std::vector<http::HttpWaterfall> done;
  for (int i = 0; i < 6; ++i) {
    client.request({{net.server, 443}, 400, 2000, "api"},
                   [&](const http::HttpWaterfall& w) { done.push_back(w); });
  }
  net.sim.scheduler.run();
  expectWaves(sortedDoneMs(done), 200.0);
  EXPECT_EQ(server.requestsHandled(), 6u);
}

TEST(ServerSeam, WorkerPoolBehindHttp3QueuesInWaves) {
  LinkConfig link;
  link.rate = Gbps(1);
  link.delay = Milliseconds(50);
  transport::quic::testing::QuicPair net(link);
  http::MessageBoard board;
  http::Http3Server server(*net.serverEndpoint, net.sim.scheduler, net.sim.random, board);
  auto model = makeConcurrencyModel(net.sim.scheduler, net.sim.random, "h3", twoWorkers());
  server.setHandler(*model);
  http::Http3Client client(*net.clientEndpoint, net.sim.scheduler, board);
  std::vector<http::HttpWaterfall> done;
  for (int i = 0; i < 6; ++i) {
    client.request({net.serverEndpoint->localEndpoint(), 400, 2000, "api"},
                   [&](const http::HttpWaterfall& w) { done.push_back(w); });
  }
  net.sim.scheduler.run();
  expectWaves(sortedDoneMs(done), 200.0);  // the QUIC+TLS handshake is 1 RTT
}

TEST(ServerSeam, FactoryBuildsEachKindByName) {
  Simulation sim(1, 0);
  for (const char* name : {"worker-pool", "thread-per-request", "event-loop"}) {
    const auto kind = parseConcurrencyKind(name);
    ASSERT_TRUE(kind.has_value()) << name;
    ConcurrencyConfig c;
    c.kind = *kind;
    auto model = makeConcurrencyModel(sim.scheduler, sim.random, name, c);
    EXPECT_FALSE(model->describe().empty());
    EXPECT_STREQ(toString(*kind), name);
  }
  EXPECT_FALSE(parseConcurrencyKind("fork-per-request").has_value());
  ConcurrencyConfig bad;
  bad.workerPool.workers = -1;
  try {
    bad.validate();
    FAIL() << "accepted -1 workers";
  } catch (const std::invalid_argument& e) {
    EXPECT_NE(std::string(e.what()).find("worker_pool.workers"), std::string::npos);
  }
}

// Per-label service profiles: "search" costs 100 ms, everything else 0; one worker.
TEST(ServerSeam, ServiceProfilesByRequestLabel) {
  Simulation sim(1, 0);
  ServiceConfig service;
  service.byLabel["search"].cpuMs = Constant(100.0);
  WorkerPool pool(sim.scheduler, sim.random, "p", WorkerPoolConfig{1, std::nullopt}, service);
  http::ServerRequest search, home;
  search.message = http::MessageDescriptor{400, 1000, "search"};
  home.message = http::MessageDescriptor{400, 1000, "home"};
  pool.handle(search, [](const http::ServerResponse&) {});
  pool.handle(home, [](const http::ServerResponse&) {});
  sim.scheduler.run();
  ASSERT_EQ(pool.records().size(), 2u);
  EXPECT_NEAR(pool.records()[0].response().milliseconds(), 100.0, 1e-9);
  EXPECT_NEAR(pool.records()[1].response().milliseconds(), 100.0, 1e-9);  // waited behind search
  EXPECT_EQ(pool.records()[1].demand.cpu, Duration::zero());
}

}  // namespace
}  // namespace wirelab::models::server
