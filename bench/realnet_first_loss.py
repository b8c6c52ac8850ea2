#!/usr/bin/env python3
"""How early the real runs of each lossy realnet configuration lost their first packet towards the
client, against what the relay's loss stream gives for seeds in general: the position of the first
packet the relay dropped in the server-to-client direction (realnet_loss_pattern.relay_drops, the
relay's own SplitMix64 stream for the run's relay seed), median over the configuration's real runs,
and the same median over 4,000 other seeds. A first loss in the first two flights ends slow start
at a small window, so a sample of real runs that lost early loads slower than the model's i.i.d.
draws, whose median first loss is the typical one; replaying each run's losses (realnet_pages
--replay) takes that sample into account.

  bench/realnet_first_loss.py [CSV...]   (default: the four tests/data/realnet_*_pages.csv)

Standard library only.
"""
import csv
import os
import statistics
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from realnet_loss_pattern import relay_drops  # noqa: E402

DOWN_SALT = 0x2222
HORIZON = 5000  # packets; a page load sends fewer


def first_loss(seed, p):
    drops = relay_drops(seed, DOWN_SALT, p, HORIZON)
    return drops[0] if drops else HORIZON


def main():
    root = os.path.join(os.path.dirname(os.path.abspath(__file__)), '..', 'tests', 'data')
    paths = sys.argv[1:] or [os.path.join(root, 'realnet_%s_pages.csv' % s) for s in ('dev', 'extra', 'extra2', 'extra3')]
    seeds = {}
    for path in paths:
        with open(path) as f:
            for row in csv.DictReader(line for line in f if not line.startswith('#')):
                if float(row['loss']) > 0:
                    key = (row['protocol'], int(row['rtt_ms']), float(row['loss']), int(row['objects']))
                    seeds.setdefault(key, []).append(int(row['relay_seed']))
    typical = {}
    for (protocol, rtt, p, objects), runs in sorted(seeds.items()):
        if p not in typical:
            typical[p] = statistics.median(first_loss(s, p) for s in range(1_000_000, 1_004_000))
        print('%s rtt%d loss%g n%d: %d real runs, median first lost packet towards the client %g (other seeds: %g)' %
              (protocol, rtt, p, objects, len(runs), statistics.median(first_loss(s, p) for s in runs), typical[p]))


if __name__ == '__main__':
    main()
