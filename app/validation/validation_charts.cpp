// File: app/validation/validation_charts.cpp
// Draws the charts of docs/VALIDATION.md from fresh simulation runs, with the same chart code the
// GUI and the CLI use, so that the evidence is the project's own output:
//   tcp_goodput_vs_loss.png  NewReno goodput against loss for three RTTs: Wirelab, ns-3 3.37 and
//                            the Mathis model
//   tcp_cwnd_trace.png       one flow's congestion window over time, NewReno and CUBIC
//   page_load_vs_loss.png    a 615 KB page over HTTP/1.1 x 6, HTTP/2 and HTTP/3 against random
//                            loss: mean load time of 20 seeds with 95% confidence intervals
//   realnet_sim_vs_real.png  the realnet page loads: each configuration's real median against its
//                            simulated median (20 seeds, p10-p90)
//
//   wirelab-validation-charts --out docs/images --ns3 tests/data/ns3_tcp_bulk_goodput.csv
//   wirelab-validation-charts --out docs/images --only page_load_vs_loss   (one chart)
#include <algorithm>
#include <cmath>
#include <cstdint>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <map>
#include <memory>
#include <stdexcept>
#include <string>
#include <vector>

#include "app/charts/chart_export.h"
#include "app/charts/chart_spec.h"
#include "app/charts/headless_qt.h"
#include "models/transport/tcp/tcp_stack.h"
#include "models/transport/tcp/tcp_trace_collector.h"
#include "models/workload/bulk_transfer.h"
#include "models/workload/dumbbell_bulk.h"
#include "models/workload/page_load_experiment.h"
#include "models/workload/realnet_measurements.h"
#include "models/workload/realnet_page_scenario.h"
#include "sim/topology/builders.h"

namespace {

using namespace wirelab;
using app::charts::ChartSeries;
using app::charts::ChartSpec;
using app::charts::SeriesStyle;

struct Ns3Point {
  int rttMs;
  double loss, goodputMbps;
};

std::vector<Ns3Point> readNs3(const std::string& path) {
  std::vector<Ns3Point> points;
  std::ifstream in(path);
  std::string line;
  while (std::getline(in, line)) {
    Ns3Point p{};
    if (line.empty() || line[0] == '#' || line[0] == 'r') continue;
    if (std::sscanf(line.c_str(), "%d,%lf,%lf", &p.rttMs, &p.loss, &p.goodputMbps) == 3) points.push_back(p);
  }
  return points;
}

ChartSpec goodputVsLoss(const std::vector<Ns3Point>& ns3) {
  ChartSpec spec;
  spec.id = "tcp_goodput_vs_loss";
  spec.title = "NewReno goodput under random loss: Wirelab, ns-3 3.37 and Mathis";
  spec.xLabel = "packet loss rate (%)";
  spec.yLabel = "goodput (Mbit/s, log scale)";
  spec.logY = true;
  spec.note =
      "one flow, tcp-bulk dumbbell (100 Mbit/s bottleneck), ns-3 defaults (\"ns3\" profile), mean of 5 seeds "
      "x 300 s;\n"
      "Mathis B = MSS/RTT x sqrt(3/4)/sqrt(p) (delayed ACKs)";
  const double losses[] = {0.001, 0.005, 0.01, 0.02};
  // One line per RTT for the model; all of Wirelab's points in one series and all of ns-3's in
  // another, so that each has its own colour: the points sit on the line of their RTT.
  ChartSeries ours{"Wirelab (5 seeds x 300 s)", {}, {}, {}, {}, SeriesStyle::Points};
  ChartSeries peer{"ns-3 3.37 (5 seeds x 300 s)", {}, {}, {}, {}, SeriesStyle::Points};
  for (const int rtt : {40, 100, 200}) {
    ChartSeries model{"Mathis, RTT " + std::to_string(rtt) + " ms", {}, {}, {}, {}, SeriesStyle::Line};
    for (double p = 0.001; p <= 0.0201; p += 0.0005) {
      model.x.push_back(p * 100);
      model.y.push_back(
          models::workload::mathisGoodputMbps(1448, sim::Milliseconds(rtt), p, std::sqrt(0.75)));
    }
    spec.series.push_back(model);
    for (const double p : losses) {
      double sum = 0;
      for (std::uint64_t seed = 1; seed <= 5; ++seed) {
        models::workload::DumbbellBulkConfig c;
        c.lossRate = p;
        c.simTime = sim::Seconds(300);
        c.seed = seed;
        c.bottleneckDelay = sim::Milliseconds(rtt / 2 - 10);
        sum += models::workload::runDumbbellBulk(c).flowGoodputMbps[0];
      }
      ours.x.push_back(p * 100);
      ours.y.push_back(sum / 5);
    }
    for (const Ns3Point& n : ns3) {
      if (n.rttMs != rtt) continue;
      peer.x.push_back(n.loss * 100);
      peer.y.push_back(n.goodputMbps);
    }
  }
  spec.series.push_back(ours);
  if (!peer.x.empty()) spec.series.push_back(peer);
  return spec;
}

// One bulk flow over a 20 Mbit/s, 40 ms path with a one-BDP buffer and 0.05% random loss.
ChartSeries cwndTrace(const char* profile, const char* label) {
  sim::Simulation s(1, 0);
  sim::LinkConfig access;
  access.rate = sim::Gbps(1);
  access.delay = sim::Milliseconds(5);
  sim::LinkConfig bottleneck;
  bottleneck.rate = sim::Mbps(20);
  bottleneck.delay = sim::Milliseconds(10);
  bottleneck.queue.maxPackets = 67;  // one BDP of 1500-byte packets
  bottleneck.loss.kind = sim::LossSpec::Kind::Bernoulli;
  bottleneck.loss.probability = 0.0005;
  const sim::Dumbbell d = sim::buildDumbbell(s.network, 1, access, bottleneck);
  models::transport::tcp::TcpStack server(s.network, d.right[0]), client(s.network, d.left[0]);
  const models::transport::tcp::TcpConfig cfg = *models::transport::tcp::tcpProfile(profile);
  models::workload::BulkSink sink(server, 9, cfg);
  models::workload::BulkSender sender(client, {d.right[0], 9}, cfg, sim::SimTime::zero());
  std::unique_ptr<models::transport::tcp::TcpTraceCollector> trace;
  s.scheduler.schedule(sim::Nanoseconds(1), [&] {
    trace = std::make_unique<models::transport::tcp::TcpTraceCollector>(*sender.connection(), s.scheduler);
  });
  s.scheduler.runUntil(sim::SimTime::zero() + sim::Seconds(30));
  ChartSeries series{label, {}, {}, {}, {}, SeriesStyle::Step};
  for (const auto& sample : trace->cwndBytes().samples()) {
    series.x.push_back(sample.time.seconds());
    series.y.push_back(sample.value / 1448);
  }
  return series;
}

ChartSpec cwndChart() {
  ChartSpec spec;
  spec.id = "tcp_cwnd_trace";
  spec.title = "Congestion window of one flow: NewReno's linear sawtooth, CUBIC's cubic growth";
  spec.xLabel = "simulated time (s)";
  spec.yLabel = "cwnd (segments of 1448 bytes)";
  spec.note =
      "20 Mbit/s bottleneck, 40 ms RTT, one-BDP drop-tail buffer (67 packets), 0.05% random loss;\n"
      "NewReno: \"ns3\" profile; CUBIC: \"linux\" profile (SACK, RACK-TLP, PRR, HyStart++)";
  spec.series.push_back(cwndTrace("ns3", "NewReno"));
  spec.series.push_back(cwndTrace("linux", "CUBIC"));
  return spec;
}

// Page load time against loss for the three HTTP versions (models/workload/page_load_experiment.h):
// seed k of every protocol meets the same loss draws, 20 seeds per point, 95% Student-t intervals.
ChartSpec pageLoadVsLoss() {
  using models::workload::HttpVersion;
  constexpr std::uint64_t kSeeds = 20;
  const std::vector<double> losses = {0.0, 0.005, 0.01, 0.015, 0.02, 0.03, 0.04, 0.05};
  const models::workload::PageLoadExperiment base;
  const auto points = models::workload::runPageLoadSweep(base, losses, kSeeds);
  ChartSpec spec;
  spec.id = "page_load_vs_loss";
  spec.title = "Page load time against random loss: HTTP/1.1 x 6, HTTP/2, HTTP/3";
  spec.xLabel = "packet loss rate, each direction (%)";
  spec.yLabel = "page load time (s)";
  spec.yMin = 0;
  spec.note =
      "615 KB page (30 KB + 40 x 15 KB), 20 Mbit/s, RTT 100 ms, Bernoulli loss both ways; mean of 20 seeds "
      "(common random numbers), 95% CI;\n"
      "HTTP/1.1 and HTTP/2 over TCP (NewReno, SACK) without TLS, HTTP/3 over QUIC (NewReno, PRR) with its "
      "TLS 1.3 handshake";
  for (const HttpVersion v : {HttpVersion::Http1, HttpVersion::Http2, HttpVersion::Http3}) {
    ChartSeries series{models::workload::toString(v), {}, {}, {}, {}, SeriesStyle::LinePoints};
    for (const auto& p : points) {
      if (p.version != v) continue;
      if (p.failures > 0) {
        std::fprintf(stderr, "page_load_vs_loss: %s at %.1f%%: %llu of %llu pages did not load\n",
                     models::workload::toString(v), p.lossRate * 100,
                     static_cast<unsigned long long>(p.failures), static_cast<unsigned long long>(kSeeds));
      }
      const double half = p.seconds.halfWidth(0.95);
      series.x.push_back(p.lossRate * 100);
      series.y.push_back(p.seconds.mean());
      series.errorLow.push_back(p.seconds.mean() - half);
      series.errorHigh.push_back(p.seconds.mean() + half);
      std::printf("page_load_vs_loss %-12s loss %.1f%%: %.3f s +- %.3f (n=%llu)\n",
                  models::workload::toString(v), p.lossRate * 100, p.seconds.mean(), half,
                  static_cast<unsigned long long>(p.seconds.count()));
    }
    spec.series.push_back(series);
  }
  return spec;
}

using RealnetRuns = std::map<models::workload::RealnetKey, models::workload::RealnetMeasured>;

// All the real repeats the four realnet CSVs in `dataDir` hold. Throws std::runtime_error naming
// the first file (and line) it cannot read.
RealnetRuns readRealnetRuns(const std::string& dataDir) {
  RealnetRuns measured;
  for (const char* set : {"dev", "extra", "extra2", "extra3"}) {
    models::workload::readRealnetCsv(dataDir + "/realnet_" + set + "_pages.csv", measured);
  }
  return measured;
}

// The realnet page loads: every configuration's real median (all its real repeats in `measured`)
// against the simulated median and p10-p90 of 20 seeds, on log-log axes.
ChartSpec realnetSimVsReal(const RealnetRuns& measured) {
  using models::workload::HttpVersion;
  constexpr std::uint64_t kSeeds = 20;
  ChartSpec spec;
  spec.id = "realnet_sim_vs_real";
  spec.title = "Real page loads and their simulations: Linux, nginx, curl and nghttp through an emulator";
  spec.xLabel = "real load time: median of the real runs (s)";
  spec.yLabel = "simulated load time: median of 20 seeds (s)";
  spec.logX = spec.logY = true;
  std::size_t runs = 0, fewest = SIZE_MAX, most = 0;
  for (const auto& [key, m] : measured) {
    runs += m.loadTimes.size();
    fewest = std::min(fewest, m.loadTimes.size());
    most = std::max(most, m.loadTimes.size());
  }
  spec.note =
      std::to_string(measured.size()) +
      " configurations: RTT 50/150 ms, loss 0/0.5/2 %, a 5 Mbit/s bottleneck, 12 or 36 objects of "
      "30 KiB; " +
      std::to_string(runs) + " real runs (" + std::to_string(fewest) + " to " + std::to_string(most) +
      " each);\nsimulated from the configuration alone (models/workload/realnet_page_scenario.h), bars "
      "p10-p90; docs/VALIDATION.md, docs/realnet_pages.md";
  ChartSeries diagonal{"simulated = real", {0.15, 15}, {0.15, 15}, {}, {}, SeriesStyle::Line};
  spec.series.push_back(diagonal);
  for (const HttpVersion v : {HttpVersion::Http1, HttpVersion::Http2}) {
    ChartSeries series{v == HttpVersion::Http1 ? "HTTP/1.1 (curl, 6 connections)" : "HTTP/2 (nghttp)",
                       {},
                       {},
                       {},
                       {},
                       SeriesStyle::Points};
    for (const auto& [key, m] : measured) {
      if (m.config.protocol != v) continue;
      std::vector<double> loads;
      for (std::uint64_t seed = 1; seed <= kSeeds; ++seed) {
        loads.push_back(models::workload::runRealnetPage(m.config, seed).loadTimeS);
      }
      const double real = models::workload::quantile(m.loadTimes, 0.5);
      const double sim = models::workload::quantile(loads, 0.5);
      series.x.push_back(real);
      series.y.push_back(sim);
      series.errorLow.push_back(models::workload::quantile(loads, 0.1));
      series.errorHigh.push_back(models::workload::quantile(loads, 0.9));
      std::printf("realnet_sim_vs_real %-28s real %.3f s (%zu runs), simulated %.3f s (%+.1f %%)\n",
                  m.config.label().c_str(), real, m.loadTimes.size(), sim, 100 * (sim - real) / real);
    }
    spec.series.push_back(series);
  }
  return spec;
}

constexpr const char* kUsage =
    "usage: wirelab-validation-charts [--out DIR] [--ns3 CSV] [--realnet DIR] [--only CHART]\n"
    "  --out DIR      folder to write the PNG files into (default docs/images; must exist)\n"
    "  --ns3 CSV      ns-3's goodput figures (default tests/data/ns3_tcp_bulk_goodput.csv)\n"
    "  --realnet DIR  folder of the realnet_*_pages.csv real runs (default tests/data)\n"
    "  --only CHART   draw one chart: tcp_goodput_vs_loss, tcp_cwnd_trace, page_load_vs_loss or\n"
    "                 realnet_sim_vs_real\n";

}  // namespace

int main(int argc, char** argv) {
  std::string out = "docs/images", ns3Path = "tests/data/ns3_tcp_bulk_goodput.csv", realnetDir = "tests/data",
              only;
  // Every argument is read before anything is drawn: a word it does not know (even --help) must not
  // let it go on and overwrite the charts in docs/images.
  for (int i = 1; i < argc; ++i) {
    const std::string key = argv[i];
    if (key == "--help" || key == "-h") {
      std::fputs(kUsage, stdout);
      return 0;
    }
    std::string* value = key == "--out"       ? &out
                         : key == "--ns3"     ? &ns3Path
                         : key == "--realnet" ? &realnetDir
                         : key == "--only"    ? &only
                                              : nullptr;
    if (value == nullptr) {
      std::fprintf(stderr, "wirelab-validation-charts: unknown option '%s'\n%s", argv[i], kUsage);
      return 2;
    }
    if (i + 1 == argc) {
      std::fprintf(stderr, "wirelab-validation-charts: option '%s' needs a value\n%s", argv[i], kUsage);
      return 2;
    }
    *value = argv[++i];
  }
  std::error_code ec;
  if (!std::filesystem::is_directory(out, ec)) {
    std::fprintf(stderr, "wirelab-validation-charts: --out '%s' is not a folder\n", out.c_str());
    return 2;
  }
  // Each chart is drawn only when asked for (all by default).
  const auto wanted = [&only](const char* id) { return only.empty() || only == id; };
  // The realnet chart's real runs are read (and a folder it cannot use refused) before any chart is
  // simulated; they are not read at all when that chart is not wanted.
  RealnetRuns realnet;
  if (wanted("realnet_sim_vs_real")) {
    try {
      realnet = readRealnetRuns(realnetDir);
    } catch (const std::runtime_error& e) {
      std::fprintf(stderr, "wirelab-validation-charts: %s\n", e.what());
      return 2;
    }
  }
  const app::charts::HeadlessQt qt(app::charts::HeadlessQt::Platform::Offscreen);
  std::vector<ChartSpec> specs;
  if (wanted("tcp_goodput_vs_loss")) {
    const std::vector<Ns3Point> ns3 = readNs3(ns3Path);
    if (ns3.empty())
      std::fprintf(stderr, "wirelab-validation-charts: no ns-3 figures in '%s'\n", ns3Path.c_str());
    specs.push_back(goodputVsLoss(ns3));
  }
  if (wanted("tcp_cwnd_trace")) specs.push_back(cwndChart());
  if (wanted("page_load_vs_loss")) specs.push_back(pageLoadVsLoss());
  if (wanted("realnet_sim_vs_real")) specs.push_back(realnetSimVsReal(realnet));
  if (specs.empty()) {
    std::fprintf(stderr, "wirelab-validation-charts: no chart named '%s'\n", only.c_str());
    return 2;
  }
  for (const ChartSpec& spec : specs) {
    const std::string file = out + "/" + spec.id + ".png";
    if (auto error = app::charts::exportChart(spec, file)) {
      std::fprintf(stderr, "wirelab-validation-charts: %s\n", error->c_str());
      return 3;
    }
    std::printf("wrote %s\n", file.c_str());
  }
  return 0;
}
