#!/usr/bin/env python3
"""What a server sees around its first retransmission of a page load: from 1 ms before it to 100 ms
after, each segment in order as a letter (a: an ACK from the client, N: new data sent, R: data sent
again), and how many ACKs and new segments there were. Shows how often a Linux client acknowledges a
flight that arrives behind a lost segment (SACK compression: three duplicate ACKs, then about one per
millisecond), in real captures and in simulated ones (`realnet_pages --replay --pcap DIR`) alike.

  bench/realnet_recovery_acks.py SERVER_PCAP...

Standard library only (the pcap reader of realnet_flights.py).
"""
import os
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from realnet_flights import packets  # noqa: E402

SERVER_PORTS = (80, 8080)


def letters(path):
    highest = None
    out = []
    for p in packets(path):
        if p['sport'] in SERVER_PORTS and p['payload'] > 0:
            end = (p['seq'] + p['payload']) & 0xffffffff
            if highest is not None and ((p['seq'] - highest) & 0xffffffff) > 0x7fffffff:
                out.append((p['t'], 'R'))
            else:
                out.append((p['t'], 'N'))
                highest = end
        elif p['dport'] in SERVER_PORTS:
            out.append((p['t'], 'a'))
    return out


def main():
    if len(sys.argv) < 2:
        sys.exit(__doc__)
    for path in sys.argv[1:]:
        events = letters(path)
        first = next((t for t, k in events if k == 'R'), None)
        if first is None:
            print('%s: no retransmission' % os.path.basename(path))
            continue
        window = [k for t, k in events if first - 0.001 <= t < first + 0.1]
        print('%s: %d ACKs, %d new segments in the 100 ms after the first retransmission' %
              (os.path.basename(path), sum(k == 'a' for t, k in events if first <= t < first + 0.1),
               sum(k == 'N' for t, k in events if first <= t < first + 0.1)))
        print('    ' + ''.join(window))


if __name__ == '__main__':
    main()
