#include "models/capture/tcp_encoding.h"

#include <algorithm>

namespace wirelab::models::capture {

namespace {

using transport::tcp::TcpHeader;

// TCP option kinds (IANA "TCP Option Kind Numbers").
constexpr std::uint8_t kOptionEnd = 0;
constexpr std::uint8_t kOptionNop = 1;
constexpr std::uint8_t kOptionMss = 2;
constexpr std::uint8_t kOptionWindowScale = 3;
constexpr std::uint8_t kOptionSackPermitted = 4;
constexpr std::uint8_t kOptionSack = 5;
constexpr std::uint8_t kOptionTimestamps = 8;

// One option and the NOPs that would align it as Linux does (tcp_options_write()), used only
// when the header the model counted has room for them.
struct Option {
  std::vector<std::uint8_t> bytes;
  std::size_t alignNops = 0;
};

std::vector<Option> optionsOf(const TcpHeader& h, bool timestamps, std::uint8_t windowShift) {
  std::vector<Option> options;
  std::vector<std::uint8_t> b;
  const bool syn = h.has(TcpHeader::kSyn);
  if (syn) {
    b = {kOptionMss, 4};
    appendU16(b, h.mss);
    options.push_back({b, 0});
    if (h.sackPermitted) options.push_back({{kOptionSackPermitted, 2}, 0});
  }
  if (timestamps) {
    b = {kOptionTimestamps, 10};
    appendU32(b, h.tsVal);
    appendU32(b, h.tsEcr);
    options.push_back({b, 2});
  }
  if (syn) options.push_back({{kOptionWindowScale, 3, windowShift}, 1});
  if (!syn && h.sackCount > 0) {
    b = {kOptionSack, static_cast<std::uint8_t>(2 + 8 * h.sackCount)};
    for (int i = 0; i < h.sackCount && i < TcpHeader::kMaxSackBlocks; ++i) {
      appendU32(b, static_cast<std::uint32_t>(h.sack[i].start));
      appendU32(b, static_cast<std::uint32_t>(h.sack[i].end));
    }
    options.push_back({b, 2});
  }
  return options;
}

}  // namespace

void appendTcpHeader(std::vector<std::uint8_t>& out, const Ipv4Fields& ip, const TcpSegmentFields& segment,
                     const TcpHeader& h) {
  // The model counts the timestamp option on every segment when it is enabled (TcpConfig), so
  // the header length tells whether it is there.
  const bool timestamps = segment.headerBytes == transport::tcp::tcpHeaderWireBytes(h, true) &&
                          segment.headerBytes != transport::tcp::tcpHeaderWireBytes(h, false);
  const std::size_t headerBytes = std::clamp<std::size_t>(segment.headerBytes / 4 * 4, 20, 60);
  const std::size_t start = out.size();
  appendU16(out, segment.sourcePort);
  appendU16(out, segment.destinationPort);
  appendU32(out, static_cast<std::uint32_t>(h.seq));
  appendU32(out, h.has(TcpHeader::kAck) ? static_cast<std::uint32_t>(h.ack) : 0u);
  out.push_back(static_cast<std::uint8_t>((headerBytes / 4) << 4));
  out.push_back(static_cast<std::uint8_t>(h.flags & 0xff));
  // RFC 7323 2.2: the window of a SYN is never scaled; later ones are right-shifted by the scale
  // the sender announced in its SYN.
  const std::uint64_t window =
      h.has(TcpHeader::kSyn) ? h.window : std::uint64_t{h.window} >> segment.windowShift;
  appendU16(out, static_cast<std::uint16_t>(std::min<std::uint64_t>(window, 65535)));
  appendU16(out, 0);  // checksum, filled below
  appendU16(out, 0);  // urgent pointer

  const std::vector<Option> options = optionsOf(h, timestamps, segment.windowShift);
  std::size_t room = headerBytes - 20;
  std::size_t used = 0;
  for (const Option& o : options) used += o.bytes.size();
  std::size_t slack = room > used ? room - used : 0;
  for (const Option& o : options) {
    if (o.bytes.size() > room) break;  // cannot happen with the model's own header lengths
    if (o.alignNops <= slack) {
      out.insert(out.end(), o.alignNops, kOptionNop);
      slack -= o.alignNops;
      room -= o.alignNops;
    }
    out.insert(out.end(), o.bytes.begin(), o.bytes.end());
    room -= o.bytes.size();
  }
  out.insert(out.end(), room, kOptionEnd);

  const auto tcpLength = static_cast<std::uint16_t>(headerBytes + segment.payloadBytes);
  const std::uint16_t checksum = foldChecksum(
      onesComplementSum(std::span<const std::uint8_t>(out).subspan(start), pseudoHeaderSum(ip, tcpLength)));
  out[start + 16] = static_cast<std::uint8_t>(checksum >> 8);
  out[start + 17] = static_cast<std::uint8_t>(checksum & 0xff);
}

}  // namespace wirelab::models::capture
