#!/usr/bin/env bash
# Runs the kernel benchmarks the way bench/README.md reports them: Release build, 9 repetitions of
# at least 1 s each, medians (these shared machines are noisy; the median is the figure to quote).
#   bench/run.sh            # scheduler + forwarding + udp-cbr kernel run + many clients vs tcp_bulk
#   bench/run.sh --ns3      # also the side-by-side ns-3 comparison (installs libns3-dev, ~3 min)
set -euo pipefail
cd "$(dirname "$0")/.."
cmake --preset release >/dev/null
cmake --build --preset release --target scheduler_bench forwarding_bench udp_cbr_kernel tcp_bulk polling_clients \
  pubsub_fanout >/dev/null
args=(--benchmark_repetitions=9 --benchmark_min_time=1 --benchmark_report_aggregates_only=true)
build/release/bench/scheduler_bench "${args[@]}" 2>/dev/null | grep -E "Benchmark|_median"
build/release/bench/forwarding_bench "${args[@]}" 2>/dev/null | grep -E "_median"
build/release/bench/udp_cbr_kernel --hosts=100
build/release/bench/udp_cbr_kernel --hosts=10
bench/many_clients.sh build/release  # 100,000 polling clients / subscribers against tcp_bulk (~1 min)
if [ "${1:-}" = "--ns3" ]; then
  bench/compare_ns3.sh build/release
fi
