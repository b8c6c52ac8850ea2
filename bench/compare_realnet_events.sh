#!/usr/bin/env bash
# Compares the notification patterns with the real event runs of ../shared/captures/realnet-dev
# (short polling P=2 s, long polling 20 s hold, SSE; RTT 80 ms; loss 0 and 1%) and prints the
# markdown table of docs/patterns.md.
#   bench/compare_realnet_events.sh [BUILD_DIR]     # default build/release
#   bench/compare_realnet_events.sh --extract       # regenerate tests/data/realnet_dev_events.csv
set -euo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
if [[ "${1:-}" == "--extract" ]]; then
  manifest="$root/../shared/captures/realnet-dev/manifest.json"
  python3 - "$manifest" "$root/tests/data/realnet_dev_events.csv" "$root/bench" <<'PY'
import json, os, sys
sys.path.insert(0, sys.argv[3])
from realnet_flights import packets
from realnet_loss_pattern import SERVER_IP, relay_drops
m = json.load(open(sys.argv[1]))
captures = os.path.dirname(sys.argv[1])
E = [e for e in m['entries'] if e.get('experiment') == 'event_notification']
out = ["# Event-notification runs of ../shared/captures/realnet-dev/manifest.json (short polling P=2 s, long polling",
       "# 20 s hold, SSE; RTT 80 ms; loss 0 and 0.01 per direction; Linux TCP, TCP_NODELAY). Times in seconds after",
       "# t0 = the poll client's first request (the start of the server's event window, shared by the three",
       "# patterns of one loss setting). Regenerate with bench/compare_realnet_events.sh --extract.",
       "# run,loss,pattern,first_request_s,client_end_s,client_requests,ip_bytes_c2s,ip_bytes_s2c,packets,events_created",
       "# event,loss,pattern,id,created_s,received_s",
       "# drops,loss,pattern,s2c,positions: the server-to-client packets of that pattern's connection (0-based, in",
       "# order) that the relay dropped: its loss stream (seed in the manifest, models/workload/relay_loss_pattern.h)",
       "# applied to the three connections' packets merged in time order, as the relay saw them. Client-to-server",
       "# drops cannot be placed on a connection from server-side captures; see docs/patterns.md."]
for loss in (0.0, 0.01):
    es = [e for e in E if e['config']['loss'] == loss]
    poll = [e for e in es if e['config']['pattern'] == 'short_polling'][0]
    t0 = poll['ground_truth']['requests'][0]['sent_epoch']
    for e in es:
        g, c = e['ground_truth'], e['config']
        first = g['requests'][0]['sent_epoch'] - t0
        out.append(f"run,{loss:g},{c['pattern']},{first:.6f},{c['event_window_s'] + 4.0:.6f},{g['client_requests']},"
                   f"{g['ip_bytes_c2s']},{g['ip_bytes_s2c']},{g['packets']},{g['events_created']}")
    if loss > 0:
        merged = []
        for e in es:
            for p in packets(os.path.join(captures, e['captures']['server'])):
                if p['src'] == SERVER_IP:
                    merged.append((p['t'], e['config']['pattern']))
        merged.sort(key=lambda x: x[0])
        c = es[0]['config']
        per_pattern = {e['config']['pattern']: [] for e in es}
        index = {e['config']['pattern']: 0 for e in es}
        dropped = set(relay_drops(c['seed'], 0x2222, c['loss_down'], len(merged)))
        for k, (_, pattern) in enumerate(merged):
            if k in dropped:
                per_pattern[pattern].append(index[pattern])
            index[pattern] += 1
        for pattern, positions in per_pattern.items():
            out.append(f"drops,{loss:g},{pattern},s2c,{' '.join(str(x) for x in positions)}")
    for e in es:
        for ev in e['ground_truth']['events']:
            out.append(f"event,{loss:g},{e['config']['pattern']},{ev['id']},{ev['created_epoch'] - t0:.6f},"
                       f"{ev['received_epoch'] - t0:.6f}")
open(sys.argv[2], 'w').write("\n".join(out) + "\n")
PY
  echo "wrote tests/data/realnet_dev_events.csv"
  exit 0
fi
build="${1:-build/release}"
cd "$root"
cmake --build "$build" --target patterns_test >/dev/null
"$build/tests/models/patterns/patterns_test" --gtest_filter='RealnetEvents.*' | grep -E '^\|'
