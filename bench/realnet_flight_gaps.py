#!/usr/bin/env python3
"""Each HTTP/2 load's flight-to-flight gaps at the client, minus the RTT, in microseconds: how much
longer than the configured path a round trip takes (the relay's latency both ways, the hosts'
reactions). A new flight starts after a quarter of the RTT without data, as in realnet_flights.py;
a negative value is a flight that starts early (a partial one after a window update).

  bench/realnet_flight_gaps.py RTT_S CLIENT_PCAP...
  e.g. bench/realnet_flight_gaps.py 0.05 /work/realnet-quiet/quiet/http/http_h2_rtt50_loss0_n36_30k_rep*.client.pcap

Reads real captures and the simulated ones `realnet_pages --pcap DIR` writes alike. Standard library only.
"""
import os
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from realnet_flights import flight_acks  # noqa: E402


def main():
    if len(sys.argv) < 3:
        sys.exit(__doc__)
    rtt = float(sys.argv[1])
    for path in sys.argv[2:]:
        starts = [f['start'] for f in flight_acks(path, rtt)]
        gaps = ' '.join('%d' % ((b - a - rtt) * 1e6) for a, b in zip(starts, starts[1:]))
        print('%-45s %d flights, gaps - RTT (us): %s' % (os.path.basename(path).replace('.client.pcap', ''),
                                                        len(starts), gaps))


if __name__ == '__main__':
    main()
