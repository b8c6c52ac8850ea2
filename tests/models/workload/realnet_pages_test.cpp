// The realnet-dev page loads (shared/captures/realnet-dev, tests/data/realnet_dev_pages.csv)
// predicted from their configuration alone: the loss-free configurations, which need few seeds,
// must stay within the tolerances below, so that a model change that breaks the prediction fails
// CI. The full comparison (all 28 configurations, 20 seeds) is bench/compare_realnet.sh.
#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>
#include <stdexcept>
#include <vector>

#include "capture/pcap_writer.h"
#include "models/capture/packet_encoder.h"
#include "models/workload/realnet_page_scenario.h"
#include "tests/capture/pcap_records.h"

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
  // Real: the median of every real repeat of the configuration (8 to 40: the dev set and this
  // project's runs, tests/data/realnet_*_pages.csv). Loss-free HTTP/1.1 runs vary only by the
  // applications' and the relay's wake-ups: 5 seeds, within 2 %. HTTP/2's load takes one more or
  // one fewer round trip depending on when nghttp reads relative to each flight (receive-buffer
  // autotuning, docs/VALIDATION.md), in reality as in the model, a step of 12-25 % of these loads:
  // the median of 21 seeds must be within 10 %, i.e. in the same mode as the real median.
  const std::vector<Case> cases = {
      {config(HttpVersion::Http1, 50, 12), 0.2052, 0.02},
      {config(HttpVersion::Http1, 50, 36), 0.4114, 0.02},
      {config(HttpVersion::Http1, 150, 12), 0.6045, 0.02},
      {config(HttpVersion::Http1, 150, 36), 1.2129, 0.02},
      {config(HttpVersion::Http2, 50, 12), 0.3554, 0.10},
      {config(HttpVersion::Http2, 150, 12), 1.0620, 0.10},
      {config(HttpVersion::Http2, 50, 36), 0.4574, 0.10},
      {config(HttpVersion::Http2, 150, 36), 1.3600, 0.10},
  };
  for (const Case& k : cases) {
    const double sim = simulatedMedian(k.config, k.config.protocol == HttpVersion::Http2 ? 21 : 5);
    EXPECT_LE(std::fabs(sim - k.realMedianS) / k.realMedianS, k.tolerance)
        << k.config.label() << ": simulated " << sim << " s, real " << k.realMedianS << " s";
  }
}

TEST(RealnetPages, TheFirstTwoFlightsOfferTheCapturedWindows) {
  // Every loss-free HTTP/2 client capture: 10 segments, then 20, and after the second flight the
  // client's window is 60416 bytes (its first read() of 8 KiB leaves 15 segments queued at 2304
  // bytes of truesize each: 0.625 x (131072 - 15 x 2304) = 60320, rounded up to 1024).
  for (double rtt : {50.0, 150.0}) {
    RealnetPageConfig c = config(HttpVersion::Http2, rtt, 12);
    c.recordFlights = true;
    const RealnetPageResult r = runRealnetPage(c, 1);
    ASSERT_GE(r.flights.size(), 3u) << c.label();
    EXPECT_EQ(r.flights[0].segments, 10u) << c.label();
    EXPECT_EQ(r.flights[1].segments, 20u) << c.label();
    EXPECT_EQ(r.flights[1].lastWindow, 60416u) << c.label();
    EXPECT_EQ(r.flights[2].segments, 40u) << c.label();
  }
}

TEST(RealnetPages, TheClientCaptureShowsTheFlightsTheModelCounts) {
  // The capture is what bench/realnet_*.py read for real runs: grouped the way RealnetFlight is
  // (the server's data segments, a new flight after a quarter of the RTT without data; the
  // client's last window before the next one, scaled by its SYN's shift), it must give the same
  // flights, and the records must be in time order, starting with the client's SYN.
  RealnetPageConfig c = config(HttpVersion::Http2, 50, 12);
  c.recordFlights = true;
  wirelab::capture::MemoryPcapSink sink;
  wirelab::capture::PcapWriter writer(sink, wirelab::capture::kLinkTypeRaw, capture::kCaptureSnapLength);
  c.clientCapture = &writer;
  const RealnetPageResult r = runRealnetPage(c, 1);
  const wirelab::testing::PcapFileContents pcap = wirelab::testing::readPcap(sink.bytes());
  ASSERT_TRUE(pcap.error.empty()) << pcap.error;
  ASSERT_FALSE(pcap.records.empty());
  const wirelab::testing::ParsedSegment syn = wirelab::testing::parseRecord(pcap.records.front());
  EXPECT_EQ(syn.flags, 0x02);
  EXPECT_EQ(syn.destinationPort, 8080);
  std::vector<RealnetFlight> flights;
  std::int64_t lastDataNs = 0, previousNs = 0;
  for (const auto& record : pcap.records) {
    EXPECT_GE(record.timestampNs, previousNs);
    previousNs = record.timestampNs;
    const wirelab::testing::ParsedSegment s = wirelab::testing::parseRecord(record);
    if (s.sourcePort == 8080 && s.payloadBytes > 0) {
      if (flights.empty() || record.timestampNs - lastDataNs > 50'000'000 / 4) flights.push_back({});
      ++flights.back().segments;
      lastDataNs = record.timestampNs;
    } else if (s.destinationPort == 8080 && !flights.empty()) {
      flights.back().lastWindow = std::uint64_t{s.window} << syn.windowScale;
    }
  }
  ASSERT_EQ(flights.size(), r.flights.size());
  for (std::size_t i = 0; i < flights.size(); ++i) {
    EXPECT_EQ(flights[i].segments, r.flights[i].segments) << "flight " << i + 1;
    EXPECT_EQ(flights[i].lastWindow, r.flights[i].lastWindow) << "flight " << i + 1;
  }
}

TEST(RealnetPages, BottleneckLoadsMatchAndKeepTheProtocolOrder) {
  // 5 Mbit/s, 50-packet drop-tail queue: HTTP/2's single connection overflows the queue less than
  // six connections in slow start do, so it is faster, in the real data and in the model.
  const double h1 = simulatedMedian(config(HttpVersion::Http1, 50, 12, 5, 50), 3);
  const double h2 = simulatedMedian(config(HttpVersion::Http2, 50, 12, 5, 50), 3);
  EXPECT_LE(std::fabs(h2 - 0.7548) / 0.7548, 0.05) << "h2 " << h2;
  EXPECT_LT(h2, h1);
}

TEST(RealnetPages, HalfAPercentLossMakesHttp2TheSlowerAt36Objects) {
  // RTT 50 ms, 0.5 % loss each way, 36 objects: realnet-dev's two repeats call it a tie (H2/H1 0.99),
  // the 48 real repeats of all four sets (tests/data/realnet_*_pages.csv) do not: H2/H1 1.19, HTTP/2
  // the slower in 68 % of the pairs, because a loss costs the single connection half its window.
  // The model, with its own independent losses, must agree on the order and roughly on the ratio.
  RealnetPageConfig h1 = config(HttpVersion::Http1, 50, 36);
  RealnetPageConfig h2 = config(HttpVersion::Http2, 50, 36);
  h1.loss = h2.loss = 0.005;
  const double ratio = simulatedMedian(h2, 20) / simulatedMedian(h1, 20);
  EXPECT_GT(ratio, 1.0);
  EXPECT_NEAR(ratio, 1.19, 0.15);
}

TEST(RealnetPages, TheRelaysLatencyAddsToEveryRoundTrip) {
  // A loss-free 12-object HTTP/1.1 load is four round trips (handshake, two rounds of six
  // requests, plus curl's next-transfer gaps): 0.25 ms more relay latency each way adds about
  // 4 x 0.5 ms. The default stays the ping check's 0.1 ms each way.
  RealnetPageConfig base = config(HttpVersion::Http1, 50, 12);
  base.model.relay = RealnetRelayModel::Link;
  EXPECT_EQ(base.model.relayLatencyUpMs, 0.1);
  EXPECT_EQ(base.model.relayLatencyDownMs, 0.1);
  RealnetPageConfig slower = base;
  slower.model.relayLatencyUpMs = slower.model.relayLatencyDownMs = 0.35;
  const double added = runRealnetPage(slower, 1).loadTimeS - runRealnetPage(base, 1).loadTimeS;
  EXPECT_NEAR(added, 4 * 0.0005, 0.0005);
  RealnetPageConfig negative = base;
  negative.model.relayJitterDownMs = -0.1;
  EXPECT_THROW(runRealnetPage(negative, 1), std::invalid_argument);
}

TEST(RealnetPages, ReplayingARealRunsLossesPredictsThatRun) {
  // The same configuration loads in 3.47 s or 1.21 s depending on which packets the relay dropped
  // (its seed); replaying each run's drops (relay_loss_pattern.h) the model must tell them apart.
  // Real load times from tests/data/realnet_dev_pages.csv; bench/realnet_pages --per-run lists all.
  struct Run {
    RealnetPageConfig config;
    std::uint64_t relaySeed;
    double realS;
  };
  const auto lossy = [](HttpVersion v, double rttMs, double loss, int objects) {
    RealnetPageConfig c = config(v, rttMs, objects);
    c.loss = loss;
    return c;
  };
  const std::vector<Run> runs = {
      {lossy(HttpVersion::Http2, 150, 0.02, 12), 7101, 3.471},
      {lossy(HttpVersion::Http2, 150, 0.02, 12), 7102, 1.210},
      // The 4th SYN is lost: curl's transfer waits for that connection's SYN to be sent again.
      {lossy(HttpVersion::Http1, 150, 0.005, 12), 7082, 1.484},
      {lossy(HttpVersion::Http2, 150, 0.005, 36), 7092, 6.930},
  };
  for (const Run& run : runs) {
    RealnetPageConfig c = run.config;
    c.relaySeed = run.relaySeed;
    // The rest of the model's randomness (wake-ups, the relay's included) still moves a load by a
    // round trip now and then: the median of 11 seeds.
    const double sim = simulatedMedian(c, 11);
    EXPECT_LE(std::fabs(sim - run.realS) / run.realS, 0.10)
        << c.label() << " relay seed " << run.relaySeed << ": simulated " << sim << " s, real " << run.realS
        << " s";
  }
  // Where one or two losses leave the outcome to the receive window's mode (above), one real run
  // is one draw of it: this HTTP/2 run at RTT 50 ms took the fast path (0.456 s) where the model's
  // median takes the slower one; the fast path must be among the model's outcomes.
  RealnetPageConfig c = lossy(HttpVersion::Http2, 50, 0.005, 36);
  c.relaySeed = 7032;
  std::vector<double> loads;
  for (std::uint64_t seed = 1; seed <= 11; ++seed) loads.push_back(runRealnetPage(c, seed).loadTimeS);
  EXPECT_LE(*std::min_element(loads.begin(), loads.end()), 0.456 * 1.01);
  EXPECT_GE(*std::max_element(loads.begin(), loads.end()), 0.456);
}

}  // namespace
}  // namespace wirelab::models::workload
