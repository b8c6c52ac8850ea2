// The "page-load" workload kind: a page (base document + N objects) fetched once over HTTP/1.1
// with a per-origin connection pool, HTTP/2 on one connection, or HTTP/3 over QUIC. Objects may
// have sizes drawn from a distribution, come in dependency waves (a stylesheet's fonts after the
// stylesheet) and from other origins, each with its own server and connections. See
// docs/scenario-format.md.
#include <algorithm>
#include <cmath>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "models/http/http1_client.h"
#include "models/http/http1_server.h"
#include "models/http/http2_client.h"
#include "models/http/http2_server.h"
#include "models/http/http3.h"
#include "models/scenario/kinds/kind_reading.h"
#include "models/scenario/kinds/kinds.h"
#include "models/scenario/kinds/quic_endpoint_pair.h"
#include "models/scenario/kinds/tcp_settings.h"
#include "models/workload/page_load.h"

namespace wirelab::models::scenario {

namespace {

// Objects requested together: the first wave when the base document arrives, each later wave's
// objects when their parent in the wave before arrives (parents taken in turn).
struct WaveSpec {
  int objects = 0;
  sim::Distribution size = sim::Constant(10'000);  // bytes, drawn per object and run
  std::string origin;                              // a node; empty: the workload's server
};

struct PageLoadSpec final : WorkloadSpec {
  std::string client, server, protocol;
  int connectionsPerOrigin = 6;
  bool bindEarly = false;  // connection_binding: early (curl) or late (browsers)
  std::uint64_t baseBytes = 0, requestBytes = 0;
  std::vector<WaveSpec> waves;
  sim::Duration startAt;
  transport::tcp::TcpConfig tcp;
  std::uint64_t http2StreamWindow = 0, http2ConnectionWindow = 0;
  bool incrementalResponses = false;             // response_order: round-robin (HTTP/2 and HTTP/3)
  std::optional<transport::tls::TlsConfig> tls;  // HTTP/1.1 and HTTP/2 over TLS (HTTP/3 always is)

  std::unique_ptr<RunningWorkload> launch(RunContext& ctx) const override;
};

class RunningPageLoad final : public RunningWorkload {
 public:
  RunningPageLoad(const PageLoadSpec& spec, RunContext& ctx) : m_spec(spec) {
    const sim::NodeId client = ctx.node(spec.client), server = ctx.node(spec.server);
    const std::uint16_t port = ctx.allocatePort();
    // The page's own server first, then every other origin a wave names, each once.
    std::vector<sim::NodeId> origins{server};
    for (const WaveSpec& w : spec.waves) {
      const sim::NodeId node = w.origin.empty() ? server : ctx.node(w.origin);
      if (std::find(origins.begin(), origins.end(), node) == origins.end()) origins.push_back(node);
    }
    workload::PageSpec page = buildPage(spec, ctx, server, port);
    workload::PageLoad::Requester requester;
    if (spec.protocol == "http1") {
      http::Http1ServerConfig sc;
      sc.port = port;
      sc.tcp = spec.tcp;
      sc.tls = spec.tls;
      for (const sim::NodeId origin : origins) {
        m_h1servers.push_back(std::make_unique<http::Http1Server>(ctx.tcp(origin), ctx.httpBoard(), sc));
      }
      http::Http1ClientConfig cc;
      cc.maxConnectionsPerOrigin = spec.connectionsPerOrigin;
      cc.bindRequestToItsNewConnection = spec.bindEarly;
      cc.tcp = spec.tcp;
      cc.tls = spec.tls;
      m_h1client = std::make_unique<http::Http1Client>(ctx.tcp(client), ctx.httpBoard(), cc);
      requester = workload::PageLoad::through(*m_h1client);
    } else if (spec.protocol == "http2") {
      http::Http2Settings settings;
      settings.initialStreamWindow = static_cast<std::uint32_t>(spec.http2StreamWindow);
      settings.initialConnectionWindow = static_cast<std::uint32_t>(spec.http2ConnectionWindow);
      settings.scheduling =
          spec.incrementalResponses ? http::Http2Scheduling::RoundRobin : http::Http2Scheduling::Sequential;
      http::Http2ServerConfig sc;
      sc.port = port;
      sc.settings = settings;
      sc.tcp = spec.tcp;
      sc.tls = spec.tls;
      for (const sim::NodeId origin : origins) {
        m_h2servers.push_back(
            std::make_unique<http::Http2Server>(ctx.tcp(origin), ctx.httpBoard(), ctx.http2Wires(), sc));
      }
      http::Http2ClientConfig cc;
      cc.settings = settings;
      cc.tcp = spec.tcp;
      cc.tls = spec.tls;
      m_h2client =
          std::make_unique<http::Http2Client>(ctx.tcp(client), ctx.httpBoard(), ctx.http2Wires(), cc);
      requester = workload::PageLoad::through(*m_h2client);
    } else {
      const transport::quic::QuicConfig quic = quicConfigLike(spec.tcp);
      m_quicEndpoints = makeQuicEndpointPair(ctx, server, port, client, quic, spec.name);
      std::vector<transport::quic::QuicEndpoint*> serverEndpoints{m_quicEndpoints.server.get()};
      for (std::size_t i = 1; i < origins.size(); ++i) {
        m_moreQuicServers.push_back(
            std::make_unique<transport::quic::QuicEndpoint>(ctx.udp(origins[i]), port, quic));
        ctx.addQuicEndpoint(*m_moreQuicServers.back(), spec.name);
        serverEndpoints.push_back(m_moreQuicServers.back().get());
      }
      for (transport::quic::QuicEndpoint* endpoint : serverEndpoints) {
        m_h3servers.push_back(std::make_unique<http::Http3Server>(*endpoint, ctx.scheduler(),
                                                                  ctx.sim().random, ctx.httpBoard()));
        m_h3servers.back()->setIncrementalResponses(spec.incrementalResponses);
      }
      m_h3client =
          std::make_unique<http::Http3Client>(*m_quicEndpoints.client, ctx.scheduler(), ctx.httpBoard());
      requester = workload::PageLoad::through(*m_h3client);
    }
    m_requester = std::move(requester);
    m_page = std::move(page);
    ctx.scheduler().scheduleAt(sim::SimTime::zero() + spec.startAt, [this, &ctx] {
      m_load = std::make_unique<workload::PageLoad>(m_requester, ctx.scheduler(), m_page,
                                                    [&ctx](sim::Duration) { ctx.workloadFinished(); });
    });
  }

  void collect(RunResults& out) const override {
    const std::string p = m_spec.name + ".";
    if (!m_load) return;
    out.setValue(p + "loaded", "1", m_load->loaded() ? 1 : 0);
    if (m_load->loaded()) out.addSample(p + "page_load_time", "s", m_load->loadTime().seconds());
    int headOfLineBlocked = 0;
    for (const http::HttpWaterfall& w : m_load->waterfall()) {
      out.addSample(p + "request_latency", "s", (w.doneAt - w.queuedAt).seconds());
      out.addSample(p + "time_to_first_byte", "s", (w.firstByteAt - w.queuedAt).seconds());
      if (!w.waitCause.empty()) out.addEvent(w.queuedAt.seconds(), m_spec.name + "/" + w.label, w.waitCause);
      if (w.headOfLineBlocks > 0) {
        ++headOfLineBlocked;
        out.addEvent(w.headOfLineBlockedAt.seconds(), m_spec.name + "/" + w.label,
                     "stream blocked behind a lost TCP segment");
      }
      out.addWaterfall(WaterfallRow{m_spec.name, w.label, w.queuedAt.seconds(), w.connectStart.seconds(),
                                    w.connectEnd.seconds(), w.tlsEnd.seconds(), w.sentAt.seconds(),
                                    w.firstByteAt.seconds(), w.doneAt.seconds(), w.connection, w.waitCause});
    }
    // Requests whose data waited behind another's lost segment on their shared TCP connection:
    // HTTP/2's head-of-line blocking (zero by construction for HTTP/1.1's one request at a time per
    // connection and for HTTP/3's independent QUIC streams).
    out.setValue(p + "head_of_line_blocked", "1", headOfLineBlocked);
  }

 private:
  // The page as this run draws it: sizes from their distributions, objects in waves, each object
  // with its origin ({node, the workload's port}).
  static workload::PageSpec buildPage(const PageLoadSpec& spec, RunContext& ctx, sim::NodeId server,
                                      std::uint16_t port) {
    workload::PageSpec page;
    page.origin = {server, port};
    page.requestBytes = static_cast<std::uint32_t>(spec.requestBytes);
    page.baseDocumentBytes = spec.baseBytes;
    sim::RandomStream sizes = ctx.sim().random.stream("page-load/" + spec.name + "/sizes");
    int previousStart = -1, previousCount = 0;
    for (const WaveSpec& wave : spec.waves) {
      const int start = static_cast<int>(page.objects.size());
      const transport::Endpoint origin{wave.origin.empty() ? server : ctx.node(wave.origin), port};
      for (int i = 0; i < wave.objects; ++i) {
        workload::PageObject o;
        o.bytes = static_cast<std::uint64_t>(std::llround(std::max(0.0, wave.size.sample(sizes))));
        o.parent = previousCount > 0 ? previousStart + i % previousCount : -1;
        o.origin = origin;
        page.objects.push_back(o);
      }
      previousStart = start;
      previousCount = wave.objects;
    }
    return page;
  }

  const PageLoadSpec& m_spec;
  std::vector<std::unique_ptr<http::Http1Server>> m_h1servers;  // one per origin
  std::unique_ptr<http::Http1Client> m_h1client;
  std::vector<std::unique_ptr<http::Http2Server>> m_h2servers;
  std::unique_ptr<http::Http2Client> m_h2client;
  QuicEndpointPair m_quicEndpoints;  // the page's server and the client
  std::vector<std::unique_ptr<transport::quic::QuicEndpoint>> m_moreQuicServers;  // other origins
  std::vector<std::unique_ptr<http::Http3Server>> m_h3servers;
  std::unique_ptr<http::Http3Client> m_h3client;
  workload::PageLoad::Requester m_requester;
  workload::PageSpec m_page;
  std::unique_ptr<workload::PageLoad> m_load;
};

std::unique_ptr<RunningWorkload> PageLoadSpec::launch(RunContext& ctx) const {
  return std::make_unique<RunningPageLoad>(*this, ctx);
}

}  // namespace

WorkloadKind pageLoadKind() {
  WorkloadKind k;
  k.name = "page-load";
  k.summary = "a page (base document + N objects) over HTTP/1.1 (pool), HTTP/2 or HTTP/3";
  k.keys = {"client",
            "server",
            "protocol",
            "connections_per_origin",
            "connection_binding",
            "page",
            "start",
            "tcp",
            "http2",
            "response_order",
            "tls"};
  k.read = [](const SpecNode& n, const TopologySpec& topology) -> std::unique_ptr<WorkloadSpec> {
    auto s = std::make_unique<PageLoadSpec>();
    readClientAndServer(topology, n, s->client, s->server);
    s->protocol = n.choice("protocol", {"http1", "http2", "http3"});
    s->connectionsPerOrigin = static_cast<int>(n.integer("connections_per_origin", 6, 1, 256));
    if (n.has("connections_per_origin") && s->protocol != "http1") {
      n["connections_per_origin"].error("only HTTP/1.1 opens several connections per origin; " + s->protocol +
                                        " multiplexes requests on one");
    }
    // Which request a new connection serves (Http1ClientConfig::bindRequestToItsNewConnection).
    s->bindEarly = n.choice("connection_binding", {"late", "early"}, "late") == "early";
    if (n.has("connection_binding") && s->protocol != "http1") {
      n["connection_binding"].error("connection_binding is about HTTP/1.1's pool of connections; " +
                                    s->protocol + " uses one connection");
    }
    SpecNode page = n["page"];
    page.checkKeys({"base", "objects", "object_size", "request", "waves"});
    s->baseBytes = static_cast<std::uint64_t>(page.bytes("base", sim::ByteCount(10'000)).bytes());
    if (page.has("waves")) {
      // The general form: waves of objects, each from the page's server or another origin.
      for (const char* key : {"objects", "object_size"}) {
        if (page.has(key)) {
          page[key].error(std::string(key) +
                          " is the one-wave shorthand; with waves, give each wave's objects and "
                          "object_size");
        }
      }
      for (const SpecNode& w : page["waves"].items()) {
        w.checkKeys({"objects", "object_size", "origin"});
        WaveSpec wave;
        wave.objects = static_cast<int>(w.integer("objects", std::nullopt, 1, 10'000));
        wave.size = readBytesDistribution(w, "object_size", 10'000);
        wave.origin = w.text("origin", "");
        checkNodeReference(topology, w, "origin", wave.origin);
        if (!wave.origin.empty() && wave.origin == s->client)
          w["origin"].error("an origin must not be the client");
        if (wave.origin == s->server) wave.origin.clear();
        s->waves.push_back(wave);
      }
      if (s->waves.empty() && page["waves"].isSequence())
        page["waves"].error("waves needs at least one wave");
    } else {
      WaveSpec wave;
      wave.objects = static_cast<int>(page.integer("objects", 10, 0, 10'000));
      wave.size = readBytesDistribution(page, "object_size", 10'000);
      s->waves.push_back(wave);
    }
    s->requestBytes = static_cast<std::uint64_t>(page.bytes("request", sim::ByteCount(400)).bytes());
    s->startAt = n.duration("start", sim::Duration::zero());
    // How a multiplexing server shares its connection among responses, in RFC 9218's terms: by
    // default non-incremental, one response at a time in request order (sections 4.2 and 10);
    // round-robin makes them incremental, taking turns frame by frame (HTTP/2) or packet by packet
    // (HTTP/3).
    s->incrementalResponses =
        n.choice("response_order", {"sequential", "round-robin"}, "sequential") == "round-robin";
    // HTTP/1.1 answers a connection's requests one after another: "sequential" says what it does
    // anyway (one file can sweep the protocols), round robin cannot be.
    if (s->incrementalResponses && s->protocol == "http1") {
      n["response_order"].error(
          "response_order: round-robin is about responses multiplexed on one connection (http2, http3); "
          "HTTP/1.1 answers a connection's requests one after another");
    }
    s->tcp = readTcpSettings(n);
    // HTTPS as browsers load pages: TLS over each TCP connection, its handshake after TCP's. HTTP/3
    // has TLS 1.3 inside QUIC's one-round-trip handshake (RFC 9001): "1.3" says what it does
    // anyway (so one file can sweep the protocols over HTTPS), anything else cannot be.
    s->tls = readTlsSetting(n, "tls");
    if (s->protocol == "http3") {
      if (n.has("tls") && !(s->tls && s->tls->version == transport::tls::TlsVersion::Tls13)) {
        n["tls"].error("HTTP/3 always runs TLS 1.3 inside QUIC's handshake (RFC 9001); tls: \"" +
                       n.text("tls") + "\" cannot apply to it");
      }
      s->tls.reset();  // QUIC's own
    }
    SpecNode h2 = n["http2"];
    h2.checkKeys({"stream_window", "connection_window"});
    // Chrome's windows (6 MB per stream, 15 MB per connection) unless the file says otherwise.
    s->http2StreamWindow =
        static_cast<std::uint64_t>(h2.bytes("stream_window", sim::ByteCount(6 * 1024 * 1024)).bytes());
    s->http2ConnectionWindow =
        static_cast<std::uint64_t>(h2.bytes("connection_window", sim::ByteCount(15 * 1024 * 1024)).bytes());
    if (n.has("http2") && s->protocol != "http2")
      n["http2"].error("HTTP/2 settings given for protocol " + s->protocol);
    return s;
  };
  return k;
}

}  // namespace wirelab::models::scenario
