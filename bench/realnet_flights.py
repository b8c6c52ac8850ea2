#!/usr/bin/env python3
"""Flights of the realnet-dev HTTP/2 page loads as the client capture shows them, in the form of
`bench/realnet_pages --flights`: for each round trip, the data segments that arrived together (gaps
under a quarter of the RTT) and the window of the client's last segment before the next flight
(scaled by the client's window scale), i.e. what the server may send next.

  bench/realnet_flights.py [CAPTURE_DIR=../shared/captures/realnet-dev/http] [GLOB=http_h2_*_loss0_n*]

Reads classic pcap files (tcpdump, snap length 128) with the standard library only.
"""
import glob
import os
import re
import struct
import sys


def packets(path):
    with open(path, 'rb') as f:
        header = f.read(24)
        magic = struct.unpack('<I', header[:4])[0]
        endian = '<' if magic in (0xa1b2c3d4, 0xa1b23c4d) else '>'
        nano = magic in (0xa1b23c4d, 0x4d3cb2a1)
        link = struct.unpack(endian + 'I', header[20:24])[0]
        offset = {1: 14, 101: 0, 113: 16, 276: 20}.get(link, 0)
        while True:
            rec = f.read(16)
            if len(rec) < 16:
                return
            sec, frac, incl, _ = struct.unpack(endian + 'IIII', rec)
            data = f.read(incl)
            ip = data[offset:]
            if not ip or ip[0] >> 4 != 4 or ip[9] != 6:
                continue
            ihl = (ip[0] & 15) * 4
            total = struct.unpack('>H', ip[2:4])[0]
            tcp = ip[ihl:]
            sport, dport, seq, ack, offflags, window = struct.unpack('>HHIIHH', tcp[:16])
            doff = (offflags >> 12) * 4
            wscale = None
            opts, i = tcp[20:doff], 0
            while i < len(opts) and opts[i] != 0:
                if opts[i] == 1:
                    i += 1
                    continue
                if i + 1 >= len(opts) or opts[i + 1] < 2:
                    break
                if opts[i] == 3:
                    wscale = opts[i + 2]
                i += opts[i + 1]
            yield dict(t=sec + frac * (1e-9 if nano else 1e-6), src=ip[12:16], ip_id=ip[4:6], length=total,
                       sport=sport, dport=dport, seq=seq, ack=ack, flags=offflags & 0x1ff, window=window, wscale=wscale,
                       payload=total - ihl - doff)


def flight_acks(path, rtt_s):
    """The server's data segments grouped into flights (gaps over a quarter of the RTT), each with
    the client's segments during it: {'start': time of its first segment, 'segments': count,
    'acks': [(time since start, segments arrived so far, window in bytes), ...]}."""
    server_ports = (80, 8080)
    scale = 0
    out = []
    last_data = None
    for p in packets(path):
        if p['flags'] & 0x02:  # SYN: the client's window scale
            if p['dport'] in server_ports and p['wscale'] is not None:
                scale = p['wscale']
            continue
        if p['sport'] in server_ports and p['payload'] > 0:
            if last_data is None or p['t'] - last_data > rtt_s / 4:
                out.append({'start': p['t'], 'segments': 0, 'acks': []})
            out[-1]['segments'] += 1
            last_data = p['t']
        elif p['dport'] in server_ports and out:
            f = out[-1]
            f['acks'].append((p['t'] - f['start'], f['segments'], p['window'] << scale))
    return out


def flights(path, rtt_s):
    """[segments, window of the client's last segment before the next flight] per flight."""
    return [[f['segments'], f['acks'][-1][2] if f['acks'] else 0] for f in flight_acks(path, rtt_s)]


def main():
    folder = sys.argv[1] if len(sys.argv) > 1 else '../shared/captures/realnet-dev/http'
    pattern = sys.argv[2] if len(sys.argv) > 2 else 'http_h2_*_loss0_n*'
    for path in sorted(glob.glob(os.path.join(folder, pattern + '.client.pcap'))):
        rtt = int(re.search(r'rtt(\d+)', path).group(1)) / 1000
        name = os.path.basename(path).replace('.client.pcap', '')
        print(name + ':', ' '.join(f'{n}/{w}' for n, w in flights(path, rtt)))


if __name__ == '__main__':
    main()
