// The "notifications" and "pubsub" workload kinds read from scenario text and run: closed forms
// (short polling's mean latency P/2 + one-way delay, long polling's one one-way delay and one
// request per event, pub/sub's exact fan-out accounting and path-delay latency) and bad
// parameters reported with file:line:column and the key path.
#include <gtest/gtest.h>

#include <algorithm>
#include <numeric>
#include <string>
#include <vector>

#include "models/scenario/plan.h"
#include "models/scenario/runner.h"

namespace wirelab::models::scenario {
namespace {

std::optional<ScenarioPlan> plan(const std::string& text, Diagnostics& d) {
  auto doc = parseDocument(text, "s.yaml", d);
  if (!doc) return std::nullopt;
  return planScenario(std::move(*doc), PlanOptions{}, d);
}

RunResults runFirst(const std::string& text) {
  Diagnostics d;
  auto p = plan(text, d);
  EXPECT_TRUE(p) << d.formatAll();
  if (!p) return {};
  return executeRun(*p, p->runs.at(0));
}

double value(const RunResults& r, const std::string& metric) {
  const Metric* m = r.find(metric);
  EXPECT_NE(m, nullptr) << metric;
  return m ? m->value : -1;
}

double mean(const RunResults& r, const std::string& metric) {
  const Metric* m = r.find(metric);
  EXPECT_NE(m, nullptr) << metric;
  if (!m || m->samples.empty()) return -1;
  return std::accumulate(m->samples.begin(), m->samples.end(), 0.0) / static_cast<double>(m->samples.size());
}

std::string notifications(const std::string& workloadExtra) {
  return R"(wirelab: 1
name: n
duration: 200s
topology:
  nodes: [c, s]
  links:
    - {between: [c, s], rate: 100Mbps, delay: 20ms}
workloads:
  - kind: notifications
    name: w
    client: c
    server: s
)" + workloadExtra;
}

// Poisson events, P = 1 s, 5 clients whose poll phases cover [0, P) evenly: the mean latency is
// P/2 + the response's one-way delay (20 ms) + serialisation (~0.03 ms).
TEST(NotificationsKind, ShortPollingMeanLatencyIsHalfTheIntervalPlusOneWayDelay) {
  const RunResults r = runFirst(notifications(R"(    pattern: short-polling
    clients: 5
    start_spacing: 0.2s
    events: {process: poisson, rate: 2/s, start: 2s, stop: 195s}
    short_polling: {interval: 1s}
)"));
  const double expected = 0.5 + 0.020;
  EXPECT_NEAR(mean(r, "w.notification_latency"), expected, 0.02 * expected);
  const double events = value(r, "w.events_created");
  EXPECT_GT(events, 300);
  EXPECT_EQ(value(r, "w.events_delivered"), 5 * events);
  EXPECT_EQ(value(r, "w.missed"), 0);
  // One poll per client per P from its start to the end of the run.
  EXPECT_NEAR(value(r, "w.requests"), 5 * 200.0, 5.0);
  EXPECT_GT(value(r, "w.bytes_client_to_server"), value(r, "w.requests") * (101 + 12 + 1 + 52));
  EXPECT_GT(value(r, "w.empty_responses"), 0);
  EXPECT_FALSE(r.events().empty());  // "poll returned empty" records
}

// Sparse periodic events: a held long poll answers one one-way delay after each event, and every
// event costs one request (plus the one still held at the end).
TEST(NotificationsKind, LongPollingDeliversInOneOneWayDelayWithOneRequestPerEvent) {
  const RunResults r = runFirst(notifications(R"(    pattern: long-polling
    events: {process: periodic, interval: 5s, phase: 1s, stop: 190s}
    long_polling: {hold_timeout: 60s}
)"));
  const Metric* latency = r.find("w.notification_latency");
  ASSERT_NE(latency, nullptr);
  for (const double l : latency->samples) {
    EXPECT_GE(l, 0.020);
    EXPECT_LT(l, 0.021);
  }
  const double events = value(r, "w.events_created");
  EXPECT_EQ(events, 38);  // 1 s, 6 s, ..., 186 s
  EXPECT_EQ(value(r, "w.requests"), events + 1);
  EXPECT_EQ(value(r, "w.long_poll_timeouts"), 0);
  EXPECT_EQ(value(r, "w.open_connections"), 1);
}

// A trace source, SSE: one request for the whole run, every event delivered.
TEST(NotificationsKind, SseTraceSourceNeedsOneRequest) {
  const RunResults r = runFirst(notifications(R"(    pattern: sse
    clients: 3
    events: {process: trace, times: [1s, 2s, 2.5s, 10s], payload: {dist: uniform, min: 50, max: 150}}
)"));
  EXPECT_EQ(value(r, "w.events_created"), 4);
  EXPECT_EQ(value(r, "w.events_delivered"), 12);
  EXPECT_EQ(value(r, "w.requests"), 3);
  EXPECT_NEAR(value(r, "w.requests_per_event"), 0.25, 1e-12);
}

std::string diagnosticsOf(const std::string& text) {
  Diagnostics d;
  plan(text, d);
  return d.formatAll();
}

// Two nodes a and b, one 10 Mbit/s link, and one page-load workload with these fields (line 7).
std::string onePageLoad(const std::string& fields) {
  return R"(wirelab: 1
name: p
topology:
  nodes: [a, b]
  links: [{between: [a, b], rate: 10Mbps, delay: 10ms}]
workloads:
  - {kind: page-load, name: p, )" +
         fields + "}\n";
}

TEST(PageLoadKind, AClientThatIsItsOwnServerIsADiagnosticAtServer) {
  const std::string all = diagnosticsOf(onePageLoad("client: a, server: a, protocol: http1"));
  EXPECT_NE(all.find("workloads[0].server: client and server must be different nodes"), std::string::npos)
      << all;
}

// The client's sixth packet is the SYN of a connection opened for an object. Browsers bind late:
// another connection that frees up serves the object. curl binds early: the object waits for its own
// connection, whose SYN is resent after the 1 s initial RTO (RFC 6298 2.1).
std::string pageWithALostSyn(const std::string& binding) {
  return R"(wirelab: 1
name: bind
topology:
  nodes: [a, b]
  links: [{between: [a, b], rate: 100Mbps, delay: 25ms, loss: {model: list, positions: [5]}}]
workloads:
  - {kind: page-load, name: p, client: a, server: b, protocol: http1, connection_binding: )" +
         binding + R"(, page: {base: 1000B, objects: 6, object_size: 20KB}}
)";
}

TEST(PageLoadKind, EarlyBindingHoldsARequestBehindItsConnectionsLostSyn) {
  const double late = mean(runFirst(pageWithALostSyn("late")), "p.page_load_time");
  const double early = mean(runFirst(pageWithALostSyn("early")), "p.page_load_time");
  EXPECT_LT(late, 0.35) << "six round trips of 50 ms at most";
  EXPECT_GT(early, 1.0) << "the SYN's 1 s timeout, then its handshake and transfer";
  EXPECT_LT(early, 1.35);
}

TEST(PageLoadKind, ConnectionBindingIsOnlyForHttp1) {
  const std::string all =
      diagnosticsOf(onePageLoad("client: a, server: b, protocol: http2, connection_binding: early"));
  EXPECT_NE(all.find("s.yaml:7:91: workloads[0].connection_binding: connection_binding is about HTTP/1.1"),
            std::string::npos)
      << all;
}

TEST(PageLoadKind, ResponseOrderIsOnlyForMultiplexedProtocols) {
  const std::string all =
      diagnosticsOf(onePageLoad("client: a, server: b, protocol: http1, response_order: round-robin"));
  EXPECT_NE(all.find("s.yaml:7:"), std::string::npos) << all;
  EXPECT_NE(
      all.find("workloads[0].response_order: response_order: round-robin is about responses multiplexed"),
      std::string::npos)
      << all;
  // "sequential" is what HTTP/1.1 does anyway, so a protocol sweep may set it for all.
  EXPECT_EQ(diagnosticsOf(onePageLoad("client: a, server: b, protocol: http1, response_order: sequential")),
            "");
  EXPECT_NE(diagnosticsOf(onePageLoad("client: a, server: b, protocol: http3, response_order: random"))
                .find("response_order"),
            std::string::npos);
}

// Six 30 KB objects (24 ms each at 10 Mbit/s) requested at once: from the first object's end to
// the last's, in ms.
double objectsSpreadMs(const std::string& protocol, const std::string& order) {
  const RunResults r =
      runFirst(onePageLoad("client: a, server: b, protocol: " + protocol + ", response_order: " + order +
                           ", page: {base: 1000B, objects: 6, object_size: 30KB}"));
  const Metric* m = r.find("p.request_latency");
  EXPECT_NE(m, nullptr);
  if (m == nullptr || m->samples.size() != 7) return -1;
  std::vector<double> objects(m->samples.begin(), m->samples.end());
  std::sort(objects.begin(), objects.end());
  return (objects.back() - objects[1]) * 1e3;  // objects[0]: the base document
}

TEST(PageLoadKind, ResponseOrderDecidesWhetherObjectsEndOneByOneOrTogether) {
  // Sequential (RFC 9218's default): one object after another, about 24 ms apart.
  EXPECT_GT(objectsSpreadMs("http2", "sequential"), 5 * 20.0);
  EXPECT_GT(objectsSpreadMs("http3", "sequential"), 5 * 20.0);
  // Round robin: HTTP/3 in packet turns, all six in the transfer's last packets; HTTP/2 in turns
  // of one 16 KB frame, so each 30 KB object's second frame ends it, about 11 ms after the previous.
  EXPECT_LT(objectsSpreadMs("http3", "round-robin"), 20.0);
  EXPECT_LT(objectsSpreadMs("http2", "round-robin"), 5 * 14.0);
}

// Client a; the page's server b 10 ms away; another origin c 50 ms away (RTT 20 and 100 ms).
std::string pageFromTwoOrigins(const std::string& protocol, const std::string& page) {
  return R"(wirelab: 1
name: origins
replications: 2
topology:
  nodes: [a, b, c]
  links:
    - {between: [a, b], rate: 1Gbps, delay: 10ms}
    - {between: [a, c], rate: 1Gbps, delay: 50ms}
workloads:
  - kind: page-load
    name: p
    client: a
    server: b
    protocol: )" +
         protocol + R"(
    page: )" +
         page + "\n";
}

TEST(PageLoadKind, EachWaveWaitsForItsParents) {
  // HTTP/2, RTT 20 ms: connect, base document, then one round trip per wave.
  const double oneWave =
      mean(runFirst(pageFromTwoOrigins("http2", "{base: 1000B, objects: 6, object_size: 1000B}")),
           "p.page_load_time");
  EXPECT_NEAR(oneWave, 0.060, 0.02 * 0.060);
  const double twoWaves =
      mean(runFirst(pageFromTwoOrigins("http2",
                                       "{base: 1000B, waves: [{objects: 3, object_size: 1000B}, "
                                       "{objects: 3, object_size: 1000B}]}")),
           "p.page_load_time");
  EXPECT_NEAR(twoWaves, 0.080, 0.02 * 0.080);
}

TEST(PageLoadKind, AnotherOriginCostsItsOwnConnectionAndRoundTrips) {
  // Base document from b (connect + request: 2 x 20 ms), the objects from c over a new
  // connection (2 x 100 ms): 240 ms, for each protocol (HTTP/3's handshake is one round trip
  // with TLS, as TCP's without).
  for (const std::string protocol : {"http1", "http2", "http3"}) {
    const double t =
        mean(runFirst(pageFromTwoOrigins(
                 protocol, "{base: 1000B, waves: [{objects: 4, object_size: 1000B, origin: c}]}")),
             "p.page_load_time");
    EXPECT_NEAR(t, 0.240, 0.02 * 0.240) << protocol;
  }
}

RunResults runReplication(const std::string& text, std::size_t index) {
  Diagnostics d;
  auto p = plan(text, d);
  EXPECT_TRUE(p) << d.formatAll();
  if (!p) return {};
  return executeRun(*p, p->runs.at(index));
}

TEST(PageLoadKind, ObjectSizesAreDrawnFromTheirDistributionPerRun) {
  // 10 Mbit/s: an object's size shows in its latency (1 ms per 1,250 bytes).
  std::string text = pageFromTwoOrigins(
      "http2", "{base: 1000B, waves: [{objects: 8, object_size: {dist: uniform, min: 1000, max: 200000}}]}");
  text.replace(text.find("rate: 1Gbps"), 11, "rate: 10Mbps");
  const auto latencies = [&](std::size_t replication) {
    const RunResults r = runReplication(text, replication);
    const Metric* m = r.find("p.request_latency");
    return m != nullptr ? m->samples : std::vector<double>{};
  };
  const std::vector<double> first = latencies(0);
  ASSERT_EQ(first.size(), 9u);
  EXPECT_EQ(latencies(0), first) << "same seed, same sizes";
  EXPECT_NE(latencies(1), first) << "another replication draws other sizes";
  const auto [lo, hi] = std::minmax_element(first.begin() + 1, first.end());
  EXPECT_GT(*hi - *lo, 0.02) << "objects of different sizes end at different times";
}

TEST(PageLoadKind, HttpsPaysTlssRoundTripAfterTcpsExceptOverQuic) {
  // RTT 20 ms, 6 objects: HTTP/2 in cleartext 3 RTT; over TLS 1.3 one more; HTTP/3 carries TLS 1.3
  // in QUIC's handshake, so 3 RTT with it.
  const std::string page = "{base: 1000B, objects: 6, object_size: 1000B}";
  std::string text = pageFromTwoOrigins("http2", page);
  text.replace(text.find("    page:"), 0, "    tls: \"1.3\"\n");
  const RunResults h2tls = runFirst(text);
  EXPECT_NEAR(mean(h2tls, "p.page_load_time"), 0.080, 0.02 * 0.080);
  EXPECT_NEAR(mean(runFirst(pageFromTwoOrigins("http3", page)), "p.page_load_time"), 0.060, 0.02 * 0.060);
  // The base document's row: TCP's handshake (1 RTT), then TLS's (1 RTT), then the request.
  ASSERT_FALSE(h2tls.waterfall().empty());
  const WaterfallRow& base = h2tls.waterfall().front();
  EXPECT_NEAR(base.connectEnd - base.connectStart, 0.020, 0.0005);
  EXPECT_NEAR(base.tlsEnd - base.connectEnd, 0.020, 0.0005);
  // tls: "1.3" says what HTTP/3 does anyway (one file can sweep the protocols over HTTPS); no
  // other value can apply to it.
  text = pageFromTwoOrigins("http3", page);
  text.replace(text.find("    page:"), 0, "    tls: \"1.3\"\n");
  EXPECT_NEAR(mean(runFirst(text), "p.page_load_time"), 0.060, 0.02 * 0.060);
  text.replace(text.find("\"1.3\""), 5, "\"1.2\"");
  EXPECT_NE(diagnosticsOf(text).find("workloads[0].tls: HTTP/3 always runs TLS 1.3 inside QUIC's handshake"),
            std::string::npos)
      << diagnosticsOf(text);
}

TEST(PageLoadKind, BadWavesAreDiagnosticsAtTheirKey) {
  std::string all = diagnosticsOf(pageFromTwoOrigins("http1", "{objects: 2, waves: [{objects: 1}]}"));
  EXPECT_NE(all.find("page.objects: objects is the one-wave shorthand"), std::string::npos) << all;
  all = diagnosticsOf(pageFromTwoOrigins("http1", "{waves: [{objects: 1, origin: d}]}"));
  EXPECT_NE(all.find("page.waves[0].origin: no node named \"d\""), std::string::npos) << all;
  all = diagnosticsOf(pageFromTwoOrigins("http1", "{waves: [{objects: 1, origin: a}]}"));
  EXPECT_NE(all.find("page.waves[0].origin: an origin must not be the client"), std::string::npos) << all;
  all = diagnosticsOf(pageFromTwoOrigins("http1", "{waves: [{objects: 0}]}"));
  EXPECT_NE(all.find("page.waves[0].objects"), std::string::npos) << all;
}

TEST(NotificationsKind, BadParametersAreDiagnosticsAtTheirKey) {
  const std::string all = diagnosticsOf(notifications(R"(    pattern: short-polling
    short_polling: {interval: 0s}
    events: {process: poisson, rate: 2/fortnight}
    disconnect: {mean_intervall: 3s}
)"));
  EXPECT_NE(all.find("s.yaml:14:31: workloads[0].short_polling.interval: must be positive"),
            std::string::npos)
      << all;
  EXPECT_NE(all.find("s.yaml:15:38: workloads[0].events.rate: unknown time unit"), std::string::npos) << all;
  EXPECT_NE(all.find("workloads[0].disconnect.mean_intervall"), std::string::npos) << all;
  const std::string patterns = diagnosticsOf(notifications("    pattern: polling\n"));
  EXPECT_NE(patterns.find("s.yaml:13:14: workloads[0].pattern:"), std::string::npos) << patterns;
  std::string danglingText = notifications("    pattern: sse\n");
  danglingText.replace(danglingText.find("server: s\n"), 9, "server: nowhere");
  const std::string dangling = diagnosticsOf(danglingText);
  EXPECT_NE(dangling.find("workloads[0].server"), std::string::npos) << dangling;
  const std::string source =
      diagnosticsOf(notifications("    pattern: sse\n    events: {process: periodic, rate: 1/s}\n"));
  EXPECT_NE(source.find("s.yaml:14:39: workloads[0].events.rate: only a poisson source"), std::string::npos)
      << source;
}

std::string pubsub(const std::string& qos, const std::string& subscriberExtra) {
  return R"(wirelab: 1
name: p
duration: 20s
topology:
  nodes: [pubs, broker, subs]
  links:
    - {between: [pubs, broker], rate: 100Mbps, delay: 5ms}
    - {between: [broker, subs], rate: 100Mbps, delay: 20ms}
workloads:
  - kind: pubsub
    name: f
    broker: broker
    topics: [t]
    qos: )" +
         qos + R"(
    publishers:
      - {node: pubs, count: 1, rate: 10/s, arrivals: periodic, size: 200B, start: 1s, stop: 11s}
    subscribers:
      - {node: subs, count: 3)" +
         subscriberExtra + R"(}
)";
}

// No loss, no breaks: every publication reaches every subscriber once, one path delay later.
TEST(PubSubKind, FanOutIsExactAndLatencyIsThePathDelay) {
  const RunResults r = runFirst(pubsub("1", ""));
  const double published = value(r, "f.published");
  EXPECT_EQ(published, 100);  // 1.1 s, 1.2 s, ..., 11.0 s
  EXPECT_EQ(value(r, "f.expected"), 3 * published);
  EXPECT_EQ(value(r, "f.delivered"), 3 * published);
  EXPECT_EQ(value(r, "f.lost"), 0);
  EXPECT_EQ(value(r, "f.pending"), 0);
  EXPECT_EQ(value(r, "f.duplicates"), 0);
  const Metric* latency = r.find("f.latency");
  ASSERT_NE(latency, nullptr);
  ASSERT_EQ(latency->samples.size(), 300u);
  // 5 ms + 20 ms of propagation, plus serialising a ~280-byte segment on two 100 Mbit/s links.
  for (const double l : latency->samples) {
    EXPECT_GE(l, 0.025);
    EXPECT_LT(l, 0.0252);
  }
  // Each delivery is at least one PUBLISH (200 + 26 bytes) in a segment (52 bytes of headers).
  EXPECT_GE(value(r, "f.bytes_from_broker"), 300 * (200 + 26 + 52));
}

// QoS 0 with offline subscribers whose messages the broker does not queue: some are lost, and
// delivered + lost accounts for every publication x subscriber; QoS 1 loses none.
TEST(PubSubKind, AtMostOnceLosesAndAccountsAtLeastOnceDoesNot) {
  const std::string extra = ", online: 2s, offline: 1s, breaks: 2s, from: 0.5s, until: 12s";
  std::string q0 = pubsub("0", extra);
  q0.replace(q0.find("    publishers:"), 0, "    queue_qos0_offline: false\n");
  const RunResults r0 = runFirst(q0);
  EXPECT_GT(value(r0, "f.lost"), 0);
  EXPECT_EQ(value(r0, "f.pending"), 0);
  EXPECT_EQ(value(r0, "f.delivered") + value(r0, "f.lost"), value(r0, "f.expected"));
  EXPECT_EQ(value(r0, "f.duplicates"), 0);
  const RunResults r1 = runFirst(pubsub("1", extra));
  EXPECT_EQ(value(r1, "f.lost"), 0);
  EXPECT_EQ(value(r1, "f.delivered"), value(r1, "f.expected"));
  EXPECT_GT(value(r1, "f.queue_depth_peak"), 0);
}

TEST(PubSubKind, BadParametersAreDiagnosticsAtTheirKey) {
  std::string bad = pubsub("2", ", topics: [nope]");
  const std::string all = diagnosticsOf(bad);
  EXPECT_NE(all.find("s.yaml:14:10: workloads[0].qos: unknown value \"2\""), std::string::npos) << all;
  EXPECT_NE(all.find("s.yaml:18:40: workloads[0].subscribers[0].topics: unknown topic \"nope\""),
            std::string::npos)
      << all;
  const std::string dangling = diagnosticsOf(pubsub("1", ", online: 2s"));
  EXPECT_NE(dangling.find("workloads[0].subscribers[0].online: the on/off process needs both"),
            std::string::npos)
      << dangling;
  std::string noNode = pubsub("1", "");
  noNode.replace(noNode.find("node: subs"), 10, "node: elsewhere");
  EXPECT_NE(diagnosticsOf(noNode).find("workloads[0].subscribers[0].node"), std::string::npos)
      << diagnosticsOf(noNode);
}

}  // namespace
}  // namespace wirelab::models::scenario
