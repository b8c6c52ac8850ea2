// File: capture/pcap_writer.h
// Writes a classic pcap file (the libpcap format every analyser opens: Wireshark, tshark, tcpdump)
// to a sink (capture/pcap_sink.h: memory, or a file streamed to disk), protocol-agnostic: a record
// is a timestamp, the captured bytes and the packet's original length. Nanosecond timestamps
// (magic 0xa1b23c4d), little-endian whatever the host, so the same records give the same bytes on
// every machine. Written by hand: writing needs no libpcap.
//
//   MemoryPcapSink sink;
//   PcapWriter pcap(sink, kLinkTypeRaw, 128);                // the file header goes out here
//   pcap.append(timestampNs, headerBytes, ipTotalLength);   // caplen < orig_len: snaplen-truncated
//   writeFileAtomically("x.pcap", sink.bytes());
#pragma once

#include <cstdint>
#include <span>
#include <string>

#include "capture/pcap_sink.h"

namespace wirelab::capture {

// Link types (https://www.tcpdump.org/linktypes.html): raw IP, version read from the first nibble.
inline constexpr std::uint32_t kLinkTypeRaw = 101;

// Global header (24 bytes) and per-record header (16 bytes) of the classic format.
inline constexpr std::size_t kPcapFileHeaderBytes = 24;
inline constexpr std::size_t kPcapRecordHeaderBytes = 16;
inline constexpr std::uint32_t kPcapNanosecondMagic = 0xa1b23c4du;

class PcapWriter {
 public:
  // `snapLength`: the most bytes any record captures (records longer are cut to it). `sink` must
  // outlive the writer.
  explicit PcapWriter(PcapSink& sink, std::uint32_t linkType = kLinkTypeRaw,
                      std::uint32_t snapLength = 262144);

  // One record. `timestampNs` counts from the epoch of the capture (here: the start of the run,
  // so captures show 1970-01-01 00:00:00 plus simulated time). `originalLength` is the packet's
  // length on the wire; it is at least the captured length.
  void append(std::int64_t timestampNs, std::span<const std::uint8_t> captured, std::uint32_t originalLength);

  std::uint64_t records() const { return m_records; }
  std::uint32_t snapLength() const { return m_snapLength; }

 private:
  void putU16(std::uint16_t v);
  void putU32(std::uint32_t v);

  PcapSink* m_sink;
  std::string m_record;  // the record being built: handed to the sink whole
  std::uint32_t m_snapLength;
  std::uint64_t m_records = 0;
};

}  // namespace wirelab::capture
