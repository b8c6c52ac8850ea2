// The HTTP client and server pair of the workload experiments: each version answers a request at
// its server's port, symmetricHttpConfig configures both ends alike, and HTTP/3 (not over TCP) is
// refused naming the parameter.
#include "models/workload/http_client_server.h"

#include <gtest/gtest.h>

#include <memory>
#include <stdexcept>
#include <string>

#include "models/workload/two_node_path.h"
#include "sim/net/network.h"

namespace wirelab::models::workload {
namespace {

struct Stacks {
  Stacks() : s(1, 0) {
    const TwoNodePath path =
        buildTwoNodePath(s.network, {.rate = sim::Mbps(10), .rtt = sim::Milliseconds(20)});
    client = std::make_unique<transport::tcp::TcpStack>(s.network, path.client);
    server = std::make_unique<transport::tcp::TcpStack>(s.network, path.server);
  }
  sim::Simulation s;
  std::unique_ptr<transport::tcp::TcpStack> client, server;
};

TEST(HttpClientServer, EachVersionAnswersARequestAtItsServersPort) {
  for (const HttpVersion v : {HttpVersion::Http1, HttpVersion::Http2}) {
    Stacks stacks;
    HttpClientServerConfig config;
    config.version = v;
    config.http1Server.port = 8080;
    config.http2Server.port = 8443;
    auto pair = std::make_unique<HttpClientServer>(*stacks.client, *stacks.server, config);
    EXPECT_EQ(pair->origin().node, stacks.server->node()) << toString(v);
    EXPECT_EQ(pair->origin().port, v == HttpVersion::Http1 ? 8080 : 8443) << toString(v);
    bool done = false;
    pair->request(http::HttpRequestSpec{pair->origin(), 400, 20'000, "x"},
                  [&done](const http::HttpWaterfall& w) { done = w.status == 200; });
    stacks.s.scheduler.runUntil(sim::SimTime::zero() + sim::Seconds(5));
    EXPECT_TRUE(done) << toString(v);
    pair.reset();  // before the stacks it runs on
  }
}

TEST(HttpClientServer, SymmetricConfigurationIsTheSameAtBothEnds) {
  transport::tcp::TcpConfig tcp;
  tcp.initialWindowSegments = 4;
  const HttpClientServerConfig c = symmetricHttpConfig(HttpVersion::Http2, tcp, 1'000'000);
  EXPECT_EQ(c.version, HttpVersion::Http2);
  EXPECT_EQ(c.http1Server.tcp, tcp);
  EXPECT_EQ(c.http1Client.tcp, tcp);
  EXPECT_EQ(c.http2Server.tcp, tcp);
  EXPECT_EQ(c.http2Client.tcp, tcp);
  for (const http::Http2Settings& s : {c.http2Server.settings, c.http2Client.settings}) {
    EXPECT_EQ(s.initialStreamWindow, 1'000'000u);
    EXPECT_EQ(s.initialConnectionWindow, 1'000'000u);
  }
}

TEST(HttpClientServer, Http3IsRefusedNamingTheParameter) {
  Stacks stacks;
  HttpClientServerConfig config;
  config.version = HttpVersion::Http3;
  try {
    HttpClientServer pair(*stacks.client, *stacks.server, config);
    FAIL() << "HTTP/3 was accepted";
  } catch (const std::invalid_argument& e) {
    EXPECT_NE(std::string(e.what()).find("http_client_server.version"), std::string::npos) << e.what();
  }
}

}  // namespace
}  // namespace wirelab::models::workload
