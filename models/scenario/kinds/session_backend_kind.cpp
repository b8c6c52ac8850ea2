// The "session-backend" workload kind: N clients with sessions against one backend that restarts
// at time T and is down for D seconds: stateful (sessions in server memory, lost in the restart:
// 401 and a new login) or stateless (a signed token in every request: the restart only breaks the
// connections). See docs/workloads.md section 4 and session_backend_protocol.h.
//
// The backend owns its node's TCP (a restart swaps the stack to stop listening), so the `server`
// node must carry no other TCP workload.
//
//   - kind: session-backend
//     name: api
//     client: clients                 node of the N clients
//     server: backend                 node of the backend
//     design: stateful | stateless    (default stateful)
//     clients: 10
//     requests: 20                    per client
//     think_time: 100ms               after each response
//     start_stagger: 10ms             client i starts at i x stagger
//     reconnect_interval: 500ms       after a reset or a refused SYN
//     login_exchanges: 2              L
//     login_service: 30ms             per login exchange
//     service: 10ms                   per request
//     token_verify: 2ms               stateless: per request (ignored by stateful)
//     request: 400B, response: 2000B, cookie: 40B, token: 800B
//     restart: {at: 2s, downtime: 3s} absent: no restart
//     tcp: linux
//
// Metrics ("<name>."): latency (s, every request from its first issue); recovery (s, from the
// first request after reconnecting to its response, per client that lost its connection);
// requests_sent, extra_requests (requests written beyond clients x requests), failed_requests
// (outstanding at a reset), unauthorized (401s), login_exchanges, refused_connects,
// connection_resets, requests_completed, finish_time (s, last completion). Series:
// latency_over_time (completion time, latency), backend_up (time, 0/1).
#include <memory>

#include "models/scenario/kinds/kinds.h"
#include "models/scenario/kinds/tcp_settings.h"
#include "models/workload/session_backend_client.h"
#include "models/workload/session_backend_server.h"

namespace wirelab::models::scenario {

namespace {

struct SessionBackendSpec final : WorkloadSpec {
  std::string client, server;
  workload::SessionBackendConfig backend;
  workload::SessionClientConfig clients;
  bool restart = false;
  sim::Duration restartAt, downtime;
  transport::tcp::TcpConfig tcp;

  std::unique_ptr<RunningWorkload> launch(RunContext& ctx) const override;
};

class RunningSessionBackend final : public RunningWorkload {
 public:
  RunningSessionBackend(const SessionBackendSpec& spec, RunContext& ctx) : m_spec(spec), m_ctx(&ctx) {
    const sim::NodeId client = ctx.node(spec.client), server = ctx.node(spec.server);
    workload::SessionBackendConfig backend = spec.backend;
    backend.port = ctx.allocatePort();
    m_server = std::make_unique<workload::SessionBackendServer>(ctx.network(), server, spec.tcp, m_registry,
                                                                backend);
    m_up.emplace_back(0.0, 1.0);
    m_server->upChanged.connect(
        [this](sim::SimTime t, bool up) { m_up.emplace_back(t.seconds(), up ? 1 : 0); });
    for (int i = 0; i < spec.clients.clients; ++i) {
      m_clients.push_back(std::make_unique<workload::SessionBackendClient>(
          i, ctx.tcp(client), transport::Endpoint{server, backend.port}, spec.tcp, m_registry, backend,
          spec.clients, sim::SimTime::zero() + spec.clients.startStagger * i));
      m_clients.back()->requestCompleted.connect([this](const workload::SessionRequestRecord& r) {
        m_records.push_back(r);
        if (++m_completed == m_total) m_ctx->workloadFinished();
      });
    }
    m_total = static_cast<std::uint64_t>(spec.clients.clients) *
              static_cast<std::uint64_t>(spec.clients.requestsPerClient);
    if (spec.restart) {
      ctx.scheduler().scheduleAt(sim::SimTime::zero() + spec.restartAt, [this] {
        if (m_server->up()) m_server->crash(m_spec.downtime);
      });
    }
  }

  void collect(RunResults& out) const override {
    const std::string p = m_spec.name + ".";
    workload::SessionClientCounters t;
    for (const auto& c : m_clients) {
      const workload::SessionClientCounters& k = c->counters();
      t.requestsSent += k.requestsSent;
      t.requestsRepeated += k.requestsRepeated;
      t.requestsCompleted += k.requestsCompleted;
      t.failedByReset += k.failedByReset;
      t.unauthorized += k.unauthorized;
      t.loginExchanges += k.loginExchanges;
      t.refusedConnects += k.refusedConnects;
      t.connectionResets += k.connectionResets;
      for (const workload::SessionRecovery& r : c->recoveries()) {
        if (r.firstResponseAt > r.firstRequestAt && r.firstRequestAt != sim::SimTime())
          out.addSample(p + "recovery", "s", (r.firstResponseAt - r.firstRequestAt).seconds());
      }
    }
    std::vector<std::pair<double, double>> latency;
    for (const workload::SessionRequestRecord& r : m_records) {
      out.addSample(p + "latency", "s", r.latency().seconds());
      if (latency.size() < 20'000) latency.emplace_back(r.doneAt.seconds(), r.latency().seconds());
    }
    out.setValue(p + "requests_sent", "1", static_cast<double>(t.requestsSent));
    out.setValue(p + "extra_requests", "1",
                 static_cast<double>(t.requestsSent) - static_cast<double>(m_total));
    out.setValue(p + "repeated_requests", "1", static_cast<double>(t.requestsRepeated));
    out.setValue(p + "failed_requests", "1", static_cast<double>(t.failedByReset));
    out.setValue(p + "unauthorized", "1", static_cast<double>(t.unauthorized));
    out.setValue(p + "login_exchanges", "1", static_cast<double>(t.loginExchanges));
    out.setValue(p + "refused_connects", "1", static_cast<double>(t.refusedConnects));
    out.setValue(p + "connection_resets", "1", static_cast<double>(t.connectionResets));
    out.setValue(p + "requests_completed", "1", static_cast<double>(t.requestsCompleted));
    if (!m_records.empty()) out.setValue(p + "finish_time", "s", m_records.back().doneAt.seconds());
    out.addSeries(Series{p + "latency_over_time", "completion time (s)", "latency (s)", latency});
    out.addSeries(Series{p + "backend_up", "time (s)", "backend up (1) or down (0)", m_up});
  }

 private:
  const SessionBackendSpec& m_spec;
  RunContext* m_ctx;
  workload::SessionBackendServer::Registry m_registry;
  std::unique_ptr<workload::SessionBackendServer> m_server;
  std::vector<std::unique_ptr<workload::SessionBackendClient>> m_clients;
  std::vector<workload::SessionRequestRecord> m_records;
  std::vector<std::pair<double, double>> m_up;
  std::uint64_t m_total = 0, m_completed = 0;
};

std::unique_ptr<RunningWorkload> SessionBackendSpec::launch(RunContext& ctx) const {
  return std::make_unique<RunningSessionBackend>(*this, ctx);
}

}  // namespace

WorkloadKind sessionBackendKind() {
  WorkloadKind k;
  k.name = "session-backend";
  k.summary = "N session clients against a stateful or stateless backend that restarts at T for D";
  k.keys = {"client",          "server",
            "design",          "clients",
            "requests",        "think_time",
            "start_stagger",   "reconnect_interval",
            "login_exchanges", "login_service",
            "service",         "token_verify",
            "request",         "response",
            "cookie",          "token",
            "restart",         "tcp"};
  k.read = [](const SpecNode& n, const TopologySpec& topology) -> std::unique_ptr<WorkloadSpec> {
    auto s = std::make_unique<SessionBackendSpec>();
    readClientAndServer(topology, n, s->client, s->server);
    workload::SessionBackendConfig& b = s->backend;
    workload::SessionClientConfig& c = s->clients;
    b.design = n.choice("design", {"stateful", "stateless"}, "stateful") == "stateless"
                   ? workload::SessionDesign::Stateless
                   : workload::SessionDesign::Stateful;
    c.clients = static_cast<int>(n.integer("clients", 10, 1, 100'000));
    c.requestsPerClient = static_cast<int>(n.integer("requests", 20, 1, 10'000'000));
    c.thinkTime = n.duration("think_time", c.thinkTime);
    c.startStagger = n.duration("start_stagger", c.startStagger);
    c.reconnectInterval = n.duration("reconnect_interval", c.reconnectInterval);
    b.loginExchanges = static_cast<int>(n.integer("login_exchanges", 2, 1, 1000));
    b.loginServiceTime = n.duration("login_service", b.loginServiceTime);
    b.serviceTime = n.duration("service", b.serviceTime);
    b.tokenVerifyTime = n.duration("token_verify", b.tokenVerifyTime);
    b.requestBytes = static_cast<std::uint32_t>(n.bytes("request", sim::ByteCount(b.requestBytes)).bytes());
    b.responseBytes =
        static_cast<std::uint32_t>(n.bytes("response", sim::ByteCount(b.responseBytes)).bytes());
    b.cookieBytes = static_cast<std::uint32_t>(n.bytes("cookie", sim::ByteCount(b.cookieBytes)).bytes());
    b.tokenBytes = static_cast<std::uint32_t>(n.bytes("token", sim::ByteCount(b.tokenBytes)).bytes());
    SpecNode r = n["restart"];
    if (r.defined()) {
      r.checkKeys({"at", "downtime"});
      s->restart = true;
      s->restartAt = r.duration("at");
      s->downtime = r.duration("downtime");
    }
    try {
      b.validate();
      c.validate();
    } catch (const std::invalid_argument& e) {
      n.error(e.what());
    }
    s->tcp = readTcpSettings(n);
    return s;
  };
  return k;
}

}  // namespace wirelab::models::scenario
