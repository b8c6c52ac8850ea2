// Stateful vs stateless session backends that restart mid-run: exact counts of failed, refused,
// repeated requests and logins against the zero-loss schedule, the recovery time in round trips,
// and the token's cost in bytes.
#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <stdexcept>
#include <string>

#include "models/workload/session_backend_experiment.h"

namespace wirelab::models::workload {
namespace {

SessionBackendExperiment base(SessionDesign design) {
  SessionBackendExperiment e;
  e.rate = sim::Mbps(100);
  e.rtt = sim::Milliseconds(40);
  e.backend.design = design;
  e.backend.loginExchanges = 2;
  e.backend.loginServiceTime = sim::Milliseconds(30);
  e.backend.serviceTime = sim::Milliseconds(10);
  e.backend.tokenVerifyTime = sim::Milliseconds(2);
  e.clients.clients = 20;
  e.clients.requestsPerClient = 40;
  e.clients.thinkTime = sim::Milliseconds(100);
  e.clients.startStagger = sim::Milliseconds(13);
  e.clients.reconnectInterval = sim::Milliseconds(400);
  e.restartAt = sim::Seconds(2);
  e.downtime = sim::Seconds(3);
  return e;
}

// Seconds to serialise a message of `bytes` in segments of 1448 with 52 header bytes each.
double tx(double bytes, const SessionBackendExperiment& e) {
  const double segments = std::ceil(bytes / 1448);
  return (bytes + 52 * segments) * 8 / static_cast<double>(e.rate.bitsPerSecond());
}

struct Expected {
  int failed = 0;       // requests whose response had not left the server at the crash
  int refused = 0;      // refused SYNs per client
  double margin = 1e9;  // closest any request boundary comes to the crash (s)
};

// The zero-loss schedule before the crash: client i connects at i x stagger; its first request
// leaves after the handshake and L login exchanges; each request takes RTT + tx + service, then
// the think time. A request fails if the server had not yet sent its response at the crash and
// the client wrote it before the RST reached it.
Expected expectedCounts(const SessionBackendExperiment& e) {
  const auto& b = e.backend;
  const double owd = e.rtt.seconds() / 2;
  const double credential = b.design == SessionDesign::Stateful ? b.cookieBytes : b.tokenBytes;
  const double service =
      b.serviceTime.seconds() + (b.design == SessionDesign::Stateless ? b.tokenVerifyTime.seconds() : 0);
  const double txRequest = tx(b.requestBytes + credential, e);
  const double login = e.rtt.seconds() + b.loginServiceTime.seconds() + tx(b.loginRequestBytes, e) +
                       tx(b.loginResponseBytes, e);
  const double cycle = e.rtt.seconds() + txRequest + service + tx(b.responseBytes, e);
  const double crash = e.restartAt.seconds();
  Expected x;
  for (int i = 0; i < e.clients.clients; ++i) {
    double t = e.clients.startStagger.seconds() * i + e.rtt.seconds() + b.loginExchanges * login;
    for (int j = 0; j < e.clients.requestsPerClient && t < crash + owd; ++j) {
      const double responseLeaves = t + owd + txRequest + service;
      x.margin = std::min({x.margin, std::abs(responseLeaves - crash), std::abs(t - (crash + owd))});
      if (responseLeaves > crash) ++x.failed;
      t += cycle + e.clients.thinkTime.seconds();
    }
  }
  // Every client hears the RST one way after the crash, then tries every reconnectInterval after
  // each refusal's RST: attempt j's SYN reaches the server at crash + j (R + RTT).
  for (int j = 1;; ++j) {
    const double synArrives = crash + j * (e.clients.reconnectInterval.seconds() + e.rtt.seconds());
    x.margin = std::min(x.margin, std::abs(synArrives - (crash + e.downtime.seconds())));
    if (synArrives >= crash + e.downtime.seconds()) break;
    ++x.refused;
  }
  return x;
}

TEST(SessionBackend, RestartCountsMatchTheZeroLossScheduleExactly) {
  for (const SessionDesign d : {SessionDesign::Stateful, SessionDesign::Stateless}) {
    const SessionBackendExperiment e = base(d);
    const SessionBackendResult r = runSessionBackendExperiment(e);
    ASSERT_TRUE(r.finished) << toString(d);
    const Expected x = expectedCounts(e);
    ASSERT_GT(x.margin, 0.002) << "the schedule puts a boundary too close to the crash to count exactly";
    const std::uint64_t n = static_cast<std::uint64_t>(e.clients.clients);
    const std::uint64_t k = static_cast<std::uint64_t>(e.clients.requestsPerClient);
    const std::uint64_t l = static_cast<std::uint64_t>(e.backend.loginExchanges);
    const std::uint64_t f = static_cast<std::uint64_t>(x.failed);
    const bool stateful = d == SessionDesign::Stateful;
    // Stateful: every client's first request after the restart is refused (401), it logs in again
    // (L exchanges) and repeats it. Stateless: only the requests cut by the reset are repeated.
    const std::uint64_t unauthorized = stateful ? n : 0;
    const std::uint64_t logins = n * l + (stateful ? n * l : 0);
    const std::uint64_t repeated = f + unauthorized;
    const std::uint64_t sent = n * k + repeated;
    std::printf(
        "VALIDATION session-restart design=%s failed_by_reset=%llu closed_form=%llu refused=%llu"
        " closed_form=%llu unauthorized=%llu closed_form=%llu logins=%llu closed_form=%llu"
        " repeated=%llu closed_form=%llu requests_sent=%llu closed_form=%llu (exact)\n",
        toString(d), static_cast<unsigned long long>(r.totals.failedByReset),
        static_cast<unsigned long long>(f), static_cast<unsigned long long>(r.totals.refusedConnects),
        static_cast<unsigned long long>(n * static_cast<std::uint64_t>(x.refused)),
        static_cast<unsigned long long>(r.totals.unauthorized), static_cast<unsigned long long>(unauthorized),
        static_cast<unsigned long long>(r.totals.loginExchanges), static_cast<unsigned long long>(logins),
        static_cast<unsigned long long>(r.totals.requestsRepeated), static_cast<unsigned long long>(repeated),
        static_cast<unsigned long long>(r.totals.requestsSent), static_cast<unsigned long long>(sent));
    EXPECT_GT(f, 0u);
    EXPECT_EQ(r.totals.requestsCompleted, n * k);
    EXPECT_EQ(r.totals.failedByReset, f);
    EXPECT_EQ(r.totals.refusedConnects, n * static_cast<std::uint64_t>(x.refused));
    EXPECT_EQ(r.totals.connectionResets, n);
    EXPECT_EQ(r.connectionsReset, n);
    EXPECT_EQ(r.totals.unauthorized, unauthorized);
    EXPECT_EQ(r.unauthorizedSent, unauthorized);
    EXPECT_EQ(r.totals.loginExchanges, logins);
    EXPECT_EQ(r.totals.loginsAborted, 0u);
    EXPECT_EQ(r.totals.requestsRepeated, repeated);
    EXPECT_EQ(r.totals.requestsSent, sent);
  }
}

// After reconnecting, a stateful client's first request costs a 401 round trip, L login exchanges
// and the repeat: (2 + L) RTT + L x login service + service; a stateless one's costs RTT + verify +
// service. All N clients reconnect at the same instant, so their answers queue on the shared
// link: a client waits at most for the other clients' recovery messages, N x (t(response) +
// t(401) + L t(login reply)), above the closed form, and never less than it.
TEST(SessionBackend, RecoveryCostsOnePlusLExtraRoundTripsOnlyWhenStateful) {
  for (const SessionDesign d : {SessionDesign::Stateful, SessionDesign::Stateless}) {
    const SessionBackendExperiment e = base(d);
    const SessionBackendResult r = runSessionBackendExperiment(e);
    ASSERT_EQ(r.recoveries.size(), static_cast<std::size_t>(e.clients.clients));
    const auto& b = e.backend;
    const double rtt = e.rtt.seconds();
    const double expected = d == SessionDesign::Stateful
                                ? (2 + b.loginExchanges) * rtt +
                                      b.loginExchanges * b.loginServiceTime.seconds() +
                                      b.serviceTime.seconds()
                                : rtt + b.tokenVerifyTime.seconds() + b.serviceTime.seconds();
    const double queueing = e.clients.clients * (tx(b.responseBytes, e) + tx(b.unauthorizedBytes, e) +
                                                 b.loginExchanges * tx(b.loginResponseBytes, e));
    double worst = 0, mean = 0;
    for (const SessionRecovery& rec : r.recoveries) {
      const double took = (rec.firstResponseAt - rec.firstRequestAt).seconds();
      mean += took / static_cast<double>(r.recoveries.size());
      worst = std::max(worst, took - expected);
      EXPECT_GE(took, expected);
      // The server was back at crash + D; the reconnection comes within one retry cycle of that.
      EXPECT_GE(rec.reconnectedAt.seconds(), (e.restartAt + e.downtime).seconds());
    }
    double maxLatency = 0;
    for (const auto& q : r.requests) maxLatency = std::max(maxLatency, q.latency().seconds());
    std::printf(
        "VALIDATION session-recovery design=%s first_request_to_response=%.4f s closed_form=%.4f s"
        " (%s) extra_over_a_normal_request=%.4f s max_excess=%.5f s tol=[0, N x tx = %.5f s] "
        "max_latency=%.3f s\n",
        toString(d), mean, expected,
        d == SessionDesign::Stateful ? "(2+L) RTT + L login + service" : "RTT + verify + service",
        mean - (rtt + b.serviceTime.seconds()), worst, queueing, maxLatency);
    EXPECT_LE(worst, queueing);
  }
}

// Without a restart nothing fails; the token costs (tokenBytes - cookieBytes) on every request:
// exactly that many more bytes towards the server, as each request still fits one segment.
TEST(SessionBackend, WithoutRestartTheTokenCostsItsBytesOnEveryRequest) {
  SessionBackendExperiment sf = base(SessionDesign::Stateful), sl = base(SessionDesign::Stateless);
  sf.restart = sl.restart = false;
  const SessionBackendResult a = runSessionBackendExperiment(sf), b = runSessionBackendExperiment(sl);
  ASSERT_TRUE(a.finished && b.finished);
  const std::uint64_t requests =
      static_cast<std::uint64_t>(sf.clients.clients * sf.clients.requestsPerClient);
  for (const auto* r : {&a, &b}) {
    EXPECT_EQ(r->totals.failedByReset + r->totals.unauthorized + r->totals.requestsRepeated, 0u);
    EXPECT_EQ(r->totals.requestsSent, requests);
  }
  const double extra = static_cast<double>(b.wireBytesToServer) - static_cast<double>(a.wireBytesToServer);
  const double expected = static_cast<double>(requests * (sl.backend.tokenBytes - sl.backend.cookieBytes));
  std::printf(
      "VALIDATION session-token-bytes to_server stateful=%llu stateless=%llu extra=%.0f closed_form=%.0f"
      " (requests x (token - cookie)) tol=1%%\n",
      static_cast<unsigned long long>(a.wireBytesToServer),
      static_cast<unsigned long long>(b.wireBytesToServer), extra, expected);
  EXPECT_NEAR(extra, expected, 0.01 * expected);
}

TEST(SessionBackend, SameSeedSameRunUnderLoss) {
  SessionBackendExperiment e = base(SessionDesign::Stateful);
  e.lossRate = 0.02;
  e.clients.clients = 5;
  const SessionBackendResult a = runSessionBackendExperiment(e), b = runSessionBackendExperiment(e);
  ASSERT_TRUE(a.finished);
  EXPECT_EQ(a.lastCompletion, b.lastCompletion);
  EXPECT_EQ(a.totals.requestsSent, b.totals.requestsSent);
}

void expectRejected(const SessionBackendExperiment& e, const std::string& parameter) {
  try {
    runSessionBackendExperiment(e);
    ADD_FAILURE() << "accepted a bad " << parameter;
  } catch (const std::invalid_argument& x) {
    EXPECT_NE(std::string(x.what()).find(parameter), std::string::npos) << x.what();
  }
}

TEST(SessionBackend, BadInputIsRejectedNamingTheParameter) {
  SessionBackendExperiment e = base(SessionDesign::Stateful);
  e.clients.clients = 0;
  expectRejected(e, "session_backend.clients");
  e = base(SessionDesign::Stateful);
  e.backend.loginExchanges = 0;
  expectRejected(e, "session_backend.loginExchanges");
  e = base(SessionDesign::Stateless);
  e.backend.tokenVerifyTime = sim::Milliseconds(-1);
  expectRejected(e, "session_backend.tokenVerifyTime");
  e = base(SessionDesign::Stateless);
  e.downtime = sim::Seconds(-3);
  expectRejected(e, "session_backend.downtime");
  e = base(SessionDesign::Stateless);
  e.clients.reconnectInterval = sim::Duration::zero();
  expectRejected(e, "session_backend.reconnectInterval");
}

}  // namespace
}  // namespace wirelab::models::workload
