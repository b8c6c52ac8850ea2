#include "models/capture/udp_encoding.h"

namespace wirelab::models::capture {

void appendUdpHeader(std::vector<std::uint8_t>& out, const Ipv4Fields& ip, std::uint16_t sourcePort,
                     std::uint16_t destinationPort, std::uint16_t udpLength,
                     std::span<const std::uint8_t> payloadStart) {
  const std::size_t start = out.size();
  appendU16(out, sourcePort);
  appendU16(out, destinationPort);
  appendU16(out, udpLength);
  appendU16(out, 0);
  out.insert(out.end(), payloadStart.begin(), payloadStart.end());
  std::uint16_t checksum = foldChecksum(
      onesComplementSum(std::span<const std::uint8_t>(out).subspan(start), pseudoHeaderSum(ip, udpLength)));
  if (checksum == 0) checksum = 0xffff;  // RFC 768: 0 would mean "no checksum"
  out[start + 6] = static_cast<std::uint8_t>(checksum >> 8);
  out[start + 7] = static_cast<std::uint8_t>(checksum & 0xff);
}

}  // namespace wirelab::models::capture
