#!/usr/bin/env python3
"""The realnet relay's own one-way latency during page loads, from the paired client and server
captures of each run: a packet's time in the receiver's capture minus its time in the sender's,
minus the configured one-way delay (RTT / 2). Both captures are taken on one machine, so their
clocks agree. Two samples, as docs/VALIDATION.md uses them:
  up:   the client's pure ACKs (client -> server);
  down: the first data segment of each flight at the server (after >= 1 ms without data), which
        waits behind no earlier segment of its burst in the relay.
A packet is matched by its addresses, IP ID, ports, sequence and acknowledgement numbers, window
and length; a key seen twice in either capture is left out.

  bench/realnet_relay_latency.py CAPTURE_DIR... [--glob 'http_*_loss0_n*.client.pcap']

Prints p10 / p25 / median / p75 in milliseconds per protocol and RTT, and pooled. Standard library
only (the pcap reader of realnet_flights.py).
"""
import argparse
import collections
import glob
import os
import re
import statistics

from realnet_flights import packets

SERVER_PORTS = (80, 8080)


def keyed(path):
    """{key: time} for the keys seen once, and the packets in order."""
    times, count, order = {}, collections.Counter(), []
    for p in packets(path):
        k = (p['src'], p['ip_id'], p['sport'], p['dport'], p['seq'], p['ack'], p['window'], p['payload'])
        count[k] += 1
        times.setdefault(k, p['t'])
        order.append((k, p))
    return {k: t for k, t in times.items() if count[k] == 1}, order


def run_latencies(client_path, server_path, one_way_s):
    client, client_order = keyed(client_path)
    server, server_order = keyed(server_path)
    up, down = [], []
    for k, p in client_order:
        if p['dport'] in SERVER_PORTS and p['payload'] == 0 and not p['flags'] & 0x07 and k in client and k in server:
            up.append((server[k] - client[k] - one_way_s) * 1e3)
    last_data = None
    for k, p in server_order:
        if p['sport'] in SERVER_PORTS and p['payload'] > 0:
            if (last_data is None or p['t'] - last_data >= 1e-3) and k in server and k in client:
                down.append((client[k] - server[k] - one_way_s) * 1e3)
            last_data = p['t']
    return up, down


def summary(values):
    if len(values) < 4:
        return 'n=%d' % len(values)
    q = statistics.quantiles(values, n=20)
    return 'n=%d  p10 %.3f  p25 %.3f  median %.3f  p75 %.3f' % (len(values), q[1], q[4], statistics.median(values),
                                                                 q[14])


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument('dirs', nargs='+')
    ap.add_argument('--glob', default='http_*_loss0_n*.client.pcap')
    args = ap.parse_args()
    groups = collections.defaultdict(lambda: ([], []))
    for d in args.dirs:
        for client_path in sorted(glob.glob(os.path.join(d, args.glob))):
            m = re.search(r'http_(h[12])_rtt(\d+)_', os.path.basename(client_path))
            server_path = client_path.replace('.client.pcap', '.server.pcap')
            if not m or not os.path.exists(server_path):
                continue
            up, down = run_latencies(client_path, server_path, int(m.group(2)) / 2000.0)
            g = groups[(m.group(1), int(m.group(2)))]
            g[0].extend(up)
            g[1].extend(down)
    for (proto, rtt), (up, down) in sorted(groups.items()):
        print('%s rtt%d  up:   %s' % (proto, rtt, summary(up)))
        print('%s rtt%d  down: %s' % (proto, rtt, summary(down)))
    print('pooled   up:   %s' % summary([x for g in groups.values() for x in g[0]]))
    print('pooled   down: %s' % summary([x for g in groups.values() for x in g[1]]))


if __name__ == '__main__':
    main()
