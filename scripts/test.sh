#!/usr/bin/env bash
# The README's second command (and what CI runs): installs the dependencies, builds everything with
# warnings as errors, and runs every test with ctest. WIRELAB_SANITIZE=1 also builds and runs the
# whole suite under AddressSanitizer and UndefinedBehaviorSanitizer (CI does).
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/install-deps.sh
jobs=$(nproc)

# Formatting is part of the build's hygiene: every C++ file must match .clang-format.
if git rev-parse --is-inside-work-tree >/dev/null 2>&1; then
  git ls-files '*.cpp' '*.h' | xargs clang-format --dry-run -Werror
fi

cmake --preset ci >/dev/null
cmake --build --preset ci -j "$jobs"
# Charts are rendered off-screen: the tests need no display.
QT_QPA_PLATFORM=offscreen ctest --preset ci -j "$jobs"

if [ "${WIRELAB_SANITIZE:-0}" = 1 ]; then
  cmake --preset asan >/dev/null
  cmake --build --preset asan -j "$jobs"
  QT_QPA_PLATFORM=offscreen ASAN_OPTIONS=detect_leaks=1 UBSAN_OPTIONS=print_stacktrace=1 \
    ctest --preset asan -j "$jobs" --label-exclude scenarios  # see tests/scenarios/CMakeLists.txt

  # The scenario loader takes arbitrary bytes from users: a libFuzzer session (clang, ASan+UBSan)
  # seeded with the shipped scenarios must find no crash. 60 s here; longer runs by hand.
  cmake -S . -B build/fuzz -G Ninja -DCMAKE_CXX_COMPILER=clang++ -DCMAKE_BUILD_TYPE=Debug -DWIRELAB_FUZZ=ON \
    -DWIRELAB_WERROR=ON -DWIRELAB_BUILD_APP=OFF -DWIRELAB_BUILD_TESTS=OFF -DWIRELAB_BUILD_BENCH=OFF >/dev/null
  cmake --build build/fuzz -j "$jobs" --target scenario_loader_fuzz
  rm -rf build/fuzz/corpus && mkdir -p build/fuzz/corpus && cp scenarios/*.yaml build/fuzz/corpus/
  build/fuzz/tests/fuzz/scenario_loader_fuzz -max_total_time="${WIRELAB_FUZZ_SECONDS:-60}" -rss_limit_mb=2048 \
    -print_final_stats=1 build/fuzz/corpus
fi
