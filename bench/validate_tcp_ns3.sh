#!/usr/bin/env bash
# TCP NewReno goodput under random loss, Wirelab against ns-3 3.37 on the same scenario (the
# tcp-bulk anchor: one flow over the dumbbell, loss on the bottleneck's data direction, ns-3's TCP
# defaults: SACK, delayed ACKs, 1 s minimum RTO; Wirelab's "ns3" profile) and against Mathis with
# C = sqrt(3/4) (per-ACK growth with delayed ACKs). 300 simulated seconds, RUNS seeds each
# (ns-3 --RngRun=1..RUNS, Wirelab --seed=1..RUNS); prints a markdown table of the means.
#   bench/validate_tcp_ns3.sh [BUILD_DIR]     # RUNS=5 by default; ~2 minutes
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
root=$(cd "$here/.." && pwd)
build=${1:-$root/build/release}
runs=${RUNS:-5}
sim_t=${SIM_T:-300}
WORKLOADS=none "$here/compare_ns3.sh" "$build" >/dev/null  # builds the ns-3 anchors if needed
ns3=$root/build/ns3-anchors/ns3/build/tcp-bulk
field() { sed -n "s/.* $1=\([^ ]*\).*/\1/p"; }
mean() { awk '{s += $1} END {printf "%.4f", s / NR}'; }

printf '| RTT | loss | ns-3 Mbit/s | Wirelab Mbit/s | Wirelab / ns-3 | Mathis (C=0.87) | Wirelab / Mathis | ns-3 / Mathis |\n'
printf '|---|---|---|---|---|---|---|---|\n'
for rtt in 40 100 200; do
  bn=$((rtt / 2 - 10))
  for p in 0.001 0.005 0.01 0.02; do
    n=(); w=()
    for r in $(seq "$runs"); do
      n+=("$("$ns3" --nFlows=1 --lossRate=$p --simTime=$sim_t --perFlow=0 --RngRun=$r --bnDelay=${bn}ms | field agg_goodput_mbps)")
      w+=("$("$build/bench/tcp_bulk" --nFlows=1 --lossRate=$p --simTime=$sim_t --seed=$r --bnDelay=$bn | field goodput_mbps)")
    done
    nm=$(printf '%s\n' "${n[@]}" | mean)
    wm=$(printf '%s\n' "${w[@]}" | mean)
    mathis=$(awk -v r="$rtt" -v p="$p" 'BEGIN {printf "%.4f", 1448 * 8 / (r / 1000) * sqrt(0.75) / sqrt(p) / 1e6}')
    awk -v rtt="$rtt" -v p="$p" -v n="$nm" -v w="$wm" -v m="$mathis" \
      'BEGIN {printf "| %d ms | %.1f%% | %.3f | %.3f | %.3f | %.3f | %.3f | %.3f |\n", rtt, p * 100, n, w, w / n, m, w / m, n / m}'
  done
done
