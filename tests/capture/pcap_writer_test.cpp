// File: tests/capture/pcap_writer_test.cpp
// The classic pcap writer: its exact header bytes, and libpcap reading back what it wrote.
#include "capture/pcap_writer.h"

#include <gtest/gtest.h>

#include "tests/capture/pcap_records.h"

namespace wirelab::capture {
namespace {

TEST(PcapWriterTest, FileHeaderIsLittleEndianNanosecondPcap) {
  MemoryPcapSink sink;
  const PcapWriter pcap(sink, kLinkTypeRaw, 80);
  const std::string& b = sink.bytes();
  ASSERT_EQ(b.size(), kPcapFileHeaderBytes);
  const std::string expected(
      "\x4d\x3c\xb2\xa1"                  // magic 0xa1b23c4d, little-endian
      "\x02\x00\x04\x00"                  // version 2.4
      "\x00\x00\x00\x00\x00\x00\x00\x00"  // thiszone, sigfigs
      "\x50\x00\x00\x00"                  // snaplen 80
      "\x65\x00\x00\x00",                 // LINKTYPE_RAW
      24);
  EXPECT_EQ(b, expected);
}

TEST(PcapWriterTest, LibpcapReadsTheRecordsBack) {
  MemoryPcapSink sink;
  PcapWriter pcap(sink, kLinkTypeRaw, 80);
  const std::vector<std::uint8_t> first = {0x45, 0, 0, 28};
  pcap.append(1'500'000'123, first, 1500);
  const std::vector<std::uint8_t> second(100, 0xab);  // longer than the snap length: cut
  pcap.append(2'000'000'000, second, 100);
  EXPECT_EQ(pcap.records(), 2u);
  EXPECT_EQ(sink.bytes().size(), kPcapFileHeaderBytes + 2 * kPcapRecordHeaderBytes + 4 + 80);

  const testing::PcapFileContents file = testing::readPcap(sink.bytes());
  ASSERT_TRUE(file.error.empty()) << file.error;
  EXPECT_EQ(file.linkType, DLT_RAW);  // libpcap maps LINKTYPE_RAW (101) to its DLT_RAW
  EXPECT_EQ(file.snapLength, 80);
  ASSERT_EQ(file.records.size(), 2u);
  EXPECT_EQ(file.records[0].timestampNs, 1'500'000'123);
  EXPECT_EQ(file.records[0].originalLength, 1500u);
  EXPECT_EQ(file.records[0].data, first);
  EXPECT_EQ(file.records[1].timestampNs, 2'000'000'000);
  EXPECT_EQ(file.records[1].data.size(), 80u);
  EXPECT_EQ(file.records[1].originalLength, 100u);
}

TEST(PcapWriterTest, OriginalLengthIsNeverBelowTheCapturedLength) {
  MemoryPcapSink sink;
  PcapWriter pcap(sink, kLinkTypeRaw, 80);
  pcap.append(0, std::vector<std::uint8_t>(40, 1), 10);
  const testing::PcapFileContents file = testing::readPcap(sink.bytes());
  ASSERT_EQ(file.records.size(), 1u);
  EXPECT_EQ(file.records[0].originalLength, 40u);
}

// A streaming sink (a file) must see whole records: the header once, then one write per record.
class WriteLog : public PcapSink {
 public:
  void write(std::string_view bytes) override { sizes.push_back(bytes.size()); }
  std::vector<std::size_t> sizes;
};

TEST(PcapWriterTest, TheSinkGetsTheHeaderThenEachRecordWhole) {
  WriteLog log;
  PcapWriter pcap(log, kLinkTypeRaw, 80);
  pcap.append(1, std::vector<std::uint8_t>(28, 1), 1500);
  pcap.append(2, std::vector<std::uint8_t>(100, 2), 1500);  // cut to the snap length
  const std::vector<std::size_t> expected = {kPcapFileHeaderBytes, kPcapRecordHeaderBytes + 28,
                                             kPcapRecordHeaderBytes + 80};
  EXPECT_EQ(log.sizes, expected);
}

}  // namespace
}  // namespace wirelab::capture
