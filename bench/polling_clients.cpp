// polling-clients: 100,000 short-polling clients (default) on 7 client hosts (each host's
// ephemeral ports 49152-65535 cap it at 16,384 connections) behind one router to one event
// server, on one core. Prints wall time, simulated events per second (the scheduler's event
// counter) and peak RSS (getrusage), in one RESULT line.
//   polling_clients [--clients=N] [--hosts=H] [--interval=S] [--duration=S] [--rate=EVENTS_PER_S]
//                   [--pattern=short_polling|long_polling|sse|push]
#include <sys/resource.h>

#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <string>

#include "bench/bench_options.h"
#include "bench/process_usage.h"
#include "models/patterns/pattern_experiment.h"

int main(int argc, char** argv) {
  using namespace wirelab;
  using namespace wirelab::models::patterns;
  const bench::BenchOptions o(argc, argv, "polling_clients",
                              {"clients", "hosts", "interval", "duration", "rate", "pattern"});
  PatternExperimentConfig c;
  c.clients = static_cast<std::uint32_t>(o.count("clients", 100'000, 1, 10'000'000));
  c.clientHosts = static_cast<std::uint32_t>(o.count("hosts", 7, 1, 10'000));
  const auto pattern = parsePattern(o.text("pattern", "short_polling"));
  if (!pattern) o.fail("pattern", "unknown pattern (short_polling, long_polling, sse or push)");
  c.client.pattern = *pattern;
  const double interval = o.number("interval", 5, 1e-6, 1e6);
  const double duration = o.number("duration", 60, 0, 1e7);
  c.client.shortPolling.interval = sim::SecondsF(interval);
  c.events.ratePerSecond = o.number("rate", 1, 0, 1e9);
  c.oneWayDelay = sim::Milliseconds(20);
  c.pathRate = sim::Gbps(10);
  c.accessRate = sim::Gbps(10);
  // Start the clients evenly over one interval so that their polls do not all coincide.
  c.clientStartSpacing = sim::SecondsF(interval / c.clients);
  c.stopAt = sim::SecondsF(duration);
  c.drain = sim::Seconds(1);
  c.keepDetail = false;
  try {
    c.validate();
  } catch (const std::exception& e) {
    std::fprintf(stderr, "polling_clients: %s\n", e.what());
    return 2;
  }
  const auto w0 = std::chrono::steady_clock::now();
  const double c0 = bench::processCpuSeconds();
  PatternResult r;
  {
    PatternExperiment e(c);
    e.run();
    r = e.result();
  }
  const double cpu = bench::processCpuSeconds() - c0;
  const double wall = std::chrono::duration<double>(std::chrono::steady_clock::now() - w0).count();
  rusage usage{};
  getrusage(RUSAGE_SELF, &usage);
  std::printf(
      "RESULT scenario=polling-clients pattern=%s clients=%u hosts=%u interval_s=%g sim_time_s=%g "
      "wall_s=%.2f "
      "cpu_s=%.2f events=%llu events_per_cpu_s=%.0f events_per_wall_s=%.0f peak_rss_mib=%.1f requests=%llu "
      "deliveries=%llu mean_latency_s=%.4f peak_open_connections=%lld\n",
      toString(c.client.pattern), c.clients, c.clientHosts, interval, duration + 1.0, wall, cpu,
      static_cast<unsigned long long>(r.schedulerEvents), static_cast<double>(r.schedulerEvents) / cpu,
      static_cast<double>(r.schedulerEvents) / wall, static_cast<double>(usage.ru_maxrss) / 1024.0,
      static_cast<unsigned long long>(r.counters.requestsSent),
      static_cast<unsigned long long>(r.counters.eventsDelivered), r.meanLatencySeconds,
      static_cast<long long>(r.peakOpenConnections));
  return 0;
}
