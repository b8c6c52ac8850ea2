#!/usr/bin/env python3
"""The timings of the real page loads that models/workload/realnet_page_scenario.cpp takes from the
client captures, measured the way its comments say:

- the relay's pace inside a burst: the gaps between consecutive full-sized data segments that are
  under a quarter of the RTT apart (loss-free HTTP/1.1 and HTTP/2 captures), median;
- nghttp's time per 8 KiB read: in the third flight of each loss-free HTTP/2 load (40 segments, the
  unscaled 128 KiB buffer), the time from the client's first ACK after more than two segments (its
  first read) to its first ACK that acknowledges the whole flight with the full window (>= 79872
  bytes) again, divided by the 8 KiB reads in between; and the same time split in two: the pause
  from the first read to the second (the first later ACK, whole flight arrived, offering under
  75 KB), then the time per read after it;
- curl's gap between transfers: on each HTTP/1.1 connection, from the last data segment of a
  response to the next request.

  bench/realnet_timings.py [CAPTURE_DIR ...]   (default: ../shared/captures/realnet-dev/http)

Give several folders to pool them, e.g. the dev set and the 96 extra runs made with
shared/tools/realnet (see the header of tests/data/realnet_extra_pages.csv for how they were made).
Standard library only; reads pcap files with bench/realnet_flights.py.
"""
import glob
import os
import re
import statistics
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from realnet_flights import flight_acks, packets  # noqa: E402

SERVER_PORTS = (80, 8080)
FULL_SEGMENT = 1448
READ_BYTES = 8192
FULL_WINDOW = 79872  # what the client offers with the unscaled 128 KiB buffer empty


def rtt_of(path):
    return int(re.search(r'rtt(\d+)', path).group(1)) / 1000


def burst_gaps(path):
    rtt, last, gaps = rtt_of(path), None, []
    for p in packets(path):
        if p['sport'] in SERVER_PORTS and p['payload'] >= FULL_SEGMENT:
            if last is not None and p['t'] - last < rtt / 4:
                gaps.append(p['t'] - last)
            last = p['t']
    return gaps


def third_flight_reads(path):
    """The third flight's ACKs from its first read on (the first ACK after more than two segments),
    and the first of them that offers the whole unscaled window again (drained); None if the
    capture has no such flight."""
    flights = flight_acks(path, rtt_of(path))
    if len(flights) < 3:
        return None
    third = flights[2]
    reads = [a for a in third['acks'] if a[1] > 2]
    drained = [a for a in reads[1:] if a[2] >= FULL_WINDOW and a[1] == third['segments']]
    if not reads or not drained:
        return None
    return third, reads, drained[0]


def nghttp_read_time(path):
    found = third_flight_reads(path)
    if found is None:
        return None
    third, reads, drained = found
    reads_between = (third['segments'] * FULL_SEGMENT - READ_BYTES) / READ_BYTES
    return (drained[0] - reads[0][0]) / reads_between


def nghttp_read_shape(path):
    """The third flight's reads split in two: (first read -> second read, time per read after the
    second). The second read is the first later ACK, with the whole flight arrived, that still
    offers less than 75 KB (data wait unread); the flight is drained at the first ACK offering the
    whole window again; the reads in between are what the second read's window left unread."""
    found = third_flight_reads(path)
    if found is None or found[0]['segments'] != 40:
        return None
    _, reads, drained = found
    second = next((a for a in reads[1:] if a[1] == 40 and a[2] < 75 * 1024), None)
    if second is None or drained[0] < second[0]:
        return None
    reads_after = max(1, round((FULL_WINDOW - second[2]) / READ_BYTES))
    return second[0] - reads[0][0], (drained[0] - second[0]) / reads_after


def curl_request_gaps(path):
    last_data, gaps = {}, []
    for p in packets(path):
        if p['flags'] & 0x07:  # SYN, FIN, RST
            continue
        if p['sport'] in SERVER_PORTS and p['payload'] > 0:
            last_data[p['dport']] = p['t']
        elif p['dport'] in SERVER_PORTS and p['payload'] > 0 and p['sport'] in last_data:
            gaps.append(p['t'] - last_data.pop(p['sport']))
    return gaps


def summary(name, values, unit=1e6, suffix='us'):
    if not values:
        print(f'{name}: no data')
        return
    v = sorted(values)
    q = statistics.quantiles(v, n=10) if len(v) >= 10 else [v[0]] * 9
    print(f'{name}: n={len(v)} median {statistics.median(v) * unit:.2f} {suffix} '
          f'(p10 {q[0] * unit:.2f}, p90 {q[8] * unit:.2f}, min {v[0] * unit:.2f}, max {v[-1] * unit:.2f})')


def main():
    folders = sys.argv[1:] or ['../shared/captures/realnet-dev/http']
    clients = []
    for folder in folders:
        clients += sorted(glob.glob(os.path.join(folder, 'http_h*_rtt*_loss0_n*.client.pcap')))
    h1 = [c for c in clients if '/http_h1_' in c]
    h2 = [c for c in clients if '/http_h2_' in c]
    gaps = [g for c in clients for g in burst_gaps(c)]
    summary('gap between back-to-back full segments', gaps)
    if gaps:
        pace = 1500 * 8 / statistics.median(gaps) / 1e9
        print(f'  i.e. {pace:.2f} Gbit/s for 1500-byte packets')
    summary('nghttp time per 8 KiB read (third flight)', [t for t in map(nghttp_read_time, h2) if t])
    shapes = [r for r in map(nghttp_read_shape, h2) if r]
    summary('nghttp third flight: first read to second read', [a for a, _ in shapes])
    summary('nghttp third flight: time per read after the second', [b for _, b in shapes])
    summary('curl: last response segment to next request', [g for c in h1 for g in curl_request_gaps(c)])


if __name__ == '__main__':
    main()
