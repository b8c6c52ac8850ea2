// The realnet-dev event runs (tests/data/realnet_dev_events.csv, extracted from
// ../shared/captures/realnet-dev/manifest.json) and their simulation with the same parameters:
// the real event creation times as a trace source, the real clients' start and poll schedule,
// RTT 80 ms, the loss of the run in each direction, the "linux" TCP profile on both ends.
#pragma once

#include <algorithm>
#include <cmath>
#include <fstream>
#include <map>
#include <sstream>
#include <stdexcept>
#include <string>
#include <vector>

#include "models/patterns/pattern_experiment.h"

namespace wirelab::models::patterns::testing {

struct RealRun {
  double loss = 0;
  std::string pattern;  // short_polling, long_polling, server_sent_events
  double firstRequestS = 0, clientEndS = 0;
  std::uint64_t requests = 0, ipBytesC2s = 0, ipBytesS2c = 0, packets = 0, eventsCreated = 0;
  std::vector<double> createdS, latencyS;  // by event id
  bool dropsKnown = false;                 // a "drops" row: the relay's server-to-client drops
  std::vector<std::uint64_t> lostFromServer;
};

inline std::vector<RealRun> loadRealRuns(const std::string& path) {
  std::ifstream in(path);
  if (!in) throw std::runtime_error("cannot open " + path);
  std::map<std::pair<double, std::string>, RealRun> runs;
  std::string line;
  while (std::getline(in, line)) {
    if (line.empty() || line[0] == '#') continue;
    std::vector<std::string> f;
    std::stringstream ss(line);
    for (std::string x; std::getline(ss, x, ',');) f.push_back(x);
    const double loss = std::stod(f.at(1));
    RealRun& r = runs[{loss, f.at(2)}];
    r.loss = loss;
    r.pattern = f.at(2);
    if (f[0] == "run") {
      r.firstRequestS = std::stod(f.at(3));
      r.clientEndS = std::stod(f.at(4));
      r.requests = std::stoull(f.at(5));
      r.ipBytesC2s = std::stoull(f.at(6));
      r.ipBytesS2c = std::stoull(f.at(7));
      r.packets = std::stoull(f.at(8));
      r.eventsCreated = std::stoull(f.at(9));
    } else if (f[0] == "drops") {
      r.dropsKnown = true;
      std::stringstream positions(f.size() > 4 ? f[4] : "");
      for (std::uint64_t p; positions >> p;) r.lostFromServer.push_back(p);
    } else if (f[0] == "event") {
      const double created = std::stod(f.at(4)), received = std::stod(f.at(5));
      r.createdS.push_back(created);
      r.latencyS.push_back(received - created);
    }
  }
  std::vector<RealRun> out;
  for (auto& [key, r] : runs) out.push_back(r);
  return out;
}

// The same summary as the dataset's (statistics.median, p90 = sorted[round(0.9 (n - 1))]).
inline LatencySummary summarize(std::vector<double> v) {
  LatencySummary s;
  if (v.empty()) return s;
  std::sort(v.begin(), v.end());
  const std::size_t n = v.size();
  s.count = n;
  double sum = 0;
  for (double x : v) sum += x;
  s.mean = sum / static_cast<double>(n);
  s.median = n % 2 == 1 ? v[n / 2] : (v[n / 2 - 1] + v[n / 2]) / 2;
  s.p90 = v[std::min(n - 1, static_cast<std::size_t>(std::lround(0.9 * static_cast<double>(n - 1))))];
  s.min = v.front();
  s.max = v.back();
  return s;
}

// Simulation clock origin: 3 s before the real event window's start (t0), so every client starts
// at a positive time.
constexpr double kOriginS = 3.0;

inline PatternExperimentConfig simulationOf(const RealRun& real, const std::vector<RealRun>& sameLoss) {
  using namespace wirelab::sim;
  PatternExperimentConfig c;
  c.client.pattern = real.pattern == "short_polling"  ? Pattern::ShortPolling
                     : real.pattern == "long_polling" ? Pattern::LongPolling
                                                      : Pattern::ServerSentEvents;
  c.oneWayDelay = Milliseconds(40);
  // The relay's own server-to-client drops when known (replayed by position); its client-to-server
  // drops are not attributable to a connection from the server-side captures, and the 1% run's were
  // pure ACKs (no client data was resent for them), so that direction is left loss-free then.
  if (real.dropsKnown) {
    c.lostFromServer = real.lostFromServer;
  } else {
    c.lossRate = real.loss;
  }
  c.server.tcp = *transport::tcp::tcpProfile("linux");
  c.client.tcp = *transport::tcp::tcpProfile("linux");
  c.server.writeHeadSeparately = true;  // Python's http.server
  c.events.kind = EventSourceConfig::Kind::Trace;
  for (double t : real.createdS) c.events.traceTimes.push_back(SecondsF(t + kOriginS));
  c.events.payloadBytes = Constant(80.0);  // the real server's JSON event object
  // The clients connect (one RTT) before their first request. The poll client starts with the
  // others (the long-poll client's connect time) and polls at t0 + k * 2 s.
  double connectS = real.firstRequestS - 0.080;
  if (c.client.pattern == Pattern::ShortPolling) {
    for (const RealRun& o : sameLoss) {
      if (o.pattern == "long_polling") connectS = o.firstRequestS - 0.080;
    }
    c.client.shortPolling.interval = Seconds(2);
    c.client.shortPolling.firstPollDelay = SecondsF(0.0 - connectS);
  }
  c.clientStart = SecondsF(connectS + kOriginS);
  c.stopAt = SecondsF(real.clientEndS + kOriginS);
  c.drain = Seconds(3);
  c.seed = 11;
  return c;
}

struct Comparison {
  RealRun real;
  LatencySummary realLatency, simLatency;
  PatternResult sim;
};

inline Comparison compare(const RealRun& real, const std::vector<RealRun>& all) {
  std::vector<RealRun> sameLoss;
  for (const RealRun& r : all) {
    if (r.loss == real.loss) sameLoss.push_back(r);
  }
  PatternExperiment e(simulationOf(real, sameLoss));
  e.run();
  Comparison cmp;
  cmp.real = real;
  cmp.realLatency = summarize(real.latencyS);
  cmp.sim = e.result();
  cmp.simLatency = cmp.sim.latency;
  return cmp;
}

inline double relativeError(double sim, double real) { return real == 0 ? 0 : (sim - real) / real; }

inline std::string markdownHeader() {
  return "| loss | pattern | latency median real / sim | mean real / sim | p90 real / sim | requests real / "
         "sim | "
         "IP bytes c2s real / sim | IP bytes s2c real / sim | packets real / sim |\n"
         "|---|---|---|---|---|---|---|---|---|\n";
}

inline std::string markdownRow(const Comparison& c) {
  char buf[512];
  std::snprintf(buf, sizeof buf,
                "| %g%% | %s | %.3f / %.3f s (%+.1f%%) | %.3f / %.3f s (%+.1f%%) | %.3f / %.3f s (%+.1f%%) | "
                "%llu / %llu | "
                "%llu / %llu | %llu / %llu | %llu / %llu |\n",
                c.real.loss * 100, c.real.pattern.c_str(), c.realLatency.median, c.simLatency.median,
                100 * relativeError(c.simLatency.median, c.realLatency.median), c.realLatency.mean,
                c.simLatency.mean, 100 * relativeError(c.simLatency.mean, c.realLatency.mean),
                c.realLatency.p90, c.simLatency.p90, 100 * relativeError(c.simLatency.p90, c.realLatency.p90),
                static_cast<unsigned long long>(c.real.requests),
                static_cast<unsigned long long>(c.sim.counters.requestsSent),
                static_cast<unsigned long long>(c.real.ipBytesC2s),
                static_cast<unsigned long long>(c.sim.wireBytesClientToServer),
                static_cast<unsigned long long>(c.real.ipBytesS2c),
                static_cast<unsigned long long>(c.sim.wireBytesServerToClient),
                static_cast<unsigned long long>(c.real.packets),
                static_cast<unsigned long long>(c.sim.packetsClientToServer + c.sim.packetsServerToClient));
  return buf;
}

}  // namespace wirelab::models::patterns::testing
