// RPC clients over HTTP/1.1 and HTTP/2: synchronous and windowed throughput against closed forms,
// the 6-connection cap of an HTTP/1.1 pool, link saturation, open-loop rates, bad input.
#include <gtest/gtest.h>

#include <cmath>
#include <cstdio>
#include <stdexcept>
#include <string>

#include "models/workload/rpc_experiment.h"

namespace wirelab::models::workload {
namespace {

// TCP over IPv4 with timestamps: 20 + 20 + 12 header bytes per segment of at most 1448 (MTU 1500).
constexpr double kSegmentHeader = 52;
constexpr double kMss = 1448;

// Serialisation time of an application message of `bytes` sent back to back in full segments.
double wireSeconds(double bytes, double rateBps) {
  const double segments = std::ceil(bytes / kMss);
  return (bytes + segments * kSegmentHeader) * 8 / rateBps;
}

RpcExperimentConfig base(HttpVersion v) {
  RpcExperimentConfig c;
  c.version = v;
  c.rate = sim::Mbps(10);
  c.rtt = sim::Milliseconds(50);
  c.serviceTimeMs = sim::Constant(5.0);
  c.client.requestBytes = 400;
  c.client.responseBytes = 5000;
  c.client.calls = 200;
  return c;
}

// HTTP/1.1 carries the request and response as they are: cycle = RTT + service + both messages'
// serialisation (the response's segments leave back to back: IW 10 > 4 segments).
double http1Cycle(const RpcExperimentConfig& c) {
  const double rate = static_cast<double>(c.rate.bitsPerSecond());
  return c.rtt.seconds() + c.serviceTimeMs.mean() / 1e3 + wireSeconds(c.client.requestBytes, rate) +
         wireSeconds(static_cast<double>(c.client.responseBytes), rate);
}

// HTTP/2 (RFC 9113 4.1): a 9-byte header per frame; after the first exchange HPACK sends 10% of a
// header block (the model's repeat ratio). Request: HEADERS. Response: HEADERS (200 B -> 20) +
// DATA (responseBytes - 200), one TCP segment each way for these sizes... or more for larger ones.
double http2Cycle(const RpcExperimentConfig& c) {
  const double rate = static_cast<double>(c.rate.bitsPerSecond());
  const double request = 9 + 0.1 * c.client.requestBytes;
  const double response = 9 + 20 + 9 + static_cast<double>(c.client.responseBytes) - 200;
  return c.rtt.seconds() + c.serviceTimeMs.mean() / 1e3 + wireSeconds(request, rate) +
         wireSeconds(response, rate);
}

TEST(RpcSync, Http1ThroughputIsOneOverRttPlusServicePlusTransmission) {
  const RpcExperimentConfig c = base(HttpVersion::Http1);
  const RpcExperimentResult r = runRpcExperiment(c);
  ASSERT_TRUE(r.finished);
  const double expected = 1.0 / http1Cycle(c);
  std::printf("VALIDATION rpc-sync-h1 throughput=%.3f/s closed_form=%.3f/s (1/(RTT+service+tx)) tol=2%%\n",
              r.throughputPerSecond, expected);
  EXPECT_NEAR(r.throughputPerSecond, expected, 0.02 * expected);
  EXPECT_EQ(r.maxInFlight, 1u);
  // One call at a time: latency is the cycle itself, the first byte one response serialisation earlier.
  EXPECT_NEAR(r.meanLatencySeconds, http1Cycle(c), 0.02 * http1Cycle(c));
  EXPECT_LT(r.meanTimeToFirstByteSeconds, r.meanLatencySeconds);
}

TEST(RpcSync, Http2ThroughputIsOneOverRttPlusServicePlusTransmission) {
  const RpcExperimentConfig c = base(HttpVersion::Http2);
  const RpcExperimentResult r = runRpcExperiment(c);
  ASSERT_TRUE(r.finished);
  const double expected = 1.0 / http2Cycle(c);
  std::printf("VALIDATION rpc-sync-h2 throughput=%.3f/s closed_form=%.3f/s (1/(RTT+service+tx)) tol=2%%\n",
              r.throughputPerSecond, expected);
  EXPECT_NEAR(r.throughputPerSecond, expected, 0.02 * expected);
}

TEST(RpcSync, ThinkTimeAddsToTheCycle) {
  RpcExperimentConfig c = base(HttpVersion::Http1);
  c.client.thinkTimeMs = sim::Constant(20.0);
  const RpcExperimentResult r = runRpcExperiment(c);
  const double expected = 1.0 / (http1Cycle(c) + 0.020);
  std::printf("VALIDATION rpc-sync-think throughput=%.3f/s closed_form=%.3f/s tol=2%%\n",
              r.throughputPerSecond, expected);
  EXPECT_NEAR(r.throughputPerSecond, expected, 0.02 * expected);
}

TEST(RpcWindow, Http2ThroughputGrowsAsWOverTheCycle) {
  for (const int w : {1, 4, 16}) {
    RpcExperimentConfig c = base(HttpVersion::Http2);
    c.client.mode = RpcMode::Window;
    c.client.window = w;
    c.client.responseBytes = 1000;
    c.client.calls = 100 * static_cast<std::uint64_t>(w);
    c.warmupCalls = static_cast<std::size_t>(w);
    const RpcExperimentResult r = runRpcExperiment(c);
    ASSERT_TRUE(r.finished);
    const double expected = w / http2Cycle(c);
    std::printf(
        "VALIDATION rpc-window-h2 W=%d throughput=%.2f/s closed_form=%.2f/s (W/cycle) tol=5%%"
        " mean_in_flight=%.2f latency=%.4f s\n",
        w, r.throughputPerSecond, expected, r.meanInFlight, r.meanLatencySeconds);
    EXPECT_NEAR(r.throughputPerSecond, expected, 0.05 * expected) << "W=" << w;
    EXPECT_EQ(r.maxInFlight, static_cast<std::uint64_t>(w));
    // Little's law: outstanding = throughput x latency.
    EXPECT_NEAR(r.throughputPerSecond * r.meanLatencySeconds, w, 0.05 * w);
  }
}

TEST(RpcWindow, Http2StopsGrowingWhenTheLinkSaturates) {
  RpcExperimentConfig c = base(HttpVersion::Http2);
  c.client.mode = RpcMode::Window;
  c.client.window = 200;  // 200 / 60 ms would be 3300 calls/s; the link carries far fewer 5 KB responses
  c.client.calls = 3000;
  c.warmupCalls = 400;
  c.http2WindowBytes = 15 * 1024 * 1024;  // Chrome's: flow control must not be what limits
  const RpcExperimentResult r = runRpcExperiment(c);
  ASSERT_TRUE(r.finished);
  const double unlimited = c.client.window / http2Cycle(c);
  const double bytesPerCall = static_cast<double>(r.wireBytesToClient) / static_cast<double>(c.client.calls);
  const double linkLimit = static_cast<double>(c.rate.bitsPerSecond()) / 8 / bytesPerCall;
  std::printf(
      "VALIDATION rpc-window-h2-saturated W=200 throughput=%.1f/s link_limit=%.1f/s (rate/wire bytes"
      " per call) W/cycle=%.1f/s utilisation=%.3f tol=5%%\n",
      r.throughputPerSecond, linkLimit, unlimited, r.serverLinkUtilisation);
  EXPECT_NEAR(r.throughputPerSecond, linkLimit, 0.05 * linkLimit);
  EXPECT_GT(r.serverLinkUtilisation, 0.95);
  EXPECT_LT(r.throughputPerSecond, 0.2 * unlimited);
}

TEST(RpcWindow, Http1PoolOfSixCapsThroughputAndCallsQueue) {
  RpcExperimentConfig c = base(HttpVersion::Http1);
  c.client.mode = RpcMode::Window;
  c.client.window = 12;
  c.client.responseBytes = 1000;
  c.client.calls = 1200;
  c.warmupCalls = 24;
  const RpcExperimentResult r = runRpcExperiment(c);
  ASSERT_TRUE(r.finished);
  const double cycle = http1Cycle(c);
  const double expected = 6 / cycle;
  std::printf(
      "VALIDATION rpc-window-h1x6 W=12 throughput=%.2f/s closed_form=%.2f/s (6/cycle) tol=3%%"
      " latency=%.4f s closed_form=%.4f s (W/6 cycles)\n",
      r.throughputPerSecond, expected, r.meanLatencySeconds, 2 * cycle);
  EXPECT_NEAR(r.throughputPerSecond, expected, 0.03 * expected);
  // Half the calls wait for a connection: latency is two cycles (Little: 12 / (6 / cycle)).
  EXPECT_NEAR(r.meanLatencySeconds, 2 * cycle, 0.03 * 2 * cycle);
}

TEST(RpcOpenLoop, PoissonAndPeriodicCallsAreServedAtTheirRate) {
  for (const RpcMode mode : {RpcMode::Periodic, RpcMode::Poisson}) {
    RpcExperimentConfig c = base(HttpVersion::Http2);
    c.client.mode = mode;
    c.client.callsPerSecond = 50;
    c.client.calls = 2000;
    c.warmupCalls = 10;
    const RpcExperimentResult r = runRpcExperiment(c);
    ASSERT_TRUE(r.finished);
    // Poisson: the mean of ~2000 exponential gaps has a relative standard deviation of 2.2%; 7% is
    // three of them. Periodic: exact up to the last call's latency jitter.
    const double tol = mode == RpcMode::Poisson ? 0.07 : 0.005;
    std::printf(
        "VALIDATION rpc-open-loop mode=%s throughput=%.2f/s offered=50/s tol=%.1f%% max_in_flight=%llu\n",
        toString(mode), r.throughputPerSecond, tol * 100, static_cast<unsigned long long>(r.maxInFlight));
    EXPECT_NEAR(r.throughputPerSecond, 50, tol * 50);
    if (mode == RpcMode::Poisson) {
      EXPECT_GT(r.maxInFlight, 1u);  // bursts overlap
    }
  }
}

TEST(RpcExperiment, SameSeedSameCalls) {
  RpcExperimentConfig c = base(HttpVersion::Http2);
  c.client.mode = RpcMode::Poisson;
  c.client.callsPerSecond = 30;
  c.lossRate = 0.01;
  const RpcExperimentResult a = runRpcExperiment(c), b = runRpcExperiment(c);
  ASSERT_EQ(a.calls.size(), b.calls.size());
  for (std::size_t i = 0; i < a.calls.size(); ++i) EXPECT_EQ(a.calls[i].doneAt, b.calls[i].doneAt);
}

void expectRejected(RpcExperimentConfig c, const std::string& parameter) {
  try {
    runRpcExperiment(c);
    ADD_FAILURE() << "accepted a bad " << parameter;
  } catch (const std::invalid_argument& e) {
    EXPECT_NE(std::string(e.what()).find(parameter), std::string::npos) << e.what();
  }
}

TEST(RpcExperiment, BadInputIsRejectedNamingTheParameter) {
  RpcExperimentConfig c = base(HttpVersion::Http2);
  c.client.mode = RpcMode::Window;
  c.client.window = 0;
  expectRejected(c, "rpc.window");
  c = base(HttpVersion::Http2);
  c.client.mode = RpcMode::Poisson;
  c.client.callsPerSecond = -1;
  expectRejected(c, "rpc.callsPerSecond");
  c = base(HttpVersion::Http2);
  c.client.calls = 0;
  expectRejected(c, "rpc.calls");
  c = base(HttpVersion::Http1);
  c.http1Connections = 0;
  expectRejected(c, "rpc_experiment.http1Connections");
  c = base(HttpVersion::Http1);
  c.lossRate = -0.1;
  expectRejected(c, "rpc_experiment.lossRate");
}

}  // namespace
}  // namespace wirelab::models::workload
