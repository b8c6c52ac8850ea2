// Large uploads, single request vs chunked-resumable (tus / GCS resumable uploads): the per-chunk
// acknowledgement cost without disconnects, the restart count under Poisson disconnects against
// e^{T/M}, and the bytes each sends under the same disconnects, over many seeds.
#include <gtest/gtest.h>

#include <cmath>
#include <cstdio>
#include <stdexcept>
#include <string>

#include "models/workload/upload_experiment.h"

namespace wirelab::models::workload {
namespace {

UploadExperiment base(UploadMode mode) {
  UploadExperiment e;
  e.rate = sim::Mbps(10);
  e.rtt = sim::Milliseconds(40);
  e.upload.mode = mode;
  e.upload.totalBytes = 1024 * 1024;
  e.upload.chunkBytes = 64 * 1024;  // k = 16 chunks
  e.upload.reconnectDelay = sim::Milliseconds(500);
  return e;
}

// Serialisation of a header-only message (one segment with 52 bytes of IP/TCP headers).
double headerSeconds(double bytes, double rateBps) { return (bytes + 52) * 8 / rateBps; }

// Without disconnects, each chunk adds one wait for its acknowledgement that the single request
// does not have: the last byte's trip to the server, the 204 back and the next PATCH's headers, i.e.
// RTT + t(response) + t(request headers) per chunk; the creation POST costs the same once, and the
// single request's own PUT headers cancel one PATCH's: delta = k (RTT + t(h) + t(r)), k = ceil(N/C).
TEST(Upload, ChunkingCostsOneAcknowledgementRoundTripPerChunk) {
  const UploadResult single = runUploadExperiment(base(UploadMode::SingleRequest));
  const UploadResult chunked = runUploadExperiment(base(UploadMode::ChunkedResumable));
  ASSERT_TRUE(single.stats.done);
  ASSERT_TRUE(chunked.stats.done);
  const UploadExperiment e = base(UploadMode::ChunkedResumable);
  const double rate = static_cast<double>(e.rate.bitsPerSecond());
  const double k =
      std::ceil(static_cast<double>(e.upload.totalBytes) / static_cast<double>(e.upload.chunkBytes));
  const double expected = k * (e.rtt.seconds() + headerSeconds(e.upload.requestHeaderBytes, rate) +
                               headerSeconds(e.upload.responseBytes, rate));
  const double delta = chunked.stats.completionSeconds() - single.stats.completionSeconds();
  std::printf(
      "VALIDATION upload-chunk-overhead single=%.4f s chunked=%.4f s delta=%.4f s closed_form=%.4f s"
      " (k=%.0f x (RTT + t(h) + t(r))) tol=3%%\n",
      single.stats.completionSeconds(), chunked.stats.completionSeconds(), delta, expected, k);
  EXPECT_NEAR(delta, expected, 0.03 * expected);
  EXPECT_EQ(chunked.stats.requests, static_cast<std::uint64_t>(k) + 1);  // POST + k PATCHes
  EXPECT_EQ(single.stats.requests, 1u);
  EXPECT_EQ(chunked.serverCommittedOffset, e.upload.totalBytes);
  EXPECT_EQ(single.stats.restarts, 0u);
}

// With disconnects at rate 1/M while connected, an attempt needing T seconds of connection
// succeeds with probability e^{-T/M}; attempts are geometric: E[attempts] = e^{T/M}, E[restarts] =
// e^{T/M} - 1, Var = (1 - p) / p^2.
TEST(Upload, SingleRequestRestartsFollowTheExponentialClosedForm) {
  const double t = runUploadExperiment(base(UploadMode::SingleRequest)).stats.completionSeconds();
  const double m = t;  // one disconnect per attempt time on average: E[restarts] = e - 1
  const int seeds = 600;
  double restarts = 0;
  for (int seed = 1; seed <= seeds; ++seed) {
    UploadExperiment e = base(UploadMode::SingleRequest);
    e.upload.disconnectsPerSecond = 1.0 / m;
    e.seed = static_cast<std::uint64_t>(seed);
    const UploadResult r = runUploadExperiment(e);
    ASSERT_TRUE(r.stats.done) << "seed " << seed;
    restarts += static_cast<double>(r.stats.restarts);
  }
  const double mean = restarts / seeds;
  const double p = std::exp(-t / m);
  const double expected = 1 / p - 1;
  const double se = std::sqrt((1 - p) / (p * p) / seeds);
  std::printf(
      "VALIDATION upload-restarts T=%.4f s M=%.4f s mean_restarts=%.4f closed_form=%.4f (e^{T/M}-1)"
      " seeds=%d tol=3 SE=%.4f\n",
      t, m, mean, expected, seeds, 3 * se);
  EXPECT_NEAR(mean, expected, 3 * se);
}

TEST(Upload, ResumableSendsFewerBytesThanRestartingFromZero) {
  const int seeds = 100;
  std::uint64_t singleWire = 0, resumableWire = 0, singlePayload = 0, resumablePayload = 0;
  std::uint64_t singleRestarts = 0, resumableRestarts = 0, resumableWins = 0;
  double singleTime = 0, resumableTime = 0;
  for (int seed = 1; seed <= seeds; ++seed) {
    UploadExperiment s = base(UploadMode::SingleRequest), c = base(UploadMode::ChunkedResumable);
    s.upload.disconnectsPerSecond = c.upload.disconnectsPerSecond = 1.0;  // M = 1 s, about one attempt
    s.seed = c.seed = static_cast<std::uint64_t>(seed);
    const UploadResult a = runUploadExperiment(s), b = runUploadExperiment(c);
    ASSERT_TRUE(a.stats.done && b.stats.done) << "seed " << seed;
    ASSERT_EQ(b.serverCommittedOffset, c.upload.totalBytes);
    singleWire += a.wireBytesToServer;
    resumableWire += b.wireBytesToServer;
    singlePayload += a.stats.tcpPayloadBytesSent;
    resumablePayload += b.stats.tcpPayloadBytesSent;
    singleRestarts += a.stats.restarts;
    resumableRestarts += b.stats.restarts;
    singleTime += a.stats.completionSeconds();
    resumableTime += b.stats.completionSeconds();
    resumableWins += b.wireBytesToServer < a.wireBytesToServer ? 1 : 0;
    // Resumable never resends more than the chunk in flight per disconnect.
    EXPECT_LE(b.stats.bodyBytesResent, b.stats.restarts * c.upload.chunkBytes) << "seed " << seed;
  }
  std::printf(
      "VALIDATION upload-bytes seeds=%d M=1 s wire_bytes single=%llu resumable=%llu tcp_payload single=%llu"
      " resumable=%llu restarts single=%llu resumable=%llu mean_time single=%.3f s resumable=%.3f s"
      " resumable_fewer_bytes_in=%llu/%d seeds\n",
      seeds, static_cast<unsigned long long>(singleWire), static_cast<unsigned long long>(resumableWire),
      static_cast<unsigned long long>(singlePayload), static_cast<unsigned long long>(resumablePayload),
      static_cast<unsigned long long>(singleRestarts), static_cast<unsigned long long>(resumableRestarts),
      singleTime / seeds, resumableTime / seeds, static_cast<unsigned long long>(resumableWins), seeds);
  EXPECT_LT(resumableWire, singleWire);
  EXPECT_LT(resumablePayload, singlePayload);
}

TEST(Upload, SameSeedSameUpload) {
  UploadExperiment e = base(UploadMode::ChunkedResumable);
  e.upload.disconnectsPerSecond = 2;
  e.lossRate = 0.01;
  const UploadResult a = runUploadExperiment(e), b = runUploadExperiment(e);
  EXPECT_EQ(a.stats.doneAt, b.stats.doneAt);
  EXPECT_EQ(a.wireBytesToServer, b.wireBytesToServer);
  EXPECT_EQ(a.stats.restarts, b.stats.restarts);
}

void expectRejected(const UploadExperiment& e, const std::string& parameter) {
  try {
    runUploadExperiment(e);
    ADD_FAILURE() << "accepted a bad " << parameter;
  } catch (const std::invalid_argument& x) {
    EXPECT_NE(std::string(x.what()).find(parameter), std::string::npos) << x.what();
  }
}

TEST(Upload, BadInputIsRejectedNamingTheParameter) {
  UploadExperiment e = base(UploadMode::ChunkedResumable);
  e.upload.chunkBytes = 0;
  expectRejected(e, "upload.chunkBytes");
  e = base(UploadMode::SingleRequest);
  e.upload.disconnectsPerSecond = -0.5;
  expectRejected(e, "upload.disconnectsPerSecond");
  e = base(UploadMode::SingleRequest);
  e.upload.totalBytes = 0;
  expectRejected(e, "upload.totalBytes");
  e = base(UploadMode::SingleRequest);
  e.upload.reconnectDelay = sim::Milliseconds(-1);
  expectRejected(e, "upload.reconnectDelay");
  e = base(UploadMode::SingleRequest);
  e.rate = sim::DataRate(0);
  expectRejected(e, "upload_experiment.rate");
}

}  // namespace
}  // namespace wirelab::models::workload
