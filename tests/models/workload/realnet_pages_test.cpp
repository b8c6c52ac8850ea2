// The realnet-dev page loads (shared/captures/realnet-dev, tests/data/realnet_dev_pages.csv)
// predicted from their configuration alone: the loss-free configurations, which need few seeds,
// must stay within the tolerances below, so that a model change that breaks the prediction fails
// CI. The full comparison (all 28 configurations, 20 seeds) is bench/compare_realnet.sh.
#include <gtest/gtest.h>

#include <cmath>
#include <vector>

#include "models/workload/realnet_page_scenario.h"

namespace wirelab::models::workload {
namespace {

struct Case {
  RealnetPageConfig config;
  double realMedianS;  // median of the real repeats (tests/data/realnet_dev_pages.csv)
  double tolerance;    // allowed |relative error| of the simulated median
};

double simulatedMedian(const RealnetPageConfig& c, int seeds) {
  std::vector<double> loads;
  for (int s = 1; s <= seeds; ++s) {
    const RealnetPageResult r = runRealnetPage(c, static_cast<std::uint64_t>(s));
    EXPECT_GT(r.loadTimeS, 0) << c.label() << " seed " << s << " did not finish";
    loads.push_back(r.loadTimeS);
  }
  return quantile(loads, 0.5);
}

RealnetPageConfig config(HttpVersion v, double rttMs, int objects, double rateMbit = 0, int queue = 0) {
  RealnetPageConfig c;
  c.protocol = v;
  c.rttMs = rttMs;
  c.objects = objects;
  c.rateMbit = rateMbit;
  c.queuePackets = queue;
  return c;
}

TEST(RealnetPages, LossFreeLoadsMatchTheRealOnes) {
  // Loss-free runs are deterministic: one seed each. HTTP/2 with 12 objects is left out: the real
  // client's receive window (Linux receive-buffer autotuning under nghttp's reads) held those
  // loads back by one to three round trips, which the model does not reproduce (docs/VALIDATION.md).
  const std::vector<Case> cases = {
      {config(HttpVersion::Http1, 50, 12), 0.2054, 0.10},
      {config(HttpVersion::Http1, 50, 36), 0.4123, 0.10},
      {config(HttpVersion::Http1, 150, 12), 0.6047, 0.10},
      {config(HttpVersion::Http1, 150, 36), 1.2144, 0.10},
      {config(HttpVersion::Http2, 50, 36), 0.4267, 0.15},
      {config(HttpVersion::Http2, 150, 36), 1.3605, 0.15},
  };
  for (const Case& k : cases) {
    const double sim = simulatedMedian(k.config, 1);
    EXPECT_LE(std::fabs(sim - k.realMedianS) / k.realMedianS, k.tolerance)
        << k.config.label() << ": simulated " << sim << " s, real " << k.realMedianS << " s";
  }
}

TEST(RealnetPages, BottleneckLoadsMatchAndKeepTheProtocolOrder) {
  // 5 Mbit/s, 50-packet drop-tail queue: HTTP/2's single connection overflows the queue less than
  // six connections in slow start do, so it is faster, in the real data and in the model.
  const double h1 = simulatedMedian(config(HttpVersion::Http1, 50, 12, 5, 50), 3);
  const double h2 = simulatedMedian(config(HttpVersion::Http2, 50, 12, 5, 50), 3);
  EXPECT_LE(std::fabs(h2 - 0.7548) / 0.7548, 0.10) << "h2 " << h2;
  EXPECT_LT(h2, h1);
}

}  // namespace
}  // namespace wirelab::models::workload
