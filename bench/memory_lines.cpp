// What a cold cache line costs on this machine, with and without prefetching: the memory floor
// under the many-client benchmarks (bench/README.md, "Many clients on one core").
//
// Objects of K cache lines in a 600 MiB array are visited in a random order (one read and one
// write per line, as an event reads and updates its connection); with --distance=D > 0, the
// lines of the object D visits ahead are prefetched first, as the scheduler's hints do. Prints
// nanoseconds per object and per line.
//
//   memory_lines                      # the table: K = 1, 4, 8, 16, 32 lines; D = 0 (none), 8, 32
//   memory_lines --lines=16 --distance=8
#include <chrono>
#include <cstdint>
#include <cstdio>
#include <random>
#include <vector>

#include "bench/bench_options.h"

namespace {

constexpr std::size_t kArrayBytes = std::size_t{600} << 20;
constexpr std::size_t kLine = 64;
constexpr std::size_t kVisits = 4'000'000;

double nanosecondsPerObject(std::vector<char>& memory, std::size_t lines, std::size_t distance) {
  const std::size_t objectBytes = lines * kLine;
  const std::size_t objects = memory.size() / objectBytes;
  std::vector<std::uint32_t> order(kVisits);
  std::mt19937_64 rng(1);
  for (auto& o : order) o = static_cast<std::uint32_t>(rng() % objects);
  char* base = memory.data();
  std::uint64_t sum = 0;
  const auto start = std::chrono::steady_clock::now();
  for (std::size_t i = 0; i < kVisits; ++i) {
    if (distance > 0 && i + distance < kVisits) {
      const char* ahead = base + std::size_t{order[i + distance]} * objectBytes;
      for (std::size_t l = 0; l < lines; ++l) __builtin_prefetch(ahead + l * kLine);
    }
    char* object = base + std::size_t{order[i]} * objectBytes;
    for (std::size_t l = 0; l < lines; ++l) {
      sum += static_cast<unsigned char>(object[l * kLine]);
      object[l * kLine + 8] = static_cast<char>(sum);
    }
  }
  const auto end = std::chrono::steady_clock::now();
  if (sum == 1) std::puts("");  // keeps the loop's work observable
  return std::chrono::duration<double, std::nano>(end - start).count() / static_cast<double>(kVisits);
}

}  // namespace

int main(int argc, char** argv) {
  const wirelab::bench::BenchOptions options(argc, argv, "memory_lines", {"lines", "distance"});
  constexpr std::uint64_t kTable = ~std::uint64_t{0};
  const std::uint64_t onlyLines = options.count("lines", kTable, 1, 64);
  const std::uint64_t onlyDistance = options.count("distance", kTable, 0, 1024);

  std::vector<char> memory(kArrayBytes, 1);  // touched once here: no page faults while timed
  const std::vector<std::size_t> lineCounts =
      onlyLines != kTable ? std::vector<std::size_t>{onlyLines} : std::vector<std::size_t>{1, 4, 8, 16, 32};
  const std::vector<std::size_t> distances =
      onlyDistance != kTable ? std::vector<std::size_t>{onlyDistance} : std::vector<std::size_t>{0, 8, 32};
  for (const std::size_t lines : lineCounts) {
    for (const std::size_t distance : distances) {
      const double ns = nanosecondsPerObject(memory, lines, distance);
      std::printf("RESULT lines=%zu distance=%zu ns_per_object=%.1f ns_per_line=%.2f\n", lines, distance, ns,
                  ns / static_cast<double>(lines));
    }
  }
  return 0;
}
