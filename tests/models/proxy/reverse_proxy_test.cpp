// The reverse proxy between HTTP/1.1 clients and an origin, its upstream side an HTTP/1.1 pool or
// one HTTP/2 connection: closed forms at zero loss, and head-of-line blocking under upstream loss.
#include "models/proxy/reverse_proxy.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <functional>
#include <memory>
#include <utility>

#include "models/http/http1_client.h"
#include "models/http/http1_server.h"
#include "models/http/http2_server.h"
#include "sim/metrics/time_series.h"
#include "sim/net/network.h"

namespace wirelab::models::proxy {
namespace {

using namespace wirelab::sim;
using transport::tcp::TcpStack;

// client --(RTT 20 ms)-- proxy --(RTT 100 ms)-- origin, 1 Gbit/s unless given.
struct ProxiedWeb {
  ProxiedWeb(http::HttpClientConfig upstream, int clientConnections, LinkConfig upstreamLink,
             std::uint64_t seed = 1)
      : sim(seed, 0) {
    client = sim.network.addNode("client");
    proxyNode = sim.network.addNode("proxy");
    origin = sim.network.addNode("origin");
    LinkConfig down;
    down.rate = Gbps(1);
    down.delay = Milliseconds(10);
    sim.network.connect(client, proxyNode, down);
    sim.network.connect(proxyNode, origin, upstreamLink);
    const auto& links = sim.network.links();
    sim.network.node(client).setRoute(proxyNode, links[0].interfaceAtA);
    sim.network.node(proxyNode).setRoute(client, links[0].interfaceAtB);
    sim.network.node(proxyNode).setRoute(origin, links[1].interfaceAtA);
    sim.network.node(origin).setRoute(proxyNode, links[1].interfaceAtB);
    clientTcp = std::make_unique<TcpStack>(sim.network, client);
    proxyTcp = std::make_unique<TcpStack>(sim.network, proxyNode);
    originTcp = std::make_unique<TcpStack>(sim.network, origin);
    const bool h2 = upstream.version == http::HttpVersion::Http2;
    if (h2) {
      http::Http2ServerConfig sc;
      sc.port = 8080;
      sc.settings = upstream.http2.settings;
      originH2 = std::make_unique<http::Http2Server>(*originTcp, board, wires, sc);
    } else {
      http::Http1ServerConfig sc;
      sc.port = 8080;
      originH1 = std::make_unique<http::Http1Server>(*originTcp, board, sc);
    }
    ReverseProxyConfig pc;
    pc.port = 80;
    pc.upstream = {origin, 8080};
    pc.upstreamClient = upstream;
    proxy = std::make_unique<ReverseProxy>(*proxyTcp, board, wires, pc);
    http::Http1ClientConfig cc;
    cc.maxConnectionsPerOrigin = clientConnections;
    clients = std::make_unique<http::Http1Client>(*clientTcp, board, cc);
  }

  // n requests at once; returns each one's latency in ms, in issue order.
  std::vector<double> wave(int n, std::uint64_t responseBytes = 2000) {
    std::vector<double> ms(static_cast<std::size_t>(n), -1.0);
    for (int i = 0; i < n; ++i) {
      clients->request({{proxyNode, 80}, 400, responseBytes, "r"}, [&ms, i](const http::HttpWaterfall& w) {
        ms[static_cast<std::size_t>(i)] = (w.doneAt - w.queuedAt).milliseconds();
      });
    }
    sim.scheduler.run();
    return ms;
  }

  Simulation sim;
  NodeId client, proxyNode, origin;
  std::unique_ptr<TcpStack> clientTcp, proxyTcp, originTcp;
  http::MessageBoard board;
  http::Http2WireRegistry wires;
  std::unique_ptr<http::Http1Server> originH1;
  std::unique_ptr<http::Http2Server> originH2;
  std::unique_ptr<ReverseProxy> proxy;
  std::unique_ptr<http::Http1Client> clients;
};

LinkConfig upstreamLink(DataRate rate = Gbps(1), double loss = 0.0) {
  LinkConfig l;
  l.rate = rate;
  l.delay = Milliseconds(50);
  if (loss > 0) {
    l.loss.kind = LossSpec::Kind::Bernoulli;
    l.loss.probability = loss;
  }
  return l;
}

http::HttpClientConfig h1Pool(int connections) {
  http::HttpClientConfig c;
  c.version = http::HttpVersion::Http1;
  c.http1.maxConnectionsPerOrigin = connections;
  return c;
}

http::HttpClientConfig h2One() {
  http::HttpClientConfig c;
  c.version = http::HttpVersion::Http2;
  return c;
}

constexpr double kRttDown = 20.0, kRttUp = 100.0;

// Warm connections on both sides (a first wave opened them), then n = 12 requests at once:
//   H1 pool of k >= n, or one H2 connection: RTT_down + RTT_up for every request;
//   H1 pool of k < n: the last request takes RTT_down + ceil(n / k) RTT_up (queued for a connection).
// For HTTP/2 this holds while the n responses fit one congestion window of the single upstream
// connection (here 12 x 1 KB against 10 segments; with 2 KB each it takes a second round trip).
TEST(ReverseProxy, UpstreamModesMatchTheirClosedFormsAtZeroLoss) {
  const int n = 12;
  struct Case {
    const char* name;
    http::HttpClientConfig upstream;
    int rounds;
  };
  for (const Case& c : {Case{"h1 pool k=12", h1Pool(12), 1}, Case{"h1 pool k=4", h1Pool(4), 3},
                        Case{"h1 pool k=5", h1Pool(5), 3}, Case{"h2 one connection", h2One(), 1}}) {
    ProxiedWeb web(c.upstream, n, upstreamLink());
    web.wave(n, 1000);  // opens the connections
    const auto ms = web.wave(n, 1000);
    const double last = *std::max_element(ms.begin(), ms.end());
    const double first = *std::min_element(ms.begin(), ms.end());
    const double expected = kRttDown + c.rounds * kRttUp;
    std::printf(
        "VALIDATION proxy %s n=%d warm: first %.2f ms, last %.2f ms (closed form last %.0f ms), upstream "
        "connections %llu, downstream %zu\n",
        c.name, n, first, last, expected,
        static_cast<unsigned long long>(web.proxy->upstreamConnectionsOpened()),
        web.proxy->downstreamConnections());
    EXPECT_NEAR(last, expected, 0.01 * expected) << c.name;
    EXPECT_NEAR(first, kRttDown + kRttUp, 0.01 * (kRttDown + kRttUp)) << c.name;
    EXPECT_EQ(web.proxy->responsesReturned(), 2u * n);
    EXPECT_EQ(web.proxy->downstreamConnections(), static_cast<std::size_t>(n));
    const std::uint64_t upstreamConns =
        c.upstream.version == http::HttpVersion::Http2
            ? 1u
            : static_cast<std::uint64_t>(c.upstream.http1.maxConnectionsPerOrigin);
    EXPECT_EQ(web.proxy->upstreamConnectionsOpened(), upstreamConns) << c.name;
  }
}

// Cold start: each side's handshake once: 2 RTT_down + 2 RTT_up for the first request.
TEST(ReverseProxy, ColdRequestPaysBothHandshakes) {
  ProxiedWeb web(h1Pool(4), 1, upstreamLink());
  TimeSeries up, down;
  web.proxy->upstreamConnectionsChanged.connect([&](SimTime t, int v) { up.append(t, v); });
  web.proxy->downstreamConnectionsChanged.connect(
      [&](SimTime t, std::size_t v) { down.append(t, static_cast<double>(v)); });
  const auto ms = web.wave(1);
  EXPECT_NEAR(ms[0], 2 * kRttDown + 2 * kRttUp, 1.0);
  ASSERT_FALSE(up.empty());
  ASSERT_FALSE(down.empty());
  EXPECT_EQ(up.samples().back().value, 1.0);
  EXPECT_EQ(down.samples().back().value, 1.0);
  ASSERT_EQ(web.proxy->records().size(), 1u);
  EXPECT_NEAR((web.proxy->records()[0].doneAt - web.proxy->records()[0].forwardedAt).milliseconds(),
              2 * kRttUp, 1.0);
}

TEST(ReverseProxy, RejectsBadConfigurationByName) {
  ReverseProxyConfig c;
  c.upstream = {0, 8080};
  c.upstreamClient = h2One();
  c.upstreamClient.http1.pipelining = true;
  try {
    c.validate();
    FAIL() << "accepted pipelining on an h2 upstream";
  } catch (const std::invalid_argument& e) {
    EXPECT_NE(std::string(e.what()).find("pipelining"), std::string::npos) << e.what();
  }
  c.upstreamClient = h1Pool(0);
  try {
    c.validate();
    FAIL() << "accepted an empty pool";
  } catch (const std::invalid_argument& e) {
    EXPECT_NE(std::string(e.what()).find("maxConnectionsPerOrigin"), std::string::npos) << e.what();
  }
  c = ReverseProxyConfig{};
  EXPECT_THROW(c.validate(), std::invalid_argument);  // no upstream
}

// Upstream loss (2% each way, 100 Mbit/s, RTT 100 ms): 20 clients each ask 25 responses in turn.
// Over one HTTP/2 connection a lost segment holds every stream behind it in TCP's in-order
// delivery; over 20 HTTP/1.1 connections only that connection's response waits. Small responses
// (2 KB) isolate that head-of-line effect; large ones (30 KB) add the other cost of one
// connection: one congestion window, halved for all streams at each loss, against 20 windows.
// Mean of 5 seeds; a request counts as delayed when it took more than one upstream RTT longer
// than the loss-free RTT_down + RTT_up.
struct LossOutcome {
  double meanMs = 0, p95Ms = 0, seconds = 0, delayedFraction = 0;
};

LossOutcome underLoss(const http::HttpClientConfig& upstream, std::uint64_t responseBytes,
                      std::uint64_t seed) {
  const int clients = 20, perClient = 25;
  ProxiedWeb web(upstream, clients, upstreamLink(Mbps(100), 0.02), seed);
  std::vector<double> ms;
  std::vector<int> left(static_cast<std::size_t>(clients), perClient);
  std::function<void(int)> ask = [&](int who) {
    if (left[static_cast<std::size_t>(who)]-- == 0) return;
    web.clients->request({{web.proxyNode, 80}, 400, responseBytes, "r"},
                         [&, who](const http::HttpWaterfall& w) {
                           ms.push_back((w.doneAt - w.queuedAt).milliseconds());
                           ask(who);
                         });
  };
  for (int i = 0; i < clients; ++i) ask(i);
  web.sim.scheduler.run();
  EXPECT_EQ(ms.size(), static_cast<std::size_t>(clients * perClient));
  LossOutcome o;
  const auto n = static_cast<double>(ms.size());
  for (double m : ms) {
    o.meanMs += m / n;
    o.delayedFraction += (m > kRttDown + 2 * kRttUp) ? 1.0 / n : 0.0;
  }
  std::sort(ms.begin(), ms.end());
  o.p95Ms = ms[ms.size() * 95 / 100];
  for (const ProxyRecord& r : web.proxy->records()) o.seconds = std::max(o.seconds, r.doneAt.seconds());
  return o;
}

TEST(ReverseProxy, UpstreamLossShowsHttp2HeadOfLineBlocking) {
  for (const std::uint64_t bytes : {2'000u, 30'000u}) {
    LossOutcome h1, h2;
    const int seeds = 5;
    for (std::uint64_t seed = 1; seed <= seeds; ++seed) {
      const LossOutcome a = underLoss(h1Pool(20), bytes, seed), b = underLoss(h2One(), bytes, seed);
      for (auto [sum, one] : {std::pair{&h1, a}, std::pair{&h2, b}}) {
        sum->meanMs += one.meanMs / seeds;
        sum->p95Ms += one.p95Ms / seeds;
        sum->seconds += one.seconds / seeds;
        sum->delayedFraction += one.delayedFraction / seeds;
      }
    }
    std::printf(
        "VALIDATION proxy upstream loss 2%% %llu-byte responses: h1 pool x20 mean %.1f ms p95 %.1f ms, "
        "%.1f%% delayed, all done %.2f s | h2 x1 mean %.1f ms p95 %.1f ms, %.1f%% delayed, all done "
        "%.2f s (500 requests, 5 seeds)\n",
        static_cast<unsigned long long>(bytes), h1.meanMs, h1.p95Ms, 100 * h1.delayedFraction, h1.seconds,
        h2.meanMs, h2.p95Ms, 100 * h2.delayedFraction, h2.seconds);
    // One connection shares each loss among the streams in flight: more requests are delayed.
    EXPECT_GT(h2.delayedFraction, h1.delayedFraction) << bytes << " bytes";
    EXPECT_GT(h2.meanMs, h1.meanMs) << bytes << " bytes";
  }
}

}  // namespace
}  // namespace wirelab::models::proxy
