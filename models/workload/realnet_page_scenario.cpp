#include "models/workload/realnet_page_scenario.h"

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <functional>
#include <map>
#include <memory>
#include <stdexcept>
#include <utility>

#include "models/capture/interface_tap.h"
#include "models/capture/packet_encoder.h"
#include "models/http/http1_client.h"
#include "models/http/http1_server.h"
#include "models/http/http2_client.h"
#include "models/http/http2_server.h"
#include "models/transport/tcp/tcp_header.h"
#include "models/transport/tcp/tcp_stack.h"
#include "models/transport/transport_types.h"
#include "models/workload/http_client_server.h"
#include "models/workload/relay_loss_pattern.h"
#include "sim/net/network.h"

namespace wirelab::models::workload {

namespace {

namespace tcp = transport::tcp;

// What the real programs put on the wire around each 30 KiB body (measured in the captures:
// payload bytes per direction divided by the objects): curl's GET request is 86 bytes, nginx's
// HTTP/1.1 response header 256 bytes. nghttp's first request header block is about 40 bytes
// after HPACK, nginx's HTTP/2 response headers about 90 then ~10 (the session's HPACK model).
constexpr std::uint32_t kCurlRequestBytes = 86;
constexpr std::uint32_t kNginxH1ResponseHeaderBytes = 256;
constexpr std::uint32_t kNghttpRequestHeaderBytes = 60;

// The timings below are measured by bench/realnet_timings.py on the client captures.
// How the three programs read their sockets. nghttp's HttpClient::read_clear() loops over read()
// with an 8 KiB buffer; curl 7.88 reads into its 16 KiB download buffer (CURLOPT_BUFFERSIZE
// default, CURL_MAX_WRITE_SIZE); nginx's requests fit one read. Each waits for the kernel to wake
// it: in the loss-free HTTP/2 captures the first read of the second flight (the ACK Linux sends
// from tcp_cleanup_rbuf() during that read) comes 0.10-0.45 ms after the flight's first segment
// (17 flights, median 0.15 ms), fitted by 0.10 ms plus an exponential part of mean 0.087 ms.
// The relay as a process (the default) has the timing of delayline_relay.h. As a link
// (RealnetRelayModel::Link) it adds 0.1 ms each way to the configured delay
// (RealnetModelChoices::relayLatencyUpMs and relayLatencyDownMs): the set's ping checks measure RTTs of
// 50.20 and 80.20 ms (medians of 100) for 50 and 80 ms (emulator_verification.json; the 150 ms check
// prints whole milliseconds, as ping does above 100 ms) on an idle machine.
constexpr std::uint32_t kNghttpReadBytes = 8 * 1024;
constexpr std::uint32_t kCurlReadBytes = 16 * 1024;
constexpr sim::Duration kWakeUpLatency = sim::Microseconds(100);
constexpr sim::Duration kWakeUpJitterMean = sim::Microseconds(87);
// nghttp (run with -v, printing every frame) then takes its time over each 8 KiB it read: in the
// loss-free HTTP/2 captures the third flight (40 segments, unscaled 128 KiB buffer) is drained
// 0.03-0.19 ms per 8 KiB read after the first one (24 flights, median 0.082 ms: the time from the
// first read's ACK to the ACK that offers the whole window again, over the reads in between), so
// data wait unread for a while and the window opens more slowly. curl reads a 30 KiB response in
// one wake-up (its read ACK already offers the whole window), so it gets no such time.
constexpr sim::Duration kNghttpReadTime = sim::Microseconds(82);
// curl --parallel-max 6: six transfers at a time, each on its own connection. After a response
// the next request goes out on that connection 0.75 ms (median; 0.24-1.12 ms p10-p90) after the
// response's last segment arrived (576 responses of the loss-free HTTP/1.1 captures): the reader's
// wake-up (0.16 ms median here) and 0.59 ms of curl's own work (finishing one transfer, setting
// up the next).
constexpr int kCurlParallelMax = 6;
constexpr sim::Duration kCurlNextTransferTime = sim::Microseconds(590);

// The "linux" TCP profile, as both real ends ran it (kernel 6.x defaults, see tcp_config.cpp),
// with the application's reads.
tcp::TcpConfig linuxTcp(bool randomClockPhase, std::uint32_t readChunkBytes,
                        sim::Duration readChunkTime = sim::Duration::zero()) {
  auto c = tcp::tcpProfile("linux");
  if (!c) throw std::logic_error("realnet: the linux TCP profile is missing");
  c->readChunkBytes = readChunkBytes;
  c->readChunkTime = readChunkTime;
  c->readLatency = kWakeUpLatency;
  c->readLatencyJitterMean = kWakeUpJitterMean;
  c->randomClockPhase = randomClockPhase;
  return *c;
}

// Counts retransmitted segments the way the realnet tooling does: in the sender's own capture
// (before the path's loss and queue), a data segment that starts below the highest sequence
// number already sent on its connection.
class RetransmissionCounter {
 public:
  void observe(const sim::Packet& p) {
    if (p.protocol != transport::kProtocolTcp || p.payloadBytes == 0) return;
    const auto& h = p.header<tcp::TcpHeader>();
    const auto key = std::make_pair(p.sourcePort, p.destinationPort);
    std::uint64_t& highest = m_highest[key];
    if (h.seq < highest) ++m_count;
    highest = std::max(highest, h.seq + p.payloadBytes);
  }
  std::uint64_t count() const { return m_count; }

 private:
  std::map<std::pair<std::uint16_t, std::uint16_t>, std::uint64_t> m_highest;
  std::uint64_t m_count = 0;
};

// The path between the two hosts: the emulator as a relay process or as a link (RealnetRelayModel),
// with the configuration's loss (or a real run's, replayed), bottleneck and delay.
struct HostLink {
  sim::NodeId neighbour = sim::kNoNode;  // the node at the other end: the relay, or the other host
  std::size_t link = 0;                  // index into Network::links()
};
struct RealnetPath {
  HostLink clientLink, serverLink;        // the link each host sends on
  std::unique_ptr<DelaylineRelay> relay;  // RealnetRelayModel::Delayline
};

RealnetPath buildPath(sim::Simulation& s, sim::NodeId client, sim::NodeId server,
                      const RealnetPageConfig& c) {
  sim::LossSpec loss;
  if (c.loss > 0) {
    loss.kind = sim::LossSpec::Kind::Bernoulli;
    loss.probability = c.loss;
  }
  sim::LossSpec lossUp = loss, lossDown = loss;
  if (c.loss > 0 && c.relaySeed) {
    // A page load sends a few thousand packets each way; positions past this are never lost.
    constexpr std::uint64_t kReplayedPackets = 100'000;
    for (auto [spec, direction] : {std::pair{&lossUp, RelayDirection::ClientToServer},
                                   std::pair{&lossDown, RelayDirection::ServerToClient}}) {
      spec->kind = sim::LossSpec::Kind::List;
      spec->positions = relayLossPositions(*c.relaySeed, direction, c.loss, kReplayedPackets);
    }
  }
  RealnetPath path;
  if (c.model.relay == RealnetRelayModel::Link) {
    // delayline, per direction: i.i.d. loss, then (if a rate is set) a drop-tail FIFO of Q packets
    // counting the one being serialised, then the one-way delay. Without a bottleneck the relay
    // passes a burst at the pace it writes packets: back-to-back full segments arrive 3.1 us apart
    // (median of the 32,036 gaps under a quarter of the RTT between full segments in the loss-free
    // client captures, dev and extra sets), i.e. 3.87 Gbit/s for 1500-byte packets; a link of that
    // rate with a 20,000-packet queue (the TUN queue) stands for it. The gaps between a flight's
    // sub-bursts come from the ACKs that release them, which the model produces itself. (The
    // 0.6 Gbit/s the set's iperf3 check reports is tcp_wmem[2] / RTT = 4 MiB / 50 ms, the sender's
    // buffer, not the relay.) Here the link drops after serialisation, which differs only when loss
    // and a bottleneck are combined (not in the data set).
    sim::LinkConfig link;
    if (c.rateMbit > 0) {
      link.rate = sim::DataRate(static_cast<std::uint64_t>(std::llround(c.rateMbit * 1e6)));
      // The packet on the wire has left the simulator's queue, so it holds Q - 1 waiting packets.
      link.queue.maxPackets = static_cast<std::uint32_t>(std::max(1, c.queuePackets - 1));
    } else {
      link.rate = sim::DataRate(3'870'000'000);
      link.queue.maxPackets = 20'000;
    }
    sim::LinkConfig clientToServer = link, serverToClient = link;
    clientToServer.loss = lossUp;
    serverToClient.loss = lossDown;
    clientToServer.delay = sim::SecondsF((c.rttMs / 2 + c.model.relayLatencyUpMs) / 1e3);
    serverToClient.delay = sim::SecondsF((c.rttMs / 2 + c.model.relayLatencyDownMs) / 1e3);
    clientToServer.jitter = sim::SecondsF(c.model.relayJitterUpMs / 1e3);
    serverToClient.jitter = sim::SecondsF(c.model.relayJitterDownMs / 1e3);
    const std::size_t linkIndex = s.network.connect(client, server, clientToServer, serverToClient);
    s.network.node(client).setRoute(server, 0);
    s.network.node(server).setRoute(client, 0);
    path.clientLink = {server, linkIndex};
    path.serverLink = {client, linkIndex};
  } else {
    // The relay process on a node of its own; the hosts reach it over links without delay (TUN
    // devices), fast enough that the relay's own costs set the pace.
    const sim::NodeId relayNode = s.network.addNode("relay");
    sim::LinkConfig tun;
    tun.rate = sim::Gbps(100);
    tun.delay = sim::Duration::zero();
    tun.queue.maxPackets = 20'000;
    path.clientLink = {relayNode, s.network.connect(client, relayNode, tun)};
    path.serverLink = {relayNode, s.network.connect(server, relayNode, tun)};
    s.network.node(client).setRoute(server, 0);
    s.network.node(server).setRoute(client, 0);
    s.network.node(relayNode).setRoute(client, 0);
    s.network.node(relayNode).setRoute(server, 1);
    DelaylineDirection up, down;
    up.delay = down.delay = sim::SecondsF(c.rttMs / 2 / 1e3);
    up.loss = lossUp;
    down.loss = lossDown;
    up.rateBitsPerSecond = down.rateBitsPerSecond = c.rateMbit * 1e6;
    up.queuePackets = down.queuePackets = static_cast<std::uint32_t>(std::max(1, c.queuePackets));
    path.relay = std::make_unique<DelaylineRelay>(s.network, relayNode, client, server, up, down,
                                                  c.model.delaylineTiming);
  }
  return path;
}

}  // namespace

std::string RealnetPageConfig::label() const {
  char buf[128];
  std::snprintf(buf, sizeof buf, "%s rtt%g loss%g%s n%dx%lluk", protocol == HttpVersion::Http1 ? "h1" : "h2",
                rttMs, loss,
                rateMbit > 0 ? (" rate" + std::to_string(static_cast<int>(rateMbit))).c_str() : "", objects,
                static_cast<unsigned long long>(objectBytes / 1024));
  return buf;
}

double quantile(std::vector<double> values, double q) {
  if (values.empty()) return 0;
  std::sort(values.begin(), values.end());
  const double pos = q * static_cast<double>(values.size() - 1);
  const auto lo = static_cast<std::size_t>(std::floor(pos));
  const std::size_t hi = std::min(lo + 1, values.size() - 1);
  return values[lo] + (values[hi] - values[lo]) * (pos - static_cast<double>(lo));
}

RealnetPageResult runRealnetPage(const RealnetPageConfig& c, std::uint64_t seed) {
  if (c.protocol == HttpVersion::Http3) throw std::invalid_argument("realnet: HTTP/3 was not measured");
  for (const double ms : {c.model.relayLatencyUpMs, c.model.relayLatencyDownMs, c.model.relayJitterUpMs,
                          c.model.relayJitterDownMs}) {
    if (!(ms >= 0 && ms < 1000))
      throw std::invalid_argument("realnet: relay latency and jitter must be in [0, 1000) ms");
  }
  sim::Simulation s(seed, 0);
  const sim::NodeId client = s.network.addNode("client");
  const sim::NodeId server = s.network.addNode("server");
  RealnetPath path = buildPath(s, client, server, c);
  const auto hostInterface = [&](sim::NodeId host, const HostLink& l) -> sim::Interface& {
    const sim::LinkRecord& r = s.network.links()[l.link];
    return s.network.node(host).interface(r.a == host ? r.interfaceAtA : r.interfaceAtB);
  };
  const auto neighbourInterface = [&](sim::NodeId host, const HostLink& l) -> sim::Interface& {
    const sim::LinkRecord& r = s.network.links()[l.link];
    return s.network.node(l.neighbour).interface(r.a == host ? r.interfaceAtB : r.interfaceAtA);
  };

  RetransmissionCounter retransmissions;
  for (sim::Interface* iface :
       {&hostInterface(client, path.clientLink), &hostInterface(server, path.serverLink)}) {
    iface->enqueued.connect(
        [&retransmissions](const sim::Packet& p, sim::SimTime) { retransmissions.observe(p); });
    iface->dropped.connect([&retransmissions](const sim::Packet& p, sim::DropReason r, sim::SimTime) {
      if (r == sim::DropReason::QueueOverflow) retransmissions.observe(p);
    });
  }

  capture::PacketEncoder encoder;
  std::unique_ptr<capture::InterfaceTap> clientTap, serverTap;
  if (c.clientCapture != nullptr) {
    clientTap = std::make_unique<capture::InterfaceTap>(hostInterface(client, path.clientLink),
                                                        neighbourInterface(client, path.clientLink), encoder,
                                                        *c.clientCapture);
  }
  if (c.serverCapture != nullptr) {
    serverTap = std::make_unique<capture::InterfaceTap>(hostInterface(server, path.serverLink),
                                                        neighbourInterface(server, path.serverLink), encoder,
                                                        *c.serverCapture);
  }

  auto clientTcp = std::make_unique<tcp::TcpStack>(s.network, client);
  auto serverTcp = std::make_unique<tcp::TcpStack>(s.network, server);
  std::unique_ptr<HttpClientServer> httpPair;

  RealnetPageResult result;
  // Flights and the client's windows, from the client's side of the link (as a client capture).
  sim::SimTime lastData = sim::SimTime::zero();
  if (c.recordFlights) {
    const sim::Duration gap = sim::Nanoseconds(static_cast<std::int64_t>(std::llround(c.rttMs * 1e6 / 4)));
    s.network.node(client).delivered.connect([&, gap](const sim::Packet& p, sim::SimTime t) {
      if (p.protocol != transport::kProtocolTcp || p.payloadBytes == 0) return;
      if (result.flights.empty() || t - lastData > gap) {
        result.flights.push_back(RealnetFlight{(t - sim::SimTime::zero()).seconds(), 0, 0});
      }
      ++result.flights.back().segments;
      lastData = t;
    });
    hostInterface(client, path.clientLink).enqueued.connect([&](const sim::Packet& p, sim::SimTime) {
      if (p.protocol == transport::kProtocolTcp && !result.flights.empty()) {
        result.flights.back().lastWindow = p.header<tcp::TcpHeader>().window;
      }
    });
  }

  std::size_t remaining = static_cast<std::size_t>(c.objects);
  const auto onDone = [&](const http::HttpWaterfall& w) {
    result.completionS.push_back((w.doneAt - sim::SimTime::zero()).seconds());
    if (--remaining == 0) result.loadTimeS = (s.scheduler.now() - sim::SimTime::zero()).seconds();
  };

  int issued = 0;
  std::function<void()> issueNext;  // lives until the run ends: responses call it
  HttpClientServerConfig hc;
  hc.version = c.protocol;
  if (c.protocol == HttpVersion::Http1) {
    hc.http1Server.port = 80;
    hc.http1Server.tcp = linuxTcp(c.model.randomClockPhase, 0);
    hc.http1Client.maxConnectionsPerOrigin = kCurlParallelMax;
    hc.http1Client.bindRequestToItsNewConnection = true;  // curl's transfers wait for their own connection
    hc.http1Client.tcp = linuxTcp(c.model.randomClockPhase, kCurlReadBytes);
    httpPair = std::make_unique<HttpClientServer>(*clientTcp, *serverTcp, hc);
    // curl --parallel-max 6 runs six transfers at a time and adds the next one when one completes,
    // kCurlNextTransferTime later.
    issueNext = [&] {
      // Several transfers may complete within kCurlNextTransferTime of each other: each schedules
      // a start, and only those with an object left issue one.
      if (issued >= c.objects) return;
      const int i = issued++;
      http::HttpRequestSpec r{httpPair->origin(), kCurlRequestBytes,
                              c.objectBytes + kNginxH1ResponseHeaderBytes, "o" + std::to_string(i + 1)};
      httpPair->request(r, [&](const http::HttpWaterfall& w) {
        onDone(w);
        if (issued < c.objects) s.scheduler.schedule(kCurlNextTransferTime, [&] { issueNext(); });
      });
    };
    while (issued < std::min(c.objects, kCurlParallelMax)) issueNext();
  } else {
    // nghttp -w 24 -W 24: 2^24 - 1 byte stream and connection windows; the server's sending side
    // follows nginx's scheduling (see Http2Settings).
    http::Http2Settings nghttp;
    nghttp.initialStreamWindow = (1u << 24) - 1;
    nghttp.initialConnectionWindow = (1u << 24) - 1;
    http::Http2Settings nginx = nghttp;
    nginx.scheduling = http::Http2Scheduling::NginxSequential;
    nginx.dataFrameBytes = 8192;  // nginx http2_chunk_size default (8k)
    hc.http2Server.port = 8080;
    hc.http2Server.settings = nginx;
    hc.http2Server.tcp = linuxTcp(c.model.randomClockPhase, 0);
    hc.http2Client.settings = nghttp;
    hc.http2Client.tcp = linuxTcp(c.model.randomClockPhase, kNghttpReadBytes, kNghttpReadTime);
    httpPair = std::make_unique<HttpClientServer>(*clientTcp, *serverTcp, hc);
    for (int i = 0; i < c.objects; ++i) {
      http::HttpRequestSpec r{httpPair->origin(), kNghttpRequestHeaderBytes,
                              c.objectBytes + http::kResponseHeaderBytes, "o" + std::to_string(i + 1)};
      httpPair->request(r, onDone);
    }
  }

  // Stop at the page load (the connections stay open; their timers would run on to the limit).
  const sim::SimTime limit = sim::SimTime::zero() + sim::Seconds(180);  // the tooling's curl/nghttp timeout
  while (result.loadTimeS < 0 && s.scheduler.now() < limit && s.scheduler.pendingCount() > 0) {
    s.scheduler.runUntil(s.scheduler.now() + sim::Milliseconds(100));
  }
  std::sort(result.completionS.begin(), result.completionS.end());
  result.retransmissions = retransmissions.count();
  httpPair.reset();
  clientTcp.reset();
  serverTcp.reset();
  clientTap.reset();
  serverTap.reset();
  path.relay.reset();
  return result;
}

}  // namespace wirelab::models::workload
