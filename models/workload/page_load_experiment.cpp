#include "models/workload/page_load_experiment.h"

#include <memory>

#include "models/http/http1_client.h"
#include "models/http/http1_server.h"
#include "models/http/http2_client.h"
#include "models/http/http2_server.h"
#include "models/http/http3.h"
#include "models/transport/quic/quic_endpoint.h"
#include "models/transport/tcp/tcp_stack.h"
#include "models/transport/udp/udp_stack.h"
#include "models/workload/page_load.h"
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
  const sim::NodeId client = s.network.addNode("client");
  const sim::NodeId server = s.network.addNode("server");
  sim::LinkConfig link;
  link.rate = e.rate;
  link.delay = e.rtt / 2;
  link.queue.maxPackets = 1000;
  if (e.lossRate > 0) {
    link.loss.kind = sim::LossSpec::Kind::Bernoulli;
    link.loss.probability = e.lossRate;
  }
  s.network.connect(client, server, link);
  s.network.node(client).setRoute(server, 0);
  s.network.node(server).setRoute(client, 0);

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

}  // namespace wirelab::models::workload
