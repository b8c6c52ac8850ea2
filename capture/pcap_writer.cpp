#include "capture/pcap_writer.h"

#include <algorithm>

namespace wirelab::capture {

PcapWriter::PcapWriter(PcapSink& sink, std::uint32_t linkType, std::uint32_t snapLength)
    : m_sink(&sink), m_snapLength(snapLength) {
  // pcap file header: magic, version 2.4, thiszone 0, sigfigs 0, snaplen, network (link type).
  putU32(kPcapNanosecondMagic);
  putU16(2);
  putU16(4);
  putU32(0);
  putU32(0);
  putU32(snapLength);
  putU32(linkType);
  m_sink->write(m_record);
  m_record.clear();
}

void PcapWriter::append(std::int64_t timestampNs, std::span<const std::uint8_t> captured,
                        std::uint32_t originalLength) {
  const std::uint64_t ns = timestampNs < 0 ? 0 : static_cast<std::uint64_t>(timestampNs);
  const auto capturedLength =
      static_cast<std::uint32_t>(std::min<std::size_t>(captured.size(), m_snapLength));
  putU32(static_cast<std::uint32_t>(ns / 1'000'000'000));
  putU32(static_cast<std::uint32_t>(ns % 1'000'000'000));
  putU32(capturedLength);
  putU32(std::max(originalLength, capturedLength));
  m_record.append(reinterpret_cast<const char*>(captured.data()), capturedLength);
  m_sink->write(m_record);
  m_record.clear();
  ++m_records;
}

void PcapWriter::putU16(std::uint16_t v) {
  m_record += static_cast<char>(v & 0xff);
  m_record += static_cast<char>(v >> 8);
}

void PcapWriter::putU32(std::uint32_t v) {
  putU16(static_cast<std::uint16_t>(v & 0xffff));
  putU16(static_cast<std::uint16_t>(v >> 16));
}

}  // namespace wirelab::capture
