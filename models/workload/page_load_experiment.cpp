// File: models/workload/page_load_experiment.cpp
#include "models/workload/page_load_experiment.h"

#include <memory>
#include <set>

#include "models/http/http1_client.h"
#include "models/http/http1_server.h"
#include "models/http/http2_client.h"
#include "models/http/http2_server.h"
#include "models/http/http3.h"
#include "models/transport/quic/quic_endpoint.h"
#include "models/transport/tcp/tcp_stack.h"
#include "models/transport/udp/udp_stack.h"
#include "models/workload/page_load.h"
#include "models/workload/two_node_path.h"
#include "sim/net/network.h"

namespace wirelab::models::workload {

const char* toString(HttpVersion v) {
  switch (v) {
    case HttpVersion::Http1:
      return "HTTP/1.1 x 6";
    case HttpVersion::Http2:
      return "HTTP/2";
    case HttpVersion::Http3:
      return "HTTP/3";
  }
  return "?";
}

double runPageLoadExperiment(const PageLoadExperiment& e) {
  sim::Simulation s(e.seed, 0);
  const TwoNodePath path = buildTwoNodePath(
      s.network, {.rate = e.rate, .rtt = e.rtt, .lossRate = e.lossRate, .queuePackets = 1000});
  const sim::NodeId client = path.client, server = path.server;

  double loadTime = -1;
  PageSpec page;
  page.baseDocumentBytes = e.baseDocumentBytes;
  page.objectBytes = e.objectBytes;
  const auto onLoaded = [&loadTime](sim::Duration d) { loadTime = d.seconds(); };
  http::MessageBoard board;
  // Transport stacks outlive the page and the clients that use them; all go before the simulation.
  std::unique_ptr<transport::tcp::TcpStack> clientTcp, serverTcp;
  std::unique_ptr<transport::udp::UdpStack> clientUdp, serverUdp;
  std::unique_ptr<transport::quic::QuicEndpoint> clientQuic, serverQuic;
  http::Http2WireRegistry wires;
  std::unique_ptr<http::Http1Server> h1server;
  std::unique_ptr<http::Http1Client> h1client;
  std::unique_ptr<http::Http2Server> h2server;
  std::unique_ptr<http::Http2Client> h2client;
  std::unique_ptr<http::Http3Server> h3server;
  std::unique_ptr<http::Http3Client> h3client;
  std::unique_ptr<PageLoad> load;
  switch (e.version) {
    case HttpVersion::Http1:
      clientTcp = std::make_unique<transport::tcp::TcpStack>(s.network, client);
      serverTcp = std::make_unique<transport::tcp::TcpStack>(s.network, server);
      h1server = std::make_unique<http::Http1Server>(*serverTcp, board, http::Http1ServerConfig{});
      h1client = std::make_unique<http::Http1Client>(*clientTcp, board, http::Http1ClientConfig{});
      page.origin = {server, 80};
      load = std::make_unique<PageLoad>(PageLoad::through(*h1client), s.scheduler, page, onLoaded);
      break;
    case HttpVersion::Http2:
      clientTcp = std::make_unique<transport::tcp::TcpStack>(s.network, client);
      serverTcp = std::make_unique<transport::tcp::TcpStack>(s.network, server);
      {
        // Chrome's windows (6 MB per stream, 15 MB per connection), not RFC 9113's 64 KB defaults,
        // which would throttle a whole page to 64 KB per round trip.
        http::Http2Settings browser;
        browser.initialStreamWindow = 6 * 1024 * 1024;
        browser.initialConnectionWindow = 15 * 1024 * 1024;
        http::Http2ServerConfig sc;
        sc.settings = browser;
        http::Http2ClientConfig cc;
        cc.settings = browser;
        h2server = std::make_unique<http::Http2Server>(*serverTcp, board, wires, sc);
        h2client = std::make_unique<http::Http2Client>(*clientTcp, board, wires, cc);
      }
      page.origin = {server, 443};
      load = std::make_unique<PageLoad>(PageLoad::through(*h2client), s.scheduler, page, onLoaded);
      break;
    case HttpVersion::Http3:
      clientUdp = std::make_unique<transport::udp::UdpStack>(s.network, client);
      serverUdp = std::make_unique<transport::udp::UdpStack>(s.network, server);
      serverQuic = std::make_unique<transport::quic::QuicEndpoint>(*serverUdp, 443);
      clientQuic = std::make_unique<transport::quic::QuicEndpoint>(*clientUdp, 0);
      h3server = std::make_unique<http::Http3Server>(*serverQuic, s.scheduler, s.random, board);
      h3client = std::make_unique<http::Http3Client>(*clientQuic, s.scheduler, board);
      page.origin = serverQuic->localEndpoint();
      load = std::make_unique<PageLoad>(PageLoad::through(*h3client), s.scheduler, page, onLoaded);
      break;
  }
  // Stop at the page load (connections stay open: their timers would run on to the limit).
  s.scheduler.schedule(sim::Duration::zero(), [] {});
  while (loadTime < 0 && s.scheduler.now() < sim::SimTime::zero() + e.timeLimit &&
         s.scheduler.pendingCount() > 0) {
    s.scheduler.runUntil(s.scheduler.now() + sim::Milliseconds(100));
  }
  load.reset();
  h3client.reset();
  h3server.reset();
  h2client.reset();
  h2server.reset();
  h1client.reset();
  h1server.reset();
  clientQuic.reset();
  serverQuic.reset();
  clientTcp.reset();
  serverTcp.reset();
  return loadTime;
}

std::vector<PageLoadPoint> runPageLoadSweep(const PageLoadExperiment& base,
                                            const std::vector<double>& lossRates, std::uint64_t seeds) {
  std::vector<PageLoadPoint> points;
  for (const double loss : lossRates) {
    for (const HttpVersion v : {HttpVersion::Http1, HttpVersion::Http2, HttpVersion::Http3}) {
      PageLoadPoint point;
      point.version = v;
      point.lossRate = loss;
      for (std::uint64_t seed = 1; seed <= seeds; ++seed) {
        PageLoadExperiment e = base;
        e.version = v;
        e.lossRate = loss;
        e.seed = seed;
        const double t = runPageLoadExperiment(e);
        if (t < 0) {
          ++point.failures;
        } else {
          point.seconds.add(t);
        }
      }
      points.push_back(point);
    }
  }
  return points;
}

BulkDownloadResult runBulkDownload(const BulkDownloadExperiment& e) {
  sim::Simulation s(e.seed, 0);
  const TwoNodePath path = buildTwoNodePath(
      s.network, {.rate = e.rate, .rtt = e.rtt, .lossRate = e.lossRate, .queuePackets = 1000});
  const sim::NodeId client = path.client, server = path.server;
  BulkDownloadResult r;
  const auto finish = [&s, &r] {
    r.seconds = (s.scheduler.now() - sim::SimTime::zero()).seconds();
    s.scheduler.stop();
  };
  if (e.transport == Transport::Tcp) {
    transport::tcp::TcpStack clientTcp(s.network, client), serverTcp(s.network, server);
    transport::tcp::TcpConfig config;
    config.congestionControl = *transport::cc::parseAlgorithm(e.congestionControl);
    const std::uint64_t bytes = e.bytes;
    serverTcp.listen(80, config, [bytes](transport::tcp::TcpConnection& c) { c.send(bytes); });
    transport::tcp::TcpConnection& c = clientTcp.connect({server, 80}, config);
    std::uint64_t received = 0;
    c.callbacks().onData = [&](std::uint64_t n) {
      received += n;
      if (received >= bytes) finish();
    };
    s.scheduler.runUntil(sim::SimTime::zero() + e.timeLimit);
  } else {
    transport::udp::UdpStack clientUdp(s.network, client), serverUdp(s.network, server);
    transport::quic::QuicConfig config;
    config.congestionControl = e.congestionControl;
    transport::quic::QuicEndpoint serverQuic(serverUdp, 443, config), clientQuic(clientUdp, 0, config);
    std::set<std::uint64_t> received;  // 1-RTT packet numbers that reached the client
    const std::uint64_t bytes = e.bytes;
    serverQuic.listen([&](transport::quic::QuicConnection& c) {
      c.setStreamDataCallback([&c, bytes](std::uint64_t id, std::uint64_t, bool fin) {
        if (fin) c.send(id, bytes, true);
      });
      c.packetLost.connect([&](const transport::quic::QuicLossEvent& ev) {
        if (ev.type != transport::quic::PacketType::OneRtt) return;
        ++r.declaredLost;
        if (received.count(ev.packetNumber) != 0) ++r.spuriousLosses;
      });
    });
    transport::quic::QuicConnection& c = clientQuic.connect(serverQuic.localEndpoint());
    c.packetReceived.connect([&](const transport::quic::QuicPacketEvent& ev) {
      if (ev.type == transport::quic::PacketType::OneRtt) received.insert(ev.packetNumber);
    });
    c.setStreamDataCallback([&](std::uint64_t, std::uint64_t, bool fin) {
      if (fin) finish();
    });
    c.send(c.openStream(), 100, true);
    s.scheduler.runUntil(sim::SimTime::zero() + e.timeLimit);
  }
  r.dataDrops = s.network.node(server).interface(0).counters().lossDrops;
  return r;
}

}  // namespace wirelab::models::workload
