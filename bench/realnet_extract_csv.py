#!/usr/bin/env python3
"""Writes the page-load rows of a realnet manifest (shared/tools/realnet's manifest.json or
manifest.http.json) as the CSV that bench/realnet_pages reads: one row per successful
http_page_load run, sorted by rate, RTT, loss, objects, protocol and repeat.

  bench/realnet_extract_csv.py MANIFEST [--repeat-offset N] [--header-file FILE]

--repeat-offset adds N to every repeat number, so that repeats made later follow those of an
earlier set (the extra sets number theirs after realnet-dev's 1-2). --header-file prepends that
file's lines as '#' comments (the set's provenance). Standard library only.
"""
import argparse
import json


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument('manifest')
    ap.add_argument('--repeat-offset', type=int, default=0)
    ap.add_argument('--header-file')
    args = ap.parse_args()
    m = json.load(open(args.manifest))
    if args.header_file:
        for line in open(args.header_file):
            print('# ' + line.rstrip('\n') if line.strip() else '#')
    print('protocol,rtt_ms,loss,rate_mbit,queue_pkts,objects,object_bytes,repeat,load_time_s,retransmissions,'
          'relay_seed')
    rows = []
    for e in m['entries']:
        if e.get('experiment') != 'http_page_load' or not e['ground_truth'].get('ok'):
            continue
        c, g = e['config'], e['ground_truth']
        rows.append(('h1' if c['protocol'] == 'http/1.1' else 'h2', c['rtt_ms'], c['loss'], c['rate_mbit'] or 0,
                     c['queue_pkts'] or 0, c['objects'], c['object_size_bytes'], c['repeat'] + args.repeat_offset,
                     g['load_time_s'], g['retransmissions'], c['seed']))
    rows.sort(key=lambda r: (r[3], r[1], r[2], r[5], r[0], r[7]))
    for r in rows:
        print(','.join(str(x) for x in r))


if __name__ == '__main__':
    main()
