#include "models/capture/packet_encoder.h"

#include "models/capture/ipv4_encoding.h"
#include "models/capture/quic_encoding.h"
#include "models/capture/tcp_encoding.h"
#include "models/capture/udp_encoding.h"
#include "models/transport/tcp/tcp_header.h"
#include "models/transport/transport_types.h"

namespace wirelab::models::capture {

namespace {

Ipv4Fields ipFieldsOf(const sim::Packet& p) {
  Ipv4Fields ip;
  ip.source = nodeAddress(p.source);
  ip.destination = nodeAddress(p.destination);
  ip.totalLength = static_cast<std::uint16_t>(std::min<std::uint32_t>(p.sizeBytes, 65535));
  ip.identification = static_cast<std::uint16_t>(p.uid & 0xffff);  // creation order: deterministic
  ip.ttl = p.ttl;
  ip.protocol = p.protocol;
  return ip;
}

}  // namespace

std::span<const std::uint8_t> PacketEncoder::encode(const sim::Packet& p) {
  m_buffer.clear();
  const Ipv4Fields ip = ipFieldsOf(p);
  appendIpv4Header(m_buffer, ip);
  if (p.protocol == transport::kProtocolTcp) {
    encodeTcp(p);
  } else if (p.protocol == transport::kProtocolUdp && p.sizeBytes >= kIpv4HeaderLength + kUdpHeaderLength) {
    const auto udpLength = static_cast<std::uint16_t>(ip.totalLength - kIpv4HeaderLength);
    m_payloadStart.clear();
    if (isQuic(p)) {
      appendQuicHeader(m_payloadStart, p.header<transport::quic::QuicDatagram>(), p.source, p.destination,
                       udpLength - static_cast<std::uint32_t>(kUdpHeaderLength));
    }
    appendUdpHeader(m_buffer, ip, p.sourcePort, p.destinationPort, udpLength, m_payloadStart);
  }
  return m_buffer;
}

bool PacketEncoder::isQuic(const sim::Packet& p) const {
  return m_quicEndpoints.contains({p.source, p.sourcePort}) ||
         m_quicEndpoints.contains({p.destination, p.destinationPort});
}

void PacketEncoder::encodeTcp(const sim::Packet& p) {
  using transport::tcp::TcpHeader;
  const TcpHeader& h = p.header<TcpHeader>();
  const Flow flow{p.source, p.sourcePort, p.destination, p.destinationPort};
  if (h.has(TcpHeader::kSyn)) m_windowShift[flow] = h.windowScale;
  const auto shift = m_windowShift.find(flow);
  TcpSegmentFields segment;
  segment.sourcePort = p.sourcePort;
  segment.destinationPort = p.destinationPort;
  segment.payloadBytes = p.payloadBytes;
  segment.headerBytes = p.sizeBytes - static_cast<std::uint32_t>(kIpv4HeaderLength) - p.payloadBytes;
  segment.windowShift = shift == m_windowShift.end() ? 0 : shift->second;
  appendTcpHeader(m_buffer, ipFieldsOf(p), segment, h);
}

}  // namespace wirelab::models::capture
