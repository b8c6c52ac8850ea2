#!/usr/bin/env bash
# Fits the delayline relay's timing (models/workload/delayline_relay.h: DelaylineTiming) to the relay's
# latency in real captures, never to load times: bench/realnet_relay_latency.py measures, per protocol and
# RTT, the median and p75 of the relay's one-way latency for the client's pure ACKs (up) and for the
# first data segment of each flight (down), on the real loss-free captures given and on simulated ones
# (realnet_pages --pcap, the loss-free rows of tests/data/realnet_extra2_pages.csv, 12 seeds, random
# clock phases) for each timing of a grid; prints each timing's sum of squared differences (ms^2) over
# those 16 medians and 16 p75s, best first. The write cost is not fitted: 3.1 us is the median gap
# between back-to-back full segments in the real client captures (bench/realnet_timings.py).
#   bench/fit_delayline_timing.sh [CAPTURE_DIR...]   (default: ../shared/captures/realnet-dev/http)
# BUILD_DIR (default build/h-realnet) must hold a Release build of bench/realnet_pages.
set -euo pipefail
cd "$(dirname "$0")/.."
BUILD="${BUILD_DIR:-build/h-realnet}"
DIRS=("$@")
[[ ${#DIRS[@]} -gt 0 ]] || DIRS=(../shared/captures/realnet-dev/http)
cmake --build "$BUILD" -j2 --target realnet_pages >/dev/null
stats() { bench/realnet_relay_latency.py "$@" | awk '$1 != "pooled" {k = $1 $2 $3; sub(":", "", k); print k, $10, $12}'; }
REAL="$(stats "${DIRS[@]}")"
SIM="$(mktemp -d)"
trap 'rm -rf "$SIM"' EXIT
for read in 1000 2000; do
  for wake in 60000 80000 100000 120000 140000; do
    for jitter in 40000 60000 80000 100000 140000; do
      timing="$read,3100,$wake,$jitter"
      rm -rf "$SIM/pcap"
      "$BUILD/bench/realnet_pages" --csv tests/data/realnet_extra2_pages.csv --seeds 12 --only loss0 \
        --clock-phase random --relay-model delayline --delayline-ns "$timing" --pcap "$SIM/pcap" >/dev/null
      stats "$SIM/pcap" | awk -v timing="$timing" -v real="$REAL" '
        BEGIN { n = split(real, lines, "\n"); for (i = 1; i <= n; i++) { split(lines[i], f, " "); m[f[1]] = f[2]; q[f[1]] = f[3] } }
        ($1 in m) { d1 = $2 - m[$1]; d2 = $3 - q[$1]; s += d1 * d1 + d2 * d2 }
        END { printf "%s %.4f\n", timing, s }'
    done
  done
done | sort -k2 -g
