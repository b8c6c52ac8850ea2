#!/usr/bin/env python3
"""The relay's latency for each of the client's segments sent during one flight of an HTTP/2 load
(client time since the flight's first segment -> the same segment's time at the server minus the
one-way delay, both in microseconds), and when the server sent the next flight: shows that the ACKs
a flight produces wait in the relay while it writes that flight, the first ones longest.

  bench/realnet_ack_latency.py FLIGHT RTT_S CLIENT_PCAP...   (FLIGHT counts from 1; the server
                                                             capture is the .server.pcap beside each)
  e.g. bench/realnet_ack_latency.py 3 0.05 /work/realnet-quiet/quiet/http/http_h2_rtt50_loss0_n36_30k_rep1?.client.pcap

Segments are matched as realnet_relay_latency.py matches them. Standard library only.
"""
import os
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from realnet_flights import flight_acks  # noqa: E402
from realnet_relay_latency import SERVER_PORTS, keyed  # noqa: E402


def main():
    if len(sys.argv) < 4:
        sys.exit(__doc__)
    which, rtt = int(sys.argv[1]) - 1, float(sys.argv[2])
    for client_path in sys.argv[3:]:
        client, client_order = keyed(client_path)
        server, server_order = keyed(client_path.replace('.client.pcap', '.server.pcap'))
        flights = flight_acks(client_path, rtt)
        if len(flights) <= which:
            continue
        t0 = flights[which]['start']
        t1 = flights[which + 1]['start'] if which + 1 < len(flights) else float('inf')
        acks = ['%d->%d' % ((p['t'] - t0) * 1e6, (server[k] - t0 - rtt / 2) * 1e6)
                for k, p in client_order if p['dport'] in SERVER_PORTS and t0 <= p['t'] < t1 and k in server]
        sent = [(p['t'] - t0 - rtt / 2) * 1e6 for k, p in server_order
                if p['sport'] in SERVER_PORTS and p['payload'] > 0 and t0 + rtt / 2 - 0.002 <= p['t'] < t1]
        print('%s flight %d: client segments, sent -> at the server (us): %s' %
              (os.path.basename(client_path).replace('.client.pcap', ''), which + 1, ' '.join(acks)))
        if sent:
            print('    the server sent the next flight from %d to %d us (%d segments)' % (sent[0], sent[-1], len(sent)))


if __name__ == '__main__':
    main()
