#!/usr/bin/env bash
# Side-by-side CPU comparison of Wirelab with ns-3 3.37 on the anchor workloads of
# ../shared/anchors/ns3: udp-cbr (1000 CBR flows over a dumbbell, 10 simulated s) and tcp-bulk
# (N bulk TCP flows, random loss p, 30 simulated s).
#
#   bench/compare_ns3.sh [BUILD_DIR]      # default build/release; needs the bench built
#   WORKLOADS=tcp bench/compare_ns3.sh    # only tcp-bulk (udp, tcp, or "udp tcp", the default)
#
# Installs Debian's ns-3 (libns3-dev) if missing, copies the anchor programs to a scratch folder
# (shared/ is read-only) and builds them there (kept in build/ns3-anchors between runs), then runs
# each configuration RUNS times (default 3) for both simulators and prints medians of Run() CPU
# seconds, events, delivered packets and goodput, and the CPU ratio.
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
root=$(cd "$here/.." && pwd)
build=${1:-$root/build/release}
runs=${RUNS:-3}
anchors=${ANCHORS:-$root/../shared/anchors}
kernel="$build/bench/udp_cbr_kernel"
[ -x "$kernel" ] || { echo "compare_ns3: $kernel not built (cmake --build --preset release)" >&2; exit 2; }

if ! dpkg-query -W -f='${Status}' libns3-dev 2>/dev/null | grep -q "install ok installed"; then
  DEBIAN_FRONTEND=noninteractive apt-get install -y -q libns3-dev >/dev/null
fi
scratch=$root/build/ns3-anchors
if [ ! -x "$scratch/ns3/build/tcp-bulk" ]; then
  rm -rf "$scratch" && mkdir -p "$scratch"
  cp -r "$anchors/ns3" "$scratch/ns3"
  chmod -R u+w "$scratch"
  (cd "$scratch/ns3" && ./build.sh >/dev/null)
fi
workloads=${WORKLOADS:-udp tcp}

field() { sed -n "s/.* $1=\([^ ]*\).*/\1/p"; }
median() { sort -g | awk '{a[NR]=$1} END {print a[int((NR+1)/2)]}'; }

printf '| workload | simulator | Run() CPU s (median of %s) | events | delivered packets | goodput Mbit/s | ns-3 / Wirelab CPU |\n' "$runs"
printf '|---|---|---|---|---|---|---|\n'
case " $workloads " in *" udp "*) ;; *) skip_udp=1 ;; esac
[ "$workloads" = none ] && exit 0
# Runs both simulators RUNS times on one workload and prints their two rows (medians of Run() CPU
# seconds, and the events, packets and goodput of the last run).
#   compare LABEL WIRELAB_NAME NS3_GOODPUT_FIELD NS3_COMMAND... -- WIRELAB_COMMAND...
compare() {
  local label=$1 wl_name=$2 ns3_goodput=$3
  shift 3
  local ns3_cmd=() wl_cmd=()
  while [ "$1" != -- ]; do ns3_cmd+=("$1"); shift; done
  shift
  wl_cmd=("$@")
  local ns3_cpu=() wl_cpu=() ns3_line wl_line
  for _ in $(seq "$runs"); do
    ns3_line=$("${ns3_cmd[@]}")
    wl_line=$("${wl_cmd[@]}")
    ns3_cpu+=("$(echo "$ns3_line" | field run_cpu_s)")
    wl_cpu+=("$(echo "$wl_line" | field run_cpu_s)")
  done
  local n w
  n=$(printf '%s\n' "${ns3_cpu[@]}" | median)
  w=$(printf '%s\n' "${wl_cpu[@]}" | median)
  printf '| %s | ns-3 3.37 | %s | %s | %s | %s | |\n' "$label" "$n" "$(echo "$ns3_line" | field events)" \
    "$(echo "$ns3_line" | field pkts_delivered)" "$(echo "$ns3_line" | field "$ns3_goodput")"
  printf '| %s | %s | %s | %s | %s | %s | %s |\n' "$label" "$wl_name" "$w" "$(echo "$wl_line" | field events)" \
    "$(echo "$wl_line" | field pkts_delivered)" "$(echo "$wl_line" | field goodput_mbps)" \
    "$(awk -v n="$n" -v w="$w" 'BEGIN {printf "%.0fx", n / w}')"
}

if [ -z "${skip_udp:-}" ]; then
  for hosts in 100 10; do
    compare "udp-cbr F=1000 H=$hosts" "Wirelab kernel" goodput_mbps \
      "$scratch/ns3/build/udp-cbr" --flows=1000 --hosts=$hosts --simTime=10 -- \
      "$kernel" --flows=1000 --hosts=$hosts --simTime=10
  done
fi

case " $workloads " in *" tcp "*) ;; *) exit 0 ;; esac
for flows in 1 10 100; do
  for loss in 0 0.001 0.01; do
    compare "tcp-bulk N=$flows p=$loss" Wirelab agg_goodput_mbps \
      "$scratch/ns3/build/tcp-bulk" --nFlows=$flows --lossRate=$loss --simTime=30 --perFlow=0 -- \
      "$build/bench/tcp_bulk" --nFlows=$flows --lossRate=$loss --simTime=30
  done
done
