#!/usr/bin/env python3
"""Per-flight quartiles of HTTP/2 flights, read from stdin in the form both bench/realnet_flights.py
(captures) and `realnet_pages --flights` (model) print: one load per line, one SEGMENTS/WINDOW cell
per round trip. For flights 3 to 7: how many loads reach it, the segments it carried and the window
the client offered after it (KB), as p25 / median / p75.

  bench/realnet_flights.py DIR 'http_h2_rtt50_loss0_n36*' | bench/realnet_flight_quantiles.py
  build/h-realnet/bench/realnet_pages --seeds 40 --only "h2 rtt50 loss0 n36" --flights \\
      | bench/realnet_flight_quantiles.py

Standard library only.
"""
import re
import sys


def quartiles(values):
    v = sorted(values)
    pick = lambda p: v[min(len(v) - 1, int(p * len(v)))]
    return f'{pick(0.25)}/{pick(0.5)}/{pick(0.75)}'


def main():
    loads = [[c for c in line.split() if re.fullmatch(r'\d+/\d+', c)] for line in sys.stdin]
    loads = [cells for cells in loads if cells]
    for k in range(2, 7):
        reached = [cells[k].split('/') for cells in loads if len(cells) > k]
        if not reached:
            break
        segments = [int(s) for s, _ in reached]
        windows = [int(w) // 1024 for _, w in reached]
        print(f'flight {k + 1}: {len(reached)} loads; segments p25/50/75 {quartiles(segments)}; '
              f'window after it (KB) p25/50/75 {quartiles(windows)}')


if __name__ == '__main__':
    main()
