// The rpc, upload, session-backend, proxy and transfer workload kinds: each parsed from a small
// scenario, run, and checked against a closed form; and a bad parameter of each reported with its
// line, column and key path.
#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>
#include <string>

#include "models/scenario/kinds/http_settings.h"
#include "models/scenario/kinds/tcp_settings.h"
#include "models/scenario/plan.h"
#include "models/scenario/runner.h"

namespace wirelab::models::scenario {
namespace {

// Runs case `caseIndex`, replication 0, of a scenario text.
RunResults runCase(const std::string& text, std::size_t caseIndex = 0) {
  Diagnostics d;
  auto doc = parseDocument(text, "k.yaml", d);
  if (!doc) ADD_FAILURE() << d.formatAll();
  auto plan = planScenario(std::move(*doc), PlanOptions{}, d);
  if (!plan) {
    ADD_FAILURE() << d.formatAll();
    return {};
  }
  for (const RunPlan& r : plan->runs) {
    if (r.caseIndex == caseIndex && r.replication == 0) return executeRun(*plan, r);
  }
  ADD_FAILURE() << "no case " << caseIndex;
  return {};
}

// The diagnostics of a scenario text that should not plan.
Diagnostics problems(const std::string& text) {
  Diagnostics d;
  auto doc = parseDocument(text, "k.yaml", d);
  if (doc) {
    auto plan = planScenario(std::move(*doc), PlanOptions{}, d);
    EXPECT_FALSE(plan.has_value());
  }
  return d;
}

double value(const RunResults& r, const std::string& metric) {
  const Metric* m = r.find(metric);
  if (m == nullptr) {
    ADD_FAILURE() << "no metric " << metric;
    return NAN;
  }
  return m->value;
}

double mean(const RunResults& r, const std::string& metric) {
  const Metric* m = r.find(metric);
  if (m == nullptr || m->samples.empty()) {
    ADD_FAILURE() << "no samples of " << metric;
    return NAN;
  }
  double s = 0;
  for (double x : m->samples) s += x;
  return s / static_cast<double>(m->samples.size());
}

double maxOf(const RunResults& r, const std::string& metric) {
  const Metric* m = r.find(metric);
  if (m == nullptr || m->samples.empty()) return NAN;
  return *std::max_element(m->samples.begin(), m->samples.end());
}

// Expects exactly one diagnostic at `line`:`column` whose key path is `key`.
void expectDiagnostic(const Diagnostics& d, int line, int column, const std::string& key) {
  ASSERT_FALSE(d.empty());
  bool found = false;
  for (const Diagnostic& x : d.items()) {
    if (x.keyPath == key && x.where.line == line && x.where.column == column) found = true;
  }
  EXPECT_TRUE(found) << "wanted " << line << ":" << column << " " << key << ", got:\n" << d.formatAll();
}

std::string twoNodes(const std::string& link, const std::string& workload) {
  return "wirelab: 1\nname: t\nduration: 60s\ntopology:\n  nodes: [a, b]\n  links:\n    - {between: [a, "
         "b], " +
         link + "}\nworkloads:\n" + workload;
}

// ---- rpc ----------------------------------------------------------------------------------------

// Sync calls, one at a time: latency = RTT + service (tiny messages on a 1 Gbit/s link), and the
// throughput its inverse.
TEST(RpcKind, SyncLatencyIsRoundTripPlusService) {
  const RunResults r =
      runCase(twoNodes("rate: 1Gbps, delay: 25ms",
                       "  - {kind: rpc, name: c, client: a, server: b, calls: 20, request: 200B,\n"
                       "     response: 300B, http_server: {concurrency: event-loop, cpu: 5}}\n"));
  EXPECT_NEAR(mean(r, "c.latency"), 0.055, 0.055 * 0.01);
  EXPECT_NEAR(value(r, "c.throughput"), 1 / 0.055, 1 / 0.055 * 0.01);
  EXPECT_EQ(value(r, "c.calls_completed"), 20);
  EXPECT_NEAR(mean(r, "c.queue_wait"), 0.0, 1e-9);
}

// W = 10 calls outstanding on one HTTP/2 connection against one worker of 10 ms: W / cycle
// (10 / 60 ms) exceeds the worker's 100 calls/s, so the worker is the bottleneck: throughput
// 1 / service, and Little's law gives latency W / X = 100 ms, of which RTT + service are 60.
TEST(RpcKind, WindowSaturatesOneWorker) {
  const RunResults r =
      runCase(twoNodes("rate: 1Gbps, delay: 25ms",
                       "  - {kind: rpc, name: c, client: a, server: b, protocol: http2, mode: window,\n"
                       "     window: 10, calls: 300, warmup: 20, request: 200B, response: 300B,\n"
                       "     http_server: {concurrency: worker-pool, workers: 1, cpu: 10}}\n"));
  EXPECT_NEAR(value(r, "c.throughput"), 100.0, 1.0);
  EXPECT_NEAR(mean(r, "c.latency"), 0.100, 0.002);
  EXPECT_NEAR(mean(r, "c.queue_wait"), 0.040, 0.002);
  EXPECT_EQ(value(r, "c.connections_opened"), 1);
}

// A sequence of n requests: pooled (1 + n) RTT in all, Connection: close 2 n RTT, TLS 1.3 with
// close 3 n RTT (docs/servers.md closed forms); connections opened 1 vs n.
TEST(RpcKind, ConnectionReuseAgainstConnectionClose) {
  const std::string base =
      "  - {kind: rpc, name: c, client: a, server: b, calls: 5, warmup: 0, request: 200B,\n"
      "     response: 300B";
  const RunResults pooled = runCase(twoNodes("rate: 1Gbps, delay: 50ms", base + "}\n"));
  const RunResults close =
      runCase(twoNodes("rate: 1Gbps, delay: 50ms", base + ", http1: {connection_close: true}}\n"));
  const RunResults tls = runCase(
      twoNodes("rate: 1Gbps, delay: 50ms", base + ", http1: {connection_close: true, tls: '1.3'}}\n"));
  const auto total = [](const RunResults& r) { return mean(r, "c.latency") * 5; };
  EXPECT_NEAR(total(pooled), 0.6, 0.006);
  EXPECT_NEAR(total(close), 1.0, 0.01);
  EXPECT_NEAR(total(tls), 1.5, 0.015);
  EXPECT_EQ(value(pooled, "c.connections_opened"), 1);
  EXPECT_EQ(value(close, "c.connections_opened"), 5);
}

TEST(RpcKind, BadParametersNameTheirKey) {
  const Diagnostics d = problems(twoNodes("rate: 1Gbps, delay: 5ms",
                                          "  - {kind: rpc, name: c, client: a, server: b,\n"
                                          "     http_server: {concurrency: worker-pool, workers: 0}}\n"));
  expectDiagnostic(d, 10, 55, "workloads[0].http_server.workers");
  const Diagnostics w = problems(twoNodes(
      "rate: 1Gbps, delay: 5ms", "  - {kind: rpc, name: c, client: a, server: nowhere, mode: windw}\n"));
  expectDiagnostic(w, 9, 45, "workloads[0].server");
  expectDiagnostic(w, 9, 60, "workloads[0].mode");
  // Impossible combinations: pipelining on HTTP/2, zero connections per origin.
  const Diagnostics p = problems(twoNodes(
      "rate: 1Gbps, delay: 5ms",
      "  - {kind: rpc, name: c, client: a, server: b, protocol: http2, http1: {pipelining: true}}\n"));
  expectDiagnostic(p, 9, 85, "workloads[0].http1.pipelining");
  EXPECT_EQ(p.size(), 1u) << p.formatAll();
  const Diagnostics z =
      problems(twoNodes("rate: 1Gbps, delay: 5ms",
                        "  - {kind: rpc, name: c, client: a, server: b, http1: {connections: 0}}\n"));
  expectDiagnostic(z, 9, 69, "workloads[0].http1.connections");
}

// ---- upload -------------------------------------------------------------------------------------

// Without disconnects the resumable upload costs k = ceil(N / C) extra exchanges over the single
// PUT: T_chunked - T_single = k (RTT + t(h) + t(r)) (docs/workloads.md: 0.6490 s for 1 MiB in
// 64 KiB chunks at 10 Mbit/s, RTT 40 ms).
TEST(UploadKind, ChunkingCostsOneExchangePerChunk) {
  const std::string text =
      twoNodes("rate: 10Mbps, delay: 20ms, queue: 1000pkt",
               "  - {kind: upload, name: u, client: a, server: b, mode: single, size: 1MiB,\n"
               "     chunk: 64KiB, tcp: {profile: rfc, sack: true}}\n") +
      "sweep:\n  workloads[0].mode: [single, resumable]\n";
  const RunResults single = runCase(text, 0);
  const RunResults chunked = runCase(text + "", 1);
  const double ts = mean(single, "u.completion_time"), tc = mean(chunked, "u.completion_time");
  EXPECT_NEAR(tc - ts, 0.6490, 0.6490 * 0.03) << ts << " " << tc;
  EXPECT_EQ(value(single, "u.restarts"), 0);
  EXPECT_EQ(value(chunked, "u.requests"), 17);  // POST + 16 PATCHes
  EXPECT_EQ(value(chunked, "u.server_committed"), 1024 * 1024);
}

TEST(UploadKind, BadParametersNameTheirKey) {
  const Diagnostics d = problems(
      twoNodes("rate: 1Gbps, delay: 5ms", "  - {kind: upload, name: u, client: a, server: b, chunk: 0B}\n"));
  expectDiagnostic(d, 9, 58, "workloads[0].chunk");
  EXPECT_EQ(d.size(), 1u) << d.formatAll();
}

// ---- session-backend ---------------------------------------------------------------------------

// The restart of docs/workloads.md's validation (20 clients x 40 requests, L = 2, D = 3 s,
// R = 0.4 s, RTT 40 ms): stateful 7 failed, 120 refused SYNs, 20 401s, 80 login exchanges,
// 27 repeats, 827 requests; stateless 5, 120, 0, 40, 5, 805 (exact, from the schedule).
TEST(SessionBackendKind, RestartCountsMatchTheSchedule) {
  const std::string text =
      twoNodes("rate: 100Mbps, delay: 20ms",
               "  - {kind: session-backend, name: s, client: a, server: b, clients: 20, requests: 40,\n"
               "     think_time: 100ms, start_stagger: 13ms, reconnect_interval: 400ms, login_exchanges: 2,\n"
               "     login_service: 30ms, service: 10ms, restart: {at: 2s, downtime: 3s},\n"
               "     tcp: {profile: rfc, sack: true}}\n") +
      "sweep:\n  workloads[0].design: [stateful, stateless]\n";
  const RunResults sf = runCase(text, 0), sl = runCase(text, 1);
  EXPECT_EQ(value(sf, "s.failed_requests"), 7);
  EXPECT_EQ(value(sf, "s.refused_connects"), 120);
  EXPECT_EQ(value(sf, "s.unauthorized"), 20);
  EXPECT_EQ(value(sf, "s.login_exchanges"), 80);
  EXPECT_EQ(value(sf, "s.repeated_requests"), 27);
  EXPECT_EQ(value(sf, "s.requests_sent"), 827);
  EXPECT_EQ(value(sf, "s.extra_requests"), 27);
  EXPECT_EQ(value(sl, "s.failed_requests"), 5);
  EXPECT_EQ(value(sl, "s.unauthorized"), 0);
  EXPECT_EQ(value(sl, "s.login_exchanges"), 40);
  EXPECT_EQ(value(sl, "s.requests_sent"), 805);
  EXPECT_EQ(value(sl, "s.requests_completed"), 800);
}

TEST(SessionBackendKind, BadParametersNameTheirKey) {
  const Diagnostics d = problems(twoNodes("rate: 1Gbps, delay: 5ms",
                                          "  - {kind: session-backend, name: s, client: a, server: b,\n"
                                          "     restart: {at: 2s, downtme: 3s}}\n"));
  expectDiagnostic(d, 10, 15, "workloads[0].restart.downtime");  // missing
  expectDiagnostic(d, 10, 24, "workloads[0].restart.downtme");
}

// ---- proxy --------------------------------------------------------------------------------------

std::string proxyScenario(const std::string& upstream) {
  return "wirelab: 1\nname: p\nduration: 60s\ntopology:\n  nodes: [c, p, o]\n  links:\n"
         "    - {between: [c, p], rate: 1Gbps, delay: 10ms}\n    - {between: [p, o], rate: 1Gbps, delay: "
         "50ms}\n"
         "workloads:\n  - {kind: proxy, name: x, client: c, proxy: p, server: o, clients: 12, calls: 2,\n"
         "     response: 300B, upstream: " +
         upstream + "}\n";
}

// 12 clients at once, RTT_d 20 ms, RTT_u 100 ms. Cold: 2 RTT_d + 2 RTT_u = 240 ms with enough
// upstream connections or HTTP/2; a pool of 4 serves three waves: the last at 240 + 2 x 100 ms.
// Warm (second call): RTT_d + RTT_u = 120 ms over HTTP/2.
TEST(ProxyKind, PoolWavesAndMultiplexing) {
  const RunResults h2 = runCase(proxyScenario("{protocol: http2}"));
  const RunResults h1 = runCase(proxyScenario("{protocol: http1, http1: {connections: 4}}"));
  const Metric* lat = h2.find("x.latency");
  ASSERT_NE(lat, nullptr);
  std::vector<double> s = lat->samples;
  std::sort(s.begin(), s.end());
  ASSERT_EQ(s.size(), 24u);
  EXPECT_NEAR(s.front(), 0.120, 0.002);
  EXPECT_NEAR(s.back(), 0.240, 0.003);
  EXPECT_NEAR(maxOf(h1, "x.latency"), 0.440, 0.005);
  EXPECT_EQ(value(h1, "x.upstream_connections_opened"), 4);
  EXPECT_EQ(value(h2, "x.max_upstream_connections"), 1);
  EXPECT_EQ(value(h1, "x.max_downstream_connections"), 12);
}

TEST(ProxyKind, BadParametersNameTheirKey) {
  const Diagnostics d = problems(proxyScenario("{protocol: http3, http1: {connections: 0}}"));
  expectDiagnostic(d, 11, 43, "workloads[0].upstream.protocol");
  expectDiagnostic(d, 11, 71, "workloads[0].upstream.http1.connections");
}

// ---- transfer -----------------------------------------------------------------------------------

// UDP at a constant bit rate: 120 datagrams of 1000 B leave every 1028 x 8 / 8.224 Mbit/s = 1 ms;
// the last arrives 119 ms + its serialisation at 100 Mbit/s (82.24 us) + 10 ms after the start.
TEST(TransferKind, UdpConstantBitRate) {
  const RunResults r =
      runCase(twoNodes("rate: 100Mbps, delay: 10ms",
                       "  - {kind: transfer, name: t, from: a, to: b, transport: udp, size: 120000B,\n"
                       "     packet: 1000B, rate: 8.224Mbps}\n"));
  EXPECT_NEAR(mean(r, "t.completion_time"), 0.119 + 0.01 + 82.24e-6, 1e-6);
  EXPECT_EQ(value(r, "t.packets_lost"), 0);
  EXPECT_EQ(value(r, "t.delivered_fraction"), 1);
}

// With 5% loss UDP loses about 5% and retransmits nothing; TCP and QUIC deliver every byte.
TEST(TransferKind, LossIsCountedForUdpAndRepairedByTcpAndQuic) {
  const std::string text =
      twoNodes("rate: 20Mbps, delay: 10ms, loss: 5%",
               "  - {kind: transfer, name: t, from: a, to: b, transport: udp, size: 1200000B,\n"
               "     rate: 5Mbps}\n") +
      "sweep:\n  workloads[0].transport: [udp, tcp, quic]\n";
  const RunResults udp = runCase(text, 0);
  const double lost = value(udp, "t.packets_lost");
  EXPECT_NEAR(lost / 1000, 0.05, 3 * std::sqrt(0.05 * 0.95 / 1000));
  EXPECT_NEAR(value(udp, "t.delivered_fraction"), 1 - lost / 1000, 1e-9);
  for (std::size_t c : {1, 2}) {
    const RunResults r = runCase(text, c);
    const char* transport = c == 1 ? "tcp" : "quic";
    EXPECT_EQ(value(r, "t.completed"), 1) << transport;
    EXPECT_EQ(value(r, "t.bytes_delivered"), 1200000) << transport;
    EXPECT_GT(value(r, "t.bytes_retransmitted"), 0) << transport;
  }
}

// Without loss a long TCP transfer runs at the link's payload rate: 1448 of every 1500 bytes
// (timestamps take 12 of the 52 header bytes), less the slow-start ramp.
TEST(TransferKind, TcpGoodputNearPayloadRate) {
  const RunResults r = runCase(twoNodes("rate: 10Mbps, delay: 5ms, queue: 100pkt",
                                        "  - {kind: transfer, name: t, from: a, to: b, size: 5MB}\n"));
  EXPECT_NEAR(mean(r, "t.goodput"), 10e6 * 1448 / 1500, 10e6 * 0.03);
}

// One workload's `key: value` (YAML), read by `read` (readTcpSettings, readHttpClient, ...).
template <typename Read>
auto readWorkloadKey(const std::string& keyAndValue, Read read) {
  Diagnostics d;
  const SpecNode workload(YAML::Load(keyAndValue), "", "k.yaml", d);
  return read(workload);
}

transport::tcp::TcpConfig tcpSettingsOf(const std::string& tcp) {
  return readWorkloadKey("tcp: " + tcp, [](const SpecNode& w) { return readTcpSettings(w); });
}

// `prr` follows the profile (on in "linux", off in the others) unless the workload sets it.
TEST(TcpSettings, ProportionalRateReductionFollowsTheProfileUnlessSet) {
  EXPECT_TRUE(tcpSettingsOf("linux").proportionalRateReduction);
  EXPECT_FALSE(tcpSettingsOf("rfc").proportionalRateReduction);
  EXPECT_FALSE(tcpSettingsOf("{profile: linux, prr: false}").proportionalRateReduction);
  EXPECT_TRUE(tcpSettingsOf("{profile: ns3, prr: true}").proportionalRateReduction);
}

// `random_clock_phase` is off in every profile; a workload turns it on.
TEST(TcpSettings, RandomClockPhaseIsOffUnlessSet) {
  EXPECT_FALSE(tcpSettingsOf("linux").randomClockPhase);
  EXPECT_FALSE(tcpSettingsOf("ns3").randomClockPhase);
  EXPECT_TRUE(tcpSettingsOf("{profile: linux, random_clock_phase: true}").randomClockPhase);
}

// `http1.binding`: late (browsers) unless the workload asks for early (curl).
TEST(HttpSettings, Http1BindingIsLateUnlessSetEarly) {
  const auto earlyOf = [](const std::string& http1) {
    return readWorkloadKey("http1: " + http1, [](const SpecNode& w) {
      return readHttpClient(w, *transport::tcp::tcpProfile("linux")).http1.bindRequestToItsNewConnection;
    });
  };
  EXPECT_FALSE(earlyOf("{connections: 6}"));
  EXPECT_FALSE(earlyOf("{binding: late}"));
  EXPECT_TRUE(earlyOf("{binding: early}"));
}

TEST(TransferKind, BadParametersNameTheirKey) {
  const Diagnostics d =
      problems(twoNodes("rate: 1Gbps, delay: 5ms",
                        "  - {kind: transfer, name: t, from: a, to: b, transport: udp, packet: 9000B}\n"));
  expectDiagnostic(d, 9, 5, "workloads[0].rate");  // required for udp
  expectDiagnostic(d, 9, 71, "workloads[0].packet");
}

}  // namespace
}  // namespace wirelab::models::scenario
