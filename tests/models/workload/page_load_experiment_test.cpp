#include "models/workload/page_load_experiment.h"

#include <gtest/gtest.h>

#include <cstdio>

namespace wirelab::models::workload {
namespace {

double meanLoad(HttpVersion v, double loss, int seeds) {
  double sum = 0;
  for (int seed = 1; seed <= seeds; ++seed) {
    PageLoadExperiment e;
    e.version = v;
    e.lossRate = loss;
    e.seed = static_cast<std::uint64_t>(seed);
    const double t = runPageLoadExperiment(e);
    EXPECT_GT(t, 0) << toString(v) << " loss " << loss << " seed " << seed << " did not load";
    sum += t;
  }
  return sum / seeds;
}

TEST(PageLoadExperiment, EveryProtocolLoadsThePageAtEveryLossRate) {
  // 615 KB page (30 KB + 40 x 15 KB), 20 Mbit/s, RTT 100 ms, 10 seeds per point.
  for (const double loss : {0.0, 0.01, 0.02, 0.05}) {
    const double h1 = meanLoad(HttpVersion::Http1, loss, 10);
    const double h2 = meanLoad(HttpVersion::Http2, loss, 10);
    const double h3 = meanLoad(HttpVersion::Http3, loss, 10);
    std::printf("VALIDATION page-load loss=%.2f h1x6=%.3f s h2=%.3f s h3=%.3f s\n", loss, h1, h2, h3);
    if (loss == 0.0) {
      // Without loss, multiplexing on one connection beats six connections that each pay a
      // handshake and a slow start; QUIC's combined handshake gives HTTP/3 the same start.
      EXPECT_LT(h2, h1);
      EXPECT_LT(h3, h1);
      // The transmission alone takes 615 KB x 8 / 20 Mbit/s = 0.25 s: every load is above it.
      EXPECT_GT(h2, 0.25);
    } else {
      // Under loss HTTP/3 is not yet faster than HTTP/2 here (docs/http.md): the default TCP
      // configuration grows its window back faster after a loss than RFC 9002 lets QUIC (RFC
      // 3465's byte counting). On a bulk download that costs QUIC up to 1.19x TCP's time
      // (TransportBaseline below); a page load must not lose much more than that plus seed noise.
      EXPECT_LT(h3, 1.35 * h2) << "loss " << loss;
    }
  }
}

// The transports alone on the page-load path: 2 MB, 2% loss each way, 10 seeds (common random
// numbers: each seed draws the same losses for both).
struct BulkMeans {
  double tcp = 0, quic = 0;
  std::uint64_t drops = 0, declared = 0, spurious = 0;
};
BulkMeans bulkMeans(const char* cc, int seeds) {
  BulkMeans m;
  for (int seed = 1; seed <= seeds; ++seed) {
    BulkDownloadExperiment e;
    e.congestionControl = cc;
    e.lossRate = 0.02;
    e.seed = static_cast<std::uint64_t>(seed);
    const BulkDownloadResult tcp = runBulkDownload(e);
    e.transport = Transport::Quic;
    const BulkDownloadResult quic = runBulkDownload(e);
    EXPECT_GT(tcp.seconds, 0) << cc << " seed " << seed;
    EXPECT_GT(quic.seconds, 0) << cc << " seed " << seed;
    m.tcp += tcp.seconds / seeds;
    m.quic += quic.seconds / seeds;
    m.drops += quic.dataDrops;
    m.declared += quic.declaredLost;
    m.spurious += quic.spuriousLosses;
  }
  std::printf(
      "VALIDATION bulk-2MB-2%% %s: TCP %.2f s, QUIC %.2f s (QUIC/TCP %.3f); QUIC: %llu drops, %llu "
      "declared lost, %llu spurious\n",
      cc, m.tcp, m.quic, m.quic / m.tcp, static_cast<unsigned long long>(m.drops),
      static_cast<unsigned long long>(m.declared), static_cast<unsigned long long>(m.spurious));
  return m;
}

TEST(TransportBaseline, QuicDeclaresExactlyTheDropsAndStaysNearTcpOnABulkDownloadUnderLoss) {
  for (const char* cc : {"newreno", "cubic"}) {
    const BulkMeans m = bulkMeans(cc, 10);
    // Every declared loss is a packet the link dropped, and every drop is found (docs/http.md).
    EXPECT_EQ(m.spurious, 0u) << cc;
    EXPECT_EQ(m.declared, m.drops) << cc;
    // The remaining gap is mostly the default TCP configuration's (docs/http.md,
    // bench/transport_loss_trace): the ACK that ends its recovery credits the bytes SACKed during
    // it to growth (RFC 3465's byte counting; RFC 9002 and Linux do not). RFC 6675's one recovery
    // until RecoveryPoint, against RFC 9002's period per send time, is a difference of the RFCs.
    // Measured: QUIC/TCP 1.194 (NewReno), 1.111 (CUBIC).
    // The bounds catch a regression of the recovery period or PRR (without both: 1.35 and 1.16)
    // while leaving room for seed noise.
    EXPECT_LT(m.quic / m.tcp, std::string(cc) == "newreno" ? 1.33 : 1.16) << cc;
    EXPECT_GT(m.quic / m.tcp, 0.9) << cc;
  }
}

TEST(PageLoadExperiment, SameSeedSameLoadTime) {
  PageLoadExperiment e;
  e.version = HttpVersion::Http2;
  e.lossRate = 0.02;
  EXPECT_EQ(runPageLoadExperiment(e), runPageLoadExperiment(e));
}

}  // namespace
}  // namespace wirelab::models::workload
