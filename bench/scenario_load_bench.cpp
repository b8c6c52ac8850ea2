// Loading and validating a scenario file: read, parse (YAML), merge includes, read every section,
// expand the sweep and check every case, as `wirelab validate` and every run do. Target: under
// 10 ms per shipped scenario. Run: build/release/bench/scenario_load_bench (from the repository root).
#include <benchmark/benchmark.h>

#include <algorithm>
#include <filesystem>
#include <string>
#include <vector>

#include "models/scenario/plan.h"

namespace {

namespace fs = std::filesystem;

void loadAndValidate(benchmark::State& state, const std::string& file) {
  for (auto _ : state) {
    wirelab::models::scenario::Diagnostics d;
    auto plan = wirelab::models::scenario::planScenario(file, {}, d);
    if (!plan) state.SkipWithError(("invalid scenario: " + d.formatAll()).c_str());
    benchmark::DoNotOptimize(plan);
  }
}

// One benchmark per shipped scenario, registered at start-up from the folder's contents.
const bool registered = [] {
  const fs::path dir =
      fs::exists("scenarios") ? fs::path("scenarios") : fs::path(WIRELAB_SOURCE_DIR) / "scenarios";
  std::vector<std::string> files;
  for (const auto& e : fs::directory_iterator(dir)) {
    if (e.path().extension() == ".yaml") files.push_back(e.path().string());
  }
  std::sort(files.begin(), files.end());
  for (const std::string& f : files) {
    benchmark::RegisterBenchmark(("load+validate/" + fs::path(f).stem().string()).c_str(),
                                 [f](benchmark::State& s) { loadAndValidate(s, f); })
        ->Unit(benchmark::kMillisecond);
  }
  return true;
}();

}  // namespace
