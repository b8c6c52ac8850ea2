// File: tests/capture/pcap_records.h
// Test-side reading of pcap files, through libpcap (independent of the writer under test), and
// parsing of the IPv4/TCP/UDP headers they hold, so tests can check fields against the model.
#pragma once

#include <pcap/pcap.h>

#include <cstdint>
#include <cstdio>
#include <string>
#include <vector>

namespace wirelab::testing {

struct PcapRecord {
  std::int64_t timestampNs = 0;
  std::uint32_t originalLength = 0;
  std::vector<std::uint8_t> data;  // the captured bytes
};

struct PcapFileContents {
  std::string error;  // libpcap's, if it refused the file
  int linkType = -1;
  int snapLength = 0;
  std::vector<PcapRecord> records;
};

inline PcapFileContents readPcap(const std::string& bytes) {
  PcapFileContents out;
  std::string copy = bytes;
  FILE* file = fmemopen(copy.data(), copy.size(), "rb");
  if (file == nullptr) {
    out.error = "fmemopen failed";
    return out;
  }
  char error[PCAP_ERRBUF_SIZE] = {};
  pcap_t* pcap = pcap_fopen_offline_with_tstamp_precision(file, PCAP_TSTAMP_PRECISION_NANO, error);
  if (pcap == nullptr) {
    std::fclose(file);
    out.error = error;
    return out;
  }
  out.linkType = pcap_datalink(pcap);
  out.snapLength = pcap_snapshot(pcap);
  pcap_pkthdr* header = nullptr;
  const u_char* data = nullptr;
  int rc = 0;
  while ((rc = pcap_next_ex(pcap, &header, &data)) == 1) {
    PcapRecord r;
    r.timestampNs = static_cast<std::int64_t>(header->ts.tv_sec) * 1'000'000'000 + header->ts.tv_usec;
    r.originalLength = header->len;
    r.data.assign(data, data + header->caplen);
    out.records.push_back(std::move(r));
  }
  if (rc == -1) out.error = pcap_geterr(pcap);
  pcap_close(pcap);  // closes `file`
  return out;
}

inline std::uint16_t be16(const std::vector<std::uint8_t>& d, std::size_t at) {
  return static_cast<std::uint16_t>((d.at(at) << 8) | d.at(at + 1));
}
inline std::uint32_t be32(const std::vector<std::uint8_t>& d, std::size_t at) {
  return (std::uint32_t{be16(d, at)} << 16) | be16(d, at + 2);
}

struct ParsedSegment {
  std::uint32_t source = 0, destination = 0;
  std::uint16_t totalLength = 0;
  std::uint8_t protocol = 0;
  bool ipChecksumOk = false;
  std::uint16_t sourcePort = 0, destinationPort = 0;
  // TCP
  std::uint32_t seq = 0, ack = 0;
  std::uint8_t flags = 0;
  std::uint16_t window = 0;
  std::uint32_t headerBytes = 0;
  std::uint32_t payloadBytes = 0;  // from the IP total length
  int mss = -1, windowScale = -1;
  bool sackPermitted = false;
  bool timestamps = false;
  std::uint32_t tsVal = 0, tsEcr = 0;
  std::vector<std::pair<std::uint32_t, std::uint32_t>> sack;
  // UDP
  std::uint16_t udpLength = 0;
};

inline std::uint32_t sum16(const std::vector<std::uint8_t>& d, std::size_t from, std::size_t to) {
  std::uint32_t s = 0;
  for (std::size_t i = from; i + 1 < to; i += 2) s += be16(d, i);
  return s;
}

inline ParsedSegment parseRecord(const PcapRecord& r) {
  const auto& d = r.data;
  ParsedSegment s;
  s.totalLength = be16(d, 2);
  s.protocol = d.at(9);
  s.source = be32(d, 12);
  s.destination = be32(d, 16);
  std::uint32_t sum = sum16(d, 0, 20);
  while (sum >> 16) sum = (sum & 0xffff) + (sum >> 16);
  s.ipChecksumOk = sum == 0xffff;
  const std::size_t t = 20;
  if (s.protocol == 17) {
    s.sourcePort = be16(d, t);
    s.destinationPort = be16(d, t + 2);
    s.udpLength = be16(d, t + 4);
    return s;
  }
  if (s.protocol != 6) return s;
  s.sourcePort = be16(d, t);
  s.destinationPort = be16(d, t + 2);
  s.seq = be32(d, t + 4);
  s.ack = be32(d, t + 8);
  s.headerBytes = (d.at(t + 12) >> 4) * 4u;
  s.flags = d.at(t + 13);
  s.window = be16(d, t + 14);
  s.payloadBytes = s.totalLength - 20 - s.headerBytes;
  for (std::size_t o = t + 20; o < t + s.headerBytes;) {
    const std::uint8_t kind = d.at(o);
    if (kind == 0) break;
    if (kind == 1) {
      ++o;
      continue;
    }
    const std::uint8_t len = d.at(o + 1);
    if (kind == 2) s.mss = be16(d, o + 2);
    if (kind == 3) s.windowScale = d.at(o + 2);
    if (kind == 4) s.sackPermitted = true;
    if (kind == 8) {
      s.timestamps = true;
      s.tsVal = be32(d, o + 2);
      s.tsEcr = be32(d, o + 6);
    }
    if (kind == 5) {
      for (std::size_t b = o + 2; b + 8 <= o + len; b += 8) s.sack.emplace_back(be32(d, b), be32(d, b + 4));
    }
    o += len;
  }
  return s;
}

}  // namespace wirelab::testing
