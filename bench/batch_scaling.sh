#!/usr/bin/env bash
# `wirelab batch` over the whole scenarios/ library with --jobs 1 and with --jobs 2, side by side,
# and their ratio (target on 2 cores: jobs 2 takes under 60% of the time of jobs 1). Everything a
# batch does is timed: the runs (in --jobs worker processes) and each scenario's aggregation and
# charts (PNG and SVG, the default; with --jobs > 1 these run in the workers too, as soon as the
# scenario's runs have ended).
# Each is run REPEATS times (default 3), alternating, and the medians are compared. The load
# average before and after is printed: on a shared machine, figures taken under load say little.
# PAUSE=SECONDS waits that long before each timed batch (default 0). On ext4 without a journal,
# creating files soon after deleting many (the previous repeat's output) walks past the recently
# deleted inodes. That costs two concurrent writers more CPU than one (bench/README.md).
#   bench/batch_scaling.sh [BUILD_DIR]        (default build/release)
set -euo pipefail
cd "$(dirname "$0")/.."
build=${1:-build/release}
repeats=${REPEATS:-3}
pause=${PAUSE:-0}
cmake --build "$build" --target wirelab >/dev/null
wirelab="$build/app/wirelab"
out=$(mktemp -d)
trap 'rm -rf "$out"' EXIT
declare -a t1 t2
load_before=$(cut -d' ' -f1-3 /proc/loadavg)
for ((i = 0; i < repeats; i++)); do
  for jobs in 1 2; do
    sleep "$pause"
    start=$(date +%s.%N)
    "$wirelab" batch scenarios --jobs "$jobs" --quiet --out "$out/j$jobs" >/dev/null
    end=$(date +%s.%N)
    t=$(echo "$end - $start" | bc -l)
    if [ "$jobs" = 1 ]; then t1+=("$t"); else t2+=("$t"); fi
  done
done
median() { printf '%s\n' "$@" | sort -g | awk '{a[NR]=$1} END {print (NR % 2) ? a[(NR+1)/2] : (a[NR/2] + a[NR/2+1]) / 2}'; }
m1=$(median "${t1[@]}")
m2=$(median "${t2[@]}")
runs=$(find "$out/j1" -path '*/runs/*.json' | wc -l)
echo "scenarios: $(ls scenarios/*.yaml | wc -l) files, $runs runs; cores: $(nproc)"
echo "load average (1, 5, 15 min): before $load_before, after $(cut -d' ' -f1-3 /proc/loadavg)"
printf 'batch --jobs 1: median %.2f s (%s)\n' "$m1" "${t1[*]}"
printf 'batch --jobs 2: median %.2f s (%s)\n' "$m2" "${t2[*]}"
printf 'ratio jobs2/jobs1: %.3f (target < 0.60)\n' "$(echo "$m2 / $m1" | bc -l)"
