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
    }
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
