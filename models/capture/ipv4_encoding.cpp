#include "models/capture/ipv4_encoding.h"

namespace wirelab::models::capture {

std::uint32_t nodeAddress(sim::NodeId id) { return (10u << 24) + ((id + 1u) & 0x00ffffffu); }

std::string formatAddress(std::uint32_t address) {
  return std::to_string(address >> 24) + "." + std::to_string((address >> 16) & 0xff) + "." +
         std::to_string((address >> 8) & 0xff) + "." + std::to_string(address & 0xff);
}

void appendU16(std::vector<std::uint8_t>& out, std::uint16_t v) {
  out.push_back(static_cast<std::uint8_t>(v >> 8));
  out.push_back(static_cast<std::uint8_t>(v & 0xff));
}

void appendU32(std::vector<std::uint8_t>& out, std::uint32_t v) {
  appendU16(out, static_cast<std::uint16_t>(v >> 16));
  appendU16(out, static_cast<std::uint16_t>(v & 0xffff));
}

std::uint32_t onesComplementSum(std::span<const std::uint8_t> bytes, std::uint32_t sum) {
  std::size_t i = 0;
  for (; i + 1 < bytes.size(); i += 2) sum += (std::uint32_t{bytes[i]} << 8) | bytes[i + 1];
  if (i < bytes.size()) sum += std::uint32_t{bytes[i]} << 8;
  return sum;
}

std::uint16_t foldChecksum(std::uint32_t sum) {
  while ((sum >> 16) != 0) sum = (sum & 0xffff) + (sum >> 16);
  return static_cast<std::uint16_t>(~sum & 0xffff);
}

void appendIpv4Header(std::vector<std::uint8_t>& out, const Ipv4Fields& ip) {
  const std::size_t start = out.size();
  out.push_back(0x45);  // version 4, IHL 5 (20 bytes)
  out.push_back(0);     // DSCP / ECN
  appendU16(out, ip.totalLength);
  appendU16(out, ip.identification);
  appendU16(out, 0x4000);  // flags: Don't Fragment; fragment offset 0
  out.push_back(ip.ttl);
  out.push_back(ip.protocol);
  appendU16(out, 0);  // checksum, filled below
  appendU32(out, ip.source);
  appendU32(out, ip.destination);
  const std::uint16_t checksum =
      foldChecksum(onesComplementSum(std::span<const std::uint8_t>(out).subspan(start, kIpv4HeaderLength)));
  out[start + 10] = static_cast<std::uint8_t>(checksum >> 8);
  out[start + 11] = static_cast<std::uint8_t>(checksum & 0xff);
}

std::uint32_t pseudoHeaderSum(const Ipv4Fields& ip, std::uint16_t transportLength) {
  return (ip.source >> 16) + (ip.source & 0xffff) + (ip.destination >> 16) + (ip.destination & 0xffff) +
         ip.protocol + transportLength;
}

}  // namespace wirelab::models::capture
