#!/usr/bin/env python3
"""Checks that the realnet relay's drops are known by packet index (models/workload/relay_loss_pattern.h).

For every lossy page load of a realnet manifest, the packets the sender's capture holds and the
receiver's capture lacks (per direction, in capture order) are compared with the positions the
relay's SplitMix64 stream draws for the run's seed (shared/tools/realnet/delayline/relay.c: state
seed * 2654435761 + 0x1111 up / 0x2222 down, one draw discarded, then one per packet).

  bench/realnet_loss_pattern.py [MANIFEST=../shared/captures/realnet-dev/manifest.json] [CAPTURE_DIR]

Prints the runs whose missing packets differ from the prediction, then the count of exact matches.
Reads the captures with bench/realnet_flights.py's pcap reader (standard library only).
"""
import json
import os
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from realnet_flights import packets  # noqa: E402

MASK = (1 << 64) - 1
SERVER_IP = bytes([10, 77, 0, 2])  # shared/tools/realnet/delayline/delayline.py


def relay_drops(seed, salt, p, packets):
    state = (seed * 2654435761 + salt) & MASK
    drops = []
    for i in range(-1, packets):  # draw -1 is the one relay.c discards
        state = (state + 0x9E3779B97F4A7C15) & MASK
        z = state
        z = ((z ^ (z >> 30)) * 0xBF58476D1CE4E5B9) & MASK
        z = ((z ^ (z >> 27)) * 0x94D049BB133111EB) & MASK
        z ^= z >> 31
        if i >= 0 and (z >> 11) * (1.0 / 9007199254740992.0) < p:
            drops.append(i)
    return drops


def identities(path):
    """Each TCP packet of a capture (realnet_flights.packets) as a hashable (source address, ports,
    sequence number, IP id, length), in capture order."""
    return [(p['src'], p['sport'], p['dport'], p['seq'], p['ip_id'], p['length']) for p in packets(path)]


def missing(sent, received):
    """Positions in `sent` of the packets `received` lacks (identical packets matched in turn)."""
    left = {}
    for q in received:
        left[q] = left.get(q, 0) + 1
    out = []
    for i, q in enumerate(sent):
        if left.get(q, 0) > 0:
            left[q] -= 1
        else:
            out.append(i)
    return out


def main():
    manifest = sys.argv[1] if len(sys.argv) > 1 else '../shared/captures/realnet-dev/manifest.json'
    captures = sys.argv[2] if len(sys.argv) > 2 else os.path.join(os.path.dirname(manifest), 'http')
    exact = runs = 0
    for e in json.load(open(manifest))['entries']:
        c = e['config']
        if e.get('experiment') != 'http_page_load' or c['loss'] == 0:
            continue
        server = identities(os.path.join(captures, e['id'] + '.server.pcap'))
        client = identities(os.path.join(captures, e['id'] + '.client.pcap'))
        down_sent = [q for q in server if q[0] == SERVER_IP]
        down_got = [q for q in client if q[0] == SERVER_IP]
        up_sent = [q for q in client if q[0] != SERVER_IP]
        up_got = [q for q in server if q[0] != SERVER_IP]
        result = []
        for name, sent, got, salt, p in (('down', down_sent, down_got, 0x2222, c['loss_down']),
                                         ('up', up_sent, up_got, 0x1111, c['loss_up'])):
            predicted, seen = relay_drops(c['seed'], salt, p, len(sent)), missing(sent, got)
            result.append((name, predicted == seen, predicted, seen))
        runs += 1
        if all(r[1] for r in result):
            exact += 1
        else:
            for name, ok, predicted, seen in result:
                if not ok:
                    print(f"{e['id']} seed {c['seed']} {name}: predicted {predicted}, missing {seen}")
    print(f'{exact} of {runs} lossy runs lose exactly the predicted packets in both directions')


if __name__ == '__main__':
    main()
