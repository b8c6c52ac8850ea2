// File: app/cli/showcase_command.cpp
#include "app/cli/showcase_command.h"

#include <unistd.h>

#include <chrono>
#include <cstdio>
#include <exception>
#include <filesystem>
#include <iostream>
#include <system_error>
#include <vector>

#include "app/charts/headless_qt.h"
#include "app/cli/showcase_output.h"
#include "models/showcase/queueing_showcase.h"

namespace wirelab::app::cli {
namespace {

namespace fs = std::filesystem;
using models::showcase::QueueingShowcaseConfig;
using models::showcase::QueueingShowcaseResult;

int fail(int code, const std::string& message) {
  std::cerr << "wirelab: error: " << message << "\n";
  return code;
}

QueueingShowcaseConfig configFor(const ShowcaseOptions& options) {
  QueueingShowcaseConfig config;
  if (options.seed) config.seed = *options.seed;
  if (options.quick) {
    config.replications = 2;
    config.duration = sim::Seconds(10);
  }
  return config;
}

void printTable(const QueueingShowcaseResult& r) {
  std::printf("%6s  %14s  %10s  %12s  %10s  %9s\n", "load", "mean wait ms", "95% CI ±", "M/D/1 ms", "p99 ms",
              "dropped");
  for (const auto& p : r.points) {
    std::printf("%6.2f  %14.4f  %9.4f  %12.4f  %10.3f  %9lld\n", p.load, p.meanWaitMs,
                p.meanWaitCiHalfWidthMs, p.closedFormWaitMs, p.p99WaitMs,
                static_cast<long long>(p.packetsDropped));
  }
}

}  // namespace

int runShowcaseCommand(const ShowcaseOptions& options) {
  // Work on the absolute, normalized path: "out/", "./out" and "out" are one folder, and a trailing
  // slash must not leave an empty file name to build the staging sibling from.
  fs::path target = fs::absolute(options.outDir).lexically_normal();
  if (!target.has_filename()) target = target.parent_path();
  if (target == target.root_path()) return fail(kExitUsage, "--out cannot be the root folder");
  if (auto error = checkReplaceable(target)) return fail(kExitUsage, *error);
  std::error_code ec;
  fs::create_directories(target.parent_path(), ec);
  if (ec) return fail(kExitUsage, "cannot create '" + target.parent_path().string() + "': " + ec.message());

  // Everything is written into a hidden sibling first and swapped in at the end, so an interrupted
  // or failed run never leaves a mix of old and new files behind.
  const fs::path staged =
      target.parent_path() / ("." + target.filename().string() + ".tmp-" + std::to_string(::getpid()));
  fs::remove_all(staged, ec);
  fs::create_directory(staged, ec);
  if (ec) return fail(kExitUsage, "cannot create '" + staged.string() + "': " + ec.message());
  auto discard = [&staged] {
    std::error_code ignored;
    fs::remove_all(staged, ignored);
  };

  const QueueingShowcaseConfig config = configFor(options);
  std::printf(
      "Queueing showcase: %g Mbit/s link, %lld B packets, %zu loads x %d replications x %g s (seed %llu)\n",
      config.linkRate.megabitsPerSecond(), static_cast<long long>(config.packetSize.bytes()),
      config.loads.size(), config.replications, config.duration.seconds(),
      static_cast<unsigned long long>(config.seed));
  std::fflush(stdout);

  const auto start = std::chrono::steady_clock::now();
  QueueingShowcaseResult result;
  try {
    result = models::showcase::runQueueingShowcase(config);
  } catch (const std::exception& e) {
    discard();
    return fail(kExitInternal, std::string("the showcase failed: ") + e.what());
  }
  const double wallS = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();

  const charts::HeadlessQt qt(charts::HeadlessQt::Platform::Offscreen);  // charts are drawn by Qt widgets
  if (auto error = writeShowcaseFiles(result, staged)) {
    discard();
    return fail(kExitInternal, *error);
  }
  if (auto error = replaceFolder(staged, target)) {
    discard();
    return fail(kExitInternal, *error);
  }

  printTable(result);
  std::printf("%llu events in %zu runs, %.*f s wall time\n",
              static_cast<unsigned long long>(result.totalEvents),
              config.loads.size() * static_cast<std::size_t>(config.replications), wallS < 10 ? 2 : 1, wallS);
  const std::string shown = options.outDir.string();
  std::printf("Wrote %s: results.json, series/*.csv, charts/*.png and charts/*.svg\n", shown.c_str());
  const std::vector<std::string> failures = models::showcase::closedFormDisagreements(result);
  if (!failures.empty()) {
    for (const std::string& f : failures) std::printf("EXPECTATION FAILED: %s\n", f.c_str());
    return kExitExpectationFailed;
  }
  std::printf("Expectation met: the simulated mean waiting time agrees with M/D/1 at every load.\n");
  return kExitOk;
}

}  // namespace wirelab::app::cli
