#!/usr/bin/env python3
"""The 28-row table of docs/VALIDATION.md ("Real page loads predicted from the configuration"): for
each configuration of the dev set, the real median, the model with independent losses (median and
p10-p90 over the seeds) and with each real run's losses replayed, and the retransmissions. Runs
bench/realnet_pages twice (without and with --replay) and merges their tables.

  bench/realnet_validation_table.py [BUILD_DIR=build/h-realnet] [SEEDS=20]

Standard library only.
"""
import re
import subprocess
import sys


def rows(build, seeds, *extra):
    out = subprocess.run([f'{build}/bench/realnet_pages', '--csv', 'tests/data/realnet_dev_pages.csv',
                          '--seeds', str(seeds), *extra], check=True, capture_output=True, text=True).stdout
    table, order = {}, []
    for line in out.splitlines():
        cells = [c.strip() for c in line.strip().strip('|').split('|')]
        if len(cells) >= 6 and re.match(r'^h[12] ', cells[0]) and re.fullmatch(r'[+\-]?[0-9.]+', cells[4]):
            table[cells[0]] = cells
            order.append(cells[0])
    return table, order


def label(configuration):
    text = configuration.replace('x30k', '').replace('loss0 rate5', '5 Mbit/s q50')
    return text.replace('loss0.005', 'loss0.5%').replace('loss0.02', 'loss2%')


def number(text):
    v = float(text)
    return str(int(v)) if v == int(v) else f'{v:g}'


def main():
    build = sys.argv[1] if len(sys.argv) > 1 else 'build/h-realnet'
    seeds = int(sys.argv[2]) if len(sys.argv) > 2 else 20
    independent, order = rows(build, seeds)
    replayed, _ = rows(build, seeds, '--replay')
    print('| configuration | real s | independent losses: sim median s (p10-p90) | error | '
          'replayed losses: sim s | error | retx real / sim (replayed) |')
    print('|---|---|---|---|---|---|---|')
    for key in order:
        a, b = independent[key], replayed[key]
        real_retx, sim_retx = b[5].split('/')
        print(f'| {label(key)} | {a[1]} | {a[2]} ({a[3]}) | {float(a[4]):+.1f} % | {b[2]} | '
              f'{float(b[4]):+.1f} % | {number(real_retx)} / {number(sim_retx)} |')


if __name__ == '__main__':
    main()
