// Predicts the real page loads of the realnet-dev set (shared/captures/realnet-dev) from their
// configuration alone: every configuration of tests/data/realnet_dev_pages.csv (extracted from the
// set's manifest.json) is simulated with S seeds, and the median simulated load time is compared
// with the median of the real repeats. Prints a markdown table and the overall median absolute
// percentage error. Nothing here is fitted: the scenario (models/workload/realnet_page_scenario.h)
// uses only RTT, loss, rate, queue, objects, size and protocol (and with --replay the relay seed).
//
//   realnet_pages [--csv FILE]... [--seeds S] [--jobs J] [--only SUBSTRING] [--flights] [--replay]
//   [--per-run] [--clock-phase fixed|random] [--relay-model link|delayline]
//   [--delayline-ns READ,WRITE,WAKE,WAKE_JITTER_MEAN] [--relay-latency-us UP,DOWN]
//   [--relay-jitter-us UP,DOWN] [--pcap DIR]
//   (an option's value may also follow an '=': --seeds=20)
//
// --replay runs each real repeat with the loss realisation of that run (the relay's seed, column
// relay_seed; models/workload/relay_loss_pattern.h) and S seeds for the model's own randomness; a
// repeat's simulated load time is the median of its S runs, and the table compares the median over
// repeats with the real median. Without it, the S seeds draw their own i.i.d. losses. --per-run
// (implies --replay) adds a table with one row per lossy real run: its load time and its replay's.
//
// --clock-phase random (the default) gives each simulated host's millisecond clock a random phase,
// as real hosts have (TcpConfig::randomClockPhase); fixed makes the clocks tick at whole simulated
// milliseconds.
//
// --relay-model delayline (the default) simulates the emulator's relay as the process it is
// (models/workload/delayline_relay.h), with the timing --delayline-ns sets (read and write cost,
// wake-up latency and the mean of its exponential part, in ns; default the fitted
// DelaylineTiming, bench/fit_delayline_timing.sh). --relay-model link makes it a link whose delay
// is the configured one plus the relay's latency: --relay-latency-us sets that latency each way
// (default 100,100: the set's ping check), --relay-jitter-us adds a per-packet extra drawn from
// [0, UP] and [0, DOWN] (first in, first out).
//
// --flights prints, instead of the table, each HTTP/2 run's flights as the client sees them:
// segments per round trip and the window of the client's last ACK before the next flight, the
// form bench/realnet_flights.py prints for the captures.
//
// --pcap DIR writes each run's client-side capture into DIR (created if missing), named as the
// realnet tooling names a real one but with the model's seed for the repeat
// (http_h2_rtt50_loss0_n36_30k_seed3.client.pcap), so bench/realnet_*.py analyse both alike.
#include <algorithm>
#include <atomic>
#include <cmath>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <map>
#include <numeric>
#include <optional>
#include <string>
#include <thread>
#include <utility>
#include <vector>

#include "bench/bench_options.h"
#include "capture/pcap_writer.h"
#include "models/capture/packet_encoder.h"
#include "models/scenario/atomic_file.h"
#include "models/workload/realnet_measurements.h"
#include "models/workload/realnet_page_scenario.h"

namespace {

using wirelab::models::workload::HttpVersion;
using wirelab::models::workload::quantile;
using wirelab::models::workload::RealnetModelChoices;
using wirelab::models::workload::RealnetPageConfig;
using wirelab::models::workload::RealnetPageResult;
using wirelab::models::workload::runRealnetPage;

using Measured = wirelab::models::workload::RealnetMeasured;
using Key = wirelab::models::workload::RealnetKey;

// The file name the realnet tooling gives a run's capture, with the model's seed (and with --replay
// the relay seed) where it has the repeat: http_h2_rtt50_loss0_n36_30k_seed3, so that the
// bench/realnet_*.py scripts' patterns select simulated runs as they select real ones.
std::string captureName(const RealnetPageConfig& c, std::uint64_t seed) {
  char buf[160];
  std::snprintf(buf, sizeof buf, "http_%s_rtt%g_loss%g_n%d_%lluk_seed%llu",
                c.protocol == HttpVersion::Http1 ? "h1" : "h2", c.rttMs, c.loss, c.objects,
                static_cast<unsigned long long>(c.objectBytes / 1024), static_cast<unsigned long long>(seed));
  std::string name = buf;
  if (c.relaySeed) name += "_relay" + std::to_string(*c.relaySeed);
  return name;
}

}  // namespace

int main(int argc, char** argv) {
  std::vector<std::string> csvs;
  int seeds = 20;
  int jobs = 2;
  std::string only;
  bool flights = false;
  bool replay = false;
  bool perRun = false;
  std::string pcapDir;
  RealnetModelChoices model;  // the same for every run; the defaults are the published model
  // `--name value` or `--name=value`, and flags, as the other bench programs take them
  // (bench_options.h): an unknown option, a missing value or a flag given one is one message.
  const wirelab::bench::CommandLine line(
      argc, argv, "realnet_pages",
      {"csv", "seeds", "jobs", "only", "clock-phase", "relay-latency-us", "relay-jitter-us", "relay-model",
       "delayline-ns", "pcap"},
      {"flights", "replay", "per-run"},
      "[--csv FILE]... [--seeds S] [--jobs J] [--only SUBSTRING] [--flights] [--replay] [--per-run] "
      "[--clock-phase fixed|random] [--relay-latency-us UP,DOWN] [--relay-jitter-us UP,DOWN] "
      "[--relay-model link|delayline] [--delayline-ns READ,WRITE,WAKE,WAKE_JITTER_MEAN] [--pcap DIR]");
  // A whole number within [lo, hi], or one clear error naming the option.
  const auto integer = [&line](const std::string& option, const std::string& text, std::uint64_t lo,
                               std::uint64_t hi) {
    const wirelab::bench::WholeNumber n = wirelab::bench::wholeNumberIn(text, lo, hi);
    if (!n.problem.empty()) line.fail(option, text, n.problem);
    return n.value;
  };
  // `count` comma-separated whole numbers in [0, hi], as `form` describes them (e.g. "UP,DOWN"), or
  // one clear error naming the option, its whole value and the part that is wrong.
  const auto numbers = [&line](const std::string& option, const std::string& text, std::size_t count,
                               const std::string& form, std::uint64_t hi) {
    std::vector<std::uint64_t> v;
    for (std::size_t from = 0;;) {
      const std::size_t comma = text.find(',', from);
      const std::string part =
          text.substr(from, comma == std::string::npos ? std::string::npos : comma - from);
      const wirelab::bench::WholeNumber n = wirelab::bench::wholeNumberIn(part, 0, hi);
      if (!n.problem.empty()) line.fail(option, text, "\"" + part + "\" " + n.problem);
      v.push_back(n.value);
      if (comma == std::string::npos) break;
      from = comma + 1;
    }
    if (v.size() != count) line.fail(option, text, "should be " + form);
    return v;
  };
  // "UP,DOWN" in microseconds, each 0..999999, as milliseconds.
  const auto pairUs = [&numbers](const std::string& option, const std::string& text, double& up,
                                 double& down) {
    const std::vector<std::uint64_t> v =
        numbers(option, text, 2, "UP,DOWN in microseconds (e.g. 400,250)", 999'999);
    up = static_cast<double>(v[0]) / 1000.0;
    down = static_cast<double>(v[1]) / 1000.0;
  };
  for (const wirelab::bench::CommandLine::Option& option : line.options()) {
    const std::string& a = option.name;
    const std::string value = option.value.value_or("");
    if (a == "csv") {
      csvs.push_back(value);
    } else if (a == "seeds") {
      seeds = static_cast<int>(integer(a, value, 1, 100'000));
    } else if (a == "jobs") {
      jobs = static_cast<int>(integer(a, value, 1, 256));
    } else if (a == "only") {
      only = value;
    } else if (a == "flights") {
      flights = true;
    } else if (a == "replay") {
      replay = true;
    } else if (a == "per-run") {
      replay = perRun = true;
    } else if (a == "clock-phase") {
      if (value != "fixed" && value != "random") line.fail(a, value, "is neither fixed nor random");
      model.randomClockPhase = value == "random";
    } else if (a == "relay-latency-us") {
      pairUs(a, value, model.relayLatencyUpMs, model.relayLatencyDownMs);
    } else if (a == "relay-jitter-us") {
      pairUs(a, value, model.relayJitterUpMs, model.relayJitterDownMs);
    } else if (a == "pcap") {
      pcapDir = value;
    } else if (a == "relay-model") {
      if (value != "link" && value != "delayline") line.fail(a, value, "is neither link nor delayline");
      model.relay = value == "link" ? wirelab::models::workload::RealnetRelayModel::Link
                                    : wirelab::models::workload::RealnetRelayModel::Delayline;
    } else if (a == "delayline-ns") {
      const std::vector<std::uint64_t> v =
          numbers(a, value, 4, "READ,WRITE,WAKE,WAKE_JITTER_MEAN in nanoseconds", 100'000'000);
      const auto ns = [](std::uint64_t n) { return wirelab::sim::Nanoseconds(static_cast<std::int64_t>(n)); };
      model.delaylineTiming = {ns(v[0]), ns(v[1]), ns(v[2]), ns(v[3])};
    }
  }
  if (csvs.empty()) csvs.push_back("tests/data/realnet_dev_pages.csv");
  std::map<Key, Measured> measured;
  try {
    for (const std::string& csv : csvs) wirelab::models::workload::readRealnetCsv(csv, measured);
  } catch (const std::runtime_error& e) {
    std::fprintf(stderr, "%s\n", e.what());
    return 2;
  }
  std::vector<const Measured*> rows;
  for (const auto& [k, m] : measured) {
    if (flights && m.config.protocol != HttpVersion::Http2) continue;
    if (only.empty() || m.config.label().find(only) != std::string::npos) rows.push_back(&m);
  }

  // Per row, the groups of runs whose median is one simulated load time: one group of `seeds` runs,
  // or with --replay one group per real repeat (its relay seed, `seeds` model seeds).
  struct Run {
    std::size_t row, group, seed;
  };
  std::vector<Run> runs;
  std::vector<std::vector<std::vector<RealnetPageResult>>> results(rows.size());
  for (std::size_t row = 0; row < rows.size(); ++row) {
    const std::size_t groups = replay ? rows[row]->relaySeeds.size() : 1;
    results[row].assign(groups, std::vector<RealnetPageResult>(static_cast<std::size_t>(seeds)));
    for (std::size_t g = 0; g < groups; ++g) {
      for (std::size_t seed = 0; seed < static_cast<std::size_t>(seeds); ++seed)
        runs.push_back({row, g, seed});
    }
  }
  // Spread over `jobs` threads; each run is single-threaded and deterministic, so the result does
  // not depend on the thread count.
  std::atomic<std::size_t> nextRun{0};
  {
    std::vector<std::jthread> workers;
    for (int j = 0; j < jobs; ++j) {
      workers.emplace_back([&] {
        for (std::size_t r = nextRun++; r < runs.size(); r = nextRun++) {
          const Run& run = runs[r];
          RealnetPageConfig config = rows[run.row]->config;
          config.recordFlights = flights;
          config.model = model;
          if (replay) config.relaySeed = rows[run.row]->relaySeeds[run.group];
          wirelab::capture::MemoryPcapSink clientSink, serverSink;
          std::optional<wirelab::capture::PcapWriter> clientPcap, serverPcap;
          if (!pcapDir.empty()) {
            clientPcap.emplace(clientSink, wirelab::capture::kLinkTypeRaw,
                               wirelab::models::capture::kCaptureSnapLength);
            serverPcap.emplace(serverSink, wirelab::capture::kLinkTypeRaw,
                               wirelab::models::capture::kCaptureSnapLength);
            config.clientCapture = &*clientPcap;
            config.serverCapture = &*serverPcap;
          }
          results[run.row][run.group][run.seed] = runRealnetPage(config, 1 + run.seed);
          if (!pcapDir.empty()) {
            const std::string name = pcapDir + "/" + captureName(config, 1 + run.seed);
            for (const auto& [path, sink] : {std::pair{name + ".client.pcap", &clientSink},
                                             std::pair{name + ".server.pcap", &serverSink}}) {
              if (const std::string error =
                      wirelab::models::scenario::writeFileAtomically(path, sink->bytes());
                  !error.empty()) {
                std::fprintf(stderr, "--pcap: %s\n", error.c_str());
                std::exit(1);
              }
            }
          }
        }
      });
    }
  }

  if (flights) {
    for (std::size_t i = 0; i < rows.size(); ++i) {
      for (std::size_t g = 0; g < results[i].size(); ++g) {
        for (std::size_t seed = 0; seed < results[i][g].size(); ++seed) {
          std::printf("%s", rows[i]->config.label().c_str());
          if (replay)
            std::printf(" relay seed %llu", static_cast<unsigned long long>(rows[i]->relaySeeds[g]));
          std::printf(" seed %zu:", seed + 1);
          for (const auto& f : results[i][g][seed].flights) {
            std::printf(" %u/%llu", f.segments, static_cast<unsigned long long>(f.lastWindow));
          }
          std::printf("  (load %.3f s)\n", results[i][g][seed].loadTimeS);
        }
      }
    }
    return 0;
  }

  // Load times per row and group; a run that did not finish counts as the tooling's 180 s timeout.
  std::vector<std::vector<std::vector<double>>> groupLoads(rows.size());
  for (std::size_t i = 0; i < rows.size(); ++i) {
    for (const std::vector<RealnetPageResult>& group : results[i]) {
      std::vector<double>& loads = groupLoads[i].emplace_back();
      for (const RealnetPageResult& r : group) loads.push_back(r.loadTimeS < 0 ? 180.0 : r.loadTimeS);
    }
  }

  std::printf(
      "| configuration | real median s | sim median s | sim p10-p90 s | error %% | retx real / sim (median) "
      "|\n"
      "|---|---|---|---|---|---|\n");
  std::vector<double> errors;
  std::vector<double> repeatErrors;  // --replay: each real repeat against its own replay
  // Per configuration without the protocol: the load times of every real repeat and every seed.
  struct Loads {
    std::vector<double> h1, h2;
  };
  std::map<std::string, Loads> repeats, seedLoads;
  for (std::size_t i = 0; i < rows.size(); ++i) {
    // loads: one simulated load time per seed, or with --replay the median of each repeat's runs.
    std::vector<double> loads, retx;
    int failed = 0;
    for (std::size_t g = 0; g < results[i].size(); ++g) {
      for (const RealnetPageResult& r : results[i][g]) {
        failed += r.loadTimeS < 0 ? 1 : 0;
        retx.push_back(static_cast<double>(r.retransmissions));
      }
      const std::vector<double>& runLoads = groupLoads[i][g];
      if (replay) {
        loads.push_back(quantile(runLoads, 0.5));
        repeatErrors.push_back(100.0 * std::fabs(loads.back() - rows[i]->loadTimes[g]) /
                               rows[i]->loadTimes[g]);
      } else {
        loads.insert(loads.end(), runLoads.begin(), runLoads.end());
      }
    }
    const double real = quantile(rows[i]->loadTimes, 0.5);
    const double sim = quantile(loads, 0.5);
    const double err = 100.0 * (sim - real) / real;
    errors.push_back(std::fabs(err));
    std::string label = rows[i]->config.label();
    std::printf("| %s | %.3f | %.3f | %.3f-%.3f | %+.1f | %.1f / %.1f |%s\n", label.c_str(), real, sim,
                quantile(loads, 0.1), quantile(loads, 0.9), err, quantile(rows[i]->retransmissions, 0.5),
                quantile(retx, 0.5), failed ? " (some runs did not finish)" : "");
    const bool h2 = rows[i]->config.protocol == HttpVersion::Http2;
    const std::string base = label.substr(3);
    (h2 ? repeats[base].h2 : repeats[base].h1) = rows[i]->loadTimes;
    (h2 ? seedLoads[base].h2 : seedLoads[base].h1) = loads;
  }
  // How often HTTP/2 is the slower one: over all (HTTP/2 run, HTTP/1.1 run) pairs, of the real
  // repeats and of the simulated seeds; shows how firmly each side orders a near-tie.
  const auto slowerShare = [](const Loads& loads) {
    int slower = 0, all = 0;
    for (double h2 : loads.h2) {
      for (double h1 : loads.h1) {
        slower += h2 > h1 ? 1 : 0;
        ++all;
      }
    }
    return all == 0 ? 0.0 : 100.0 * slower / all;
  };
  std::printf(
      "\n| configuration | real H2/H1 | sim H2/H1 | order right? | H2 slower: real pairs %% | H2 slower: sim "
      "pairs %% |\n|---|---|---|---|---|---|\n");
  int right = 0, pairs = 0;
  for (const auto& [base, real] : repeats) {
    const Loads& sim = seedLoads[base];
    if (real.h1.empty() || real.h2.empty()) continue;  // only one protocol was measured
    const double realRatio = quantile(real.h2, 0.5) / quantile(real.h1, 0.5);
    const double simRatio = quantile(sim.h2, 0.5) / quantile(sim.h1, 0.5);
    const bool ok = (realRatio > 1) == (simRatio > 1);
    right += ok;
    ++pairs;
    std::printf("| %s | %.2f | %.2f | %s | %.0f | %.0f |\n", base.c_str(), realRatio, simRatio,
                ok ? "yes" : "NO", slowerShare(real), slowerShare(sim));
  }
  std::printf(
      "\nconfigurations: %zu, seeds: %d; median |error|: %.1f %%, mean |error|: %.1f %%, max |error|: %.1f "
      "%%;"
      " H1-vs-H2 order right in %d of %d\n",
      rows.size(), seeds, quantile(errors, 0.5),
      errors.empty()
          ? 0.0
          : std::accumulate(errors.begin(), errors.end(), 0.0) / static_cast<double>(errors.size()),
      errors.empty() ? 0.0 : *std::max_element(errors.begin(), errors.end()), right, pairs);
  if (replay) {
    std::printf(
        "loss replayed from each real run's relay seed; each of the %zu real runs against its own replay: "
        "median |error| %.1f %%\n",
        repeatErrors.size(), quantile(repeatErrors, 0.5));
  }
  if (perRun) {
    std::printf(
        "\nEach lossy real run against its own replay:\n\n"
        "| run | relay seed | real s | replay median s | replay min-max s | error %% |\n"
        "|---|---|---|---|---|---|\n");
    for (std::size_t i = 0; i < rows.size(); ++i) {
      if (rows[i]->config.loss <= 0) continue;  // nothing to replay
      for (std::size_t g = 0; g < groupLoads[i].size(); ++g) {
        const std::vector<double>& runLoads = groupLoads[i][g];
        const double real = rows[i]->loadTimes[g];
        const double sim = quantile(runLoads, 0.5);
        std::printf("| %s #%zu | %llu | %.3f | %.3f | %.3f-%.3f | %+.1f |\n", rows[i]->config.label().c_str(),
                    g + 1, static_cast<unsigned long long>(rows[i]->relaySeeds[g]), real, sim,
                    quantile(runLoads, 0), quantile(runLoads, 1), 100.0 * (sim - real) / real);
      }
    }
  }
  return 0;
}
