#!/usr/bin/env bash
# Many clients on one core against bulk TCP: the 100,000-client short-polling run
# (polling_clients, docs/patterns.md) and the 100,000-subscriber fan-out (pubsub_fanout,
# docs/pubsub.md), each beside tcp_bulk with default arguments (one flow, 30 simulated s) in the
# same session. Runs are interleaved (tcp_bulk, polling, pub/sub, repeated RUNS times, default 5)
# so that the load of a shared machine hits all three alike; prints the medians of events per CPU
# second, peak RSS, and the ratio tcp_bulk / each (the issue's target: within 2x).
#
#   bench/many_clients.sh [BUILD_DIR]           # default build/release; needs the bench built
#   CLIENTS=10000 bench/many_clients.sh         # a smaller population (both runs), e.g. 1000
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
build=${1:-$root/build/release}
runs=${RUNS:-5}
clients=${CLIENTS:-100000}
for b in tcp_bulk polling_clients pubsub_fanout; do
  [ -x "$build/bench/$b" ] || { echo "many_clients: $build/bench/$b not built" >&2; exit 2; }
done
# Fewer clients, fewer events: keep each run at a million events or more, long enough to time.
duration=$((clients >= 10000 ? 60 : 600000 / clients))
messages=$((1000000 / clients > 10 ? 1000000 / clients : 10))
values() { grep -o " $1=[^ ]*" "$2" | cut -d= -f2; }  # one per RESULT line
median() { sort -g | awk '{v[NR] = $1} END {print (NR % 2) ? v[(NR + 1) / 2] : (v[NR / 2] + v[NR / 2 + 1]) / 2}'; }
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
for _ in $(seq "$runs"); do
  "$build/bench/tcp_bulk" >>"$tmp/bulk"
  "$build/bench/polling_clients" --clients="$clients" --hosts=$(((clients + 14999) / 15000)) \
    --duration="$duration" >>"$tmp/poll"
  "$build/bench/pubsub_fanout" --subscribers="$clients" --messages="$messages" >>"$tmp/pub"
done
bulk=$(values events_per_cpu_s "$tmp/bulk" | median)
printf '%-16s %12.0f events/CPU-s  (median of %d runs)\n' tcp_bulk "$bulk" "$runs"
for run in poll pub; do
  rate=$(values events_per_cpu_s "$tmp/$run" | median)
  rss=$(values peak_rss_mib "$tmp/$run" | median)
  awk -v n="$run $clients" -v r="$rate" -v m="$rss" -v b="$bulk" \
    'BEGIN {printf "%-16s %12.0f events/CPU-s  peak RSS %7.1f MiB  tcp_bulk / this = %.2fx\n", n, r, m, b / r}'
done
