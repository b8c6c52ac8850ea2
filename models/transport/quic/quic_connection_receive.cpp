// File: models/transport/quic/quic_connection_receive.cpp
// The receive path: one datagram's packets in order, key availability (packets that arrive before
// their keys are buffered, RFC 9001 section 5.7), duplicate detection, frame processing, stream
// reassembly with in-order delivery per stream, flow control credit, and peer address changes.
#include <algorithm>

#include "models/transport/quic/quic_connection.h"
#include "models/transport/quic/quic_endpoint.h"

namespace wirelab::models::transport::quic {

namespace {
bool longAckEliciting(const LongPacket& p) { return (p.frames & (frames::kCrypto | frames::kPing)) != 0; }
bool shortAckEliciting(const ShortPacket& p) {
  return p.streamFrameCount > 0 ||
         (p.frames & (frames::kPing | frames::kHandshakeDone | frames::kSessionTicket | frames::kFlow)) != 0;
}
}  // namespace

void QuicConnection::onDatagram(const udp::UdpDatagram& datagram) {
  if (m_state == ConnectionState::Closed) return;
  const QuicDatagram& d = datagram.packet->header<QuicDatagram>();
  ++m_stats.datagramsReceived;
  m_stats.bytesReceived += datagram.payloadBytes;
  m_amplificationReceived += datagram.payloadBytes;
  restartIdleTimer();
  if (!d.isShortForm()) {
    // RFC 9000 section 7.2: the client adopts the server's chosen connection ID.
    if (m_role == Role::Client && !m_peerCidLearned) {
      m_peerCid = d.scid;
      m_peerCidLearned = true;
    }
    for (std::size_t i = 0; i < d.packetCount && i < 2 && m_state != ConnectionState::Closed; ++i) {
      processLongPacket(d, i, datagram.source, datagram.payloadBytes);
    }
  } else {
    processShortPacket(d, datagram.source, datagram.payloadBytes);
  }
  if (m_state == ConnectionState::Closed) return;
  if (m_confirmPending && !m_confirmed && m_oneRttKeys) confirmHandshake("1-RTT ACK received");
  m_confirmPending = false;
  // More credit may unblock a server's probe timer (RFC 9002 section 6.2.2.1).
  m_recovery.setLossDetectionTimer();
  requestFlush();
}

bool QuicConnection::receiveKeys(PacketType type) const {
  switch (type) {
    case PacketType::Initial:
      return !space(PacketSpace::Initial).discarded;
    case PacketType::Handshake:
      return hasHandshakeKeys();
    case PacketType::ZeroRtt:
      return m_role == Role::Server && m_zeroRttOpen;
    case PacketType::OneRtt:
      return m_oneRttKeys;
  }
  return false;
}

bool QuicConnection::mayGetKeys(PacketType type) const {
  // Keys still to come: worth buffering. Discarded keys never return.
  switch (type) {
    case PacketType::Initial:
      return false;
    case PacketType::Handshake:
      return !space(PacketSpace::Handshake).discarded;
    case PacketType::ZeroRtt:
      return m_role == Role::Server && m_state < ConnectionState::HandshakeStarted;
    case PacketType::OneRtt:
      return !m_oneRttKeys;
  }
  return false;
}

void QuicConnection::bufferPacket(const QuicDatagram& d, std::size_t index, Endpoint from,
                                  std::uint32_t bytes) {
  if (m_buffered.size() >= static_cast<std::size_t>(m_config.maxBufferedPackets)) {
    ++m_stats.packetsDropped;
    return;
  }
  ++m_stats.packetsBuffered;
  m_buffered.push_back(BufferedPacket{d, static_cast<std::uint8_t>(index), from, bytes});
}

void QuicConnection::replayBuffered() {
  if (m_buffered.empty()) return;
  std::vector<BufferedPacket> pending;
  pending.swap(m_buffered);
  for (const BufferedPacket& b : pending) {
    if (m_state == ConnectionState::Closed) return;
    if (b.datagram.isShortForm()) {
      processShortPacket(b.datagram, b.from, b.datagramBytes);
    } else {
      processLongPacket(b.datagram, b.index, b.from, b.datagramBytes);
    }
  }
}

void QuicConnection::emitReceived(const QuicDatagram& d, std::size_t index, std::uint32_t bytes) {
  if (!packetReceived.hasSubscribers()) return;
  QuicPacketEvent e;
  e.time = m_sched->now();
  e.datagramBytes = bytes;
  if (d.isShortForm()) {
    e.shortPacket = &d.body.shortForm;
    e.type = e.shortPacket->type;
    e.packetNumber = e.shortPacket->packetNumber;
    e.sizeBytes = bytes;
    e.paddingBytes = d.paddingBytes;
  } else {
    e.longPacket = &d.body.longForm.packets[index];
    e.type = e.longPacket->type;
    e.packetNumber = e.longPacket->packetNumber;
    // The receiver sees the datagram; the packets' split is not carried, so each reports it.
    e.sizeBytes = bytes;
    if (index + 1 == d.packetCount) e.paddingBytes = d.paddingBytes;
    if ((d.flags & datagram_flags::kTransportParameters) != 0 &&
        (e.longPacket->frames & frames::kCrypto) != 0 && e.longPacket->cryptoOffset == 0) {
      e.parameters = &d.body.longForm.parameters;
    }
  }
  packetReceived(e);
}

void QuicConnection::processLongPacket(const QuicDatagram& d, std::size_t index, Endpoint from,
                                       std::uint32_t bytes) {
  const LongPacket& pk = d.body.longForm.packets[index];
  const PacketSpace s = spaceOf(pk.type);
  if (!receiveKeys(pk.type)) {
    if (mayGetKeys(pk.type)) {
      bufferPacket(d, index, from, bytes);
    } else {
      ++m_stats.packetsDropped;
    }
    return;
  }
  SpaceState& sp = space(s);
  if (!sp.acks.onPacketReceived(pk.packetNumber, longAckEliciting(pk), m_sched->now())) {
    ++m_stats.duplicatePackets;
    return;
  }
  ++m_stats.packetsReceived;
  emitReceived(d, index, bytes);

  if (s == PacketSpace::Handshake && m_role == Role::Server) {
    // A Handshake packet proves the client owns its address (RFC 9000 section 8.1), and the
    // server drops its Initial keys on the first one (RFC 9001 section 4.9.1).
    m_addressValidated = true;
    discardSpace(PacketSpace::Initial);
  }
  if ((pk.frames & frames::kAck) != 0) {
    if (s == PacketSpace::Handshake && m_role == Role::Client) m_handshakeAckReceived = true;
    m_recovery.onAckReceived(s, pk.ack,
                             sim::Milliseconds(m_haveParams ? m_peerParams.maxAckDelayMillis : 25));
  }
  if ((pk.frames & frames::kCrypto) != 0) {
    const bool carriesParameters =
        (d.flags & datagram_flags::kTransportParameters) != 0 && pk.cryptoOffset == 0;
    const PacketSpace parameterSpace = m_role == Role::Server ? PacketSpace::Initial : PacketSpace::Handshake;
    if (carriesParameters && s == parameterSpace) applyPeerParameters(d.body.longForm.parameters);
    // EncryptedExtensions tell a resuming client whether its 0-RTT data was accepted; rejected
    // 0-RTT packets count as lost and their data goes again in 1-RTT (RFC 9001 section 4.6.2).
    if (m_role == Role::Client && s == PacketSpace::Handshake && pk.cryptoOffset == 0 && m_resumption &&
        m_zeroRttOpen) {
      if ((pk.frames & frames::kEarlyDataAccepted) != 0) {
        m_stats.zeroRttAccepted = true;
      } else {
        m_zeroRttOpen = false;
        m_recovery.declareLost(PacketSpace::Application, PacketType::ZeroRtt, kCauseZeroRttRejected);
      }
    }
    if (m_role == Role::Server && s == PacketSpace::Initial && (pk.frames & frames::kPskOffered) != 0) {
      m_resumption = true;
      m_stats.zeroRttAttempted = true;
    }
    sp.cryptoIn.onFrame(pk.cryptoOffset, pk.cryptoLength, (pk.frames & frames::kCryptoFin) != 0);
    if (sp.cryptoIn.takeDeliverable().fin) onCryptoComplete(s);
  }
  if ((pk.frames & frames::kConnectionClose) != 0) enterClosed("peer closed");
}

void QuicConnection::processShortPacket(const QuicDatagram& d, Endpoint from, std::uint32_t bytes) {
  const ShortPacket& pk = d.body.shortForm;
  if (!receiveKeys(pk.type)) {
    if (mayGetKeys(pk.type)) {
      bufferPacket(d, 0, from, bytes);
    } else {
      ++m_stats.packetsDropped;
    }
    return;
  }
  SpaceState& sp = space(PacketSpace::Application);
  if (!sp.acks.onPacketReceived(pk.packetNumber, shortAckEliciting(pk), m_sched->now())) {
    ++m_stats.duplicatePackets;
    return;
  }
  ++m_stats.packetsReceived;
  emitReceived(d, 0, bytes);

  // RFC 9000 section 9.3: a server follows a new client address on the highest-numbered
  // non-probing packet. (Path validation, RFC 9000 8.2, is not modelled.)
  const bool highest = !m_anyAppReceived || pk.packetNumber > m_largestAppReceived;
  if (highest) {
    m_largestAppReceived = pk.packetNumber;
    m_anyAppReceived = true;
  }
  if (m_role == Role::Server && highest && from != m_peer) {
    const Endpoint old = m_peer;
    m_peer = from;
    ++m_stats.migrations;
    pathChanged(QuicPathEvent{m_sched->now(), old, from, "peer address changed (migration)"});
  }

  if ((pk.frames & frames::kAck) != 0) {
    m_recovery.onAckReceived(PacketSpace::Application, pk.ack,
                             sim::Milliseconds(m_haveParams ? m_peerParams.maxAckDelayMillis : 25));
  }
  if ((pk.frames & frames::kHandshakeDone) != 0 && m_role == Role::Client && m_oneRttKeys) {
    confirmHandshake("HANDSHAKE_DONE received");
  }
  if ((pk.frames & frames::kSessionTicket) != 0 && m_role == Role::Client && m_haveParams) {
    m_endpoint->storeTicket(m_peer, SessionTicket{m_peerParams, m_sched->now()});
  }
  if ((pk.frames & frames::kFlow) != 0) processFlowFrame(pk.flow);
  for (std::size_t i = 0; i < pk.streamFrameCount && i < kMaxStreamFrames; ++i) {
    if (m_state == ConnectionState::Closed) return;
    processStreamFrame(pk.streams[i]);
  }
  if ((pk.frames & frames::kConnectionClose) != 0) enterClosed("peer closed");
}

void QuicConnection::processFlowFrame(const FlowFrame& f) {
  if (f.streamId == kConnectionLevel) {
    m_peerMaxData = std::max(m_peerMaxData, f.maximum());
    for (const auto& [id, stream] : m_streams) {
      if (stream.send.sentOffset() < stream.send.written()) m_sendActive.insert(id);
    }
    return;
  }
  if (Stream* s = findStream(f.streamId)) {
    s->send.setMaxData(f.maximum());
    m_sendActive.insert(f.streamId);
  }
}

QuicConnection::Stream* QuicConnection::openPeerStream(std::uint64_t id) {
  if (Stream* s = findStream(id)) return s;
  // A frame for a stream of ours that we never opened would be STREAM_STATE_ERROR.
  if (isLocalStream(id)) return nullptr;
  Stream& s = createStream(id);
  if (m_onStreamOpened) m_onStreamOpened(id);
  return &s;
}

void QuicConnection::processStreamFrame(const StreamFrame& f) {
  Stream* s = openPeerStream(f.streamId);
  if (s == nullptr) return;
  const std::uint64_t raised = s->recv.onFrame(f.offset(), f.length(), f.fin());
  m_dataReceived += raised;
  // RFC 9000 section 4.1: a peer exceeding a limit commits FLOW_CONTROL_ERROR; counted here.
  if (s->recv.exceedsLimit() || m_dataReceived > m_recvMaxData) ++m_stats.flowControlViolations;
  const std::uint64_t offset = s->recv.delivered();
  const StreamDelivery delivery = s->recv.takeDeliverable();
  if (delivery.bytes > 0 || delivery.fin) {
    m_dataConsumed += delivery.bytes;
    m_stats.streamBytesDelivered += delivery.bytes;
    const bool released = offset + delivery.bytes > f.offset() + f.length();
    streamDataDelivered(QuicDeliveryEvent{m_sched->now(), f.streamId, offset, delivery.bytes, delivery.fin,
                                          m_stats.streamBytesDelivered,
                                          released ? "hole filled: buffered data released" : "in order"});
    if (m_onStreamData) m_onStreamData(f.streamId, delivery.bytes, delivery.fin);
    // The callback may have closed the connection (and must not find stale stream pointers).
    if (m_state == ConnectionState::Closed) return;
    s = findStream(f.streamId);
  }
  // Credit updates when half of a window has been consumed (RFC 9000 section 4.2 leaves the
  // policy to the receiver).
  if (s->recv.wantsMaxDataUpdate()) {
    s->recv.advanceMaxData();
    if (std::find(m_maxStreamDataPending.begin(), m_maxStreamDataPending.end(), f.streamId) ==
        m_maxStreamDataPending.end()) {
      m_maxStreamDataPending.push_back(f.streamId);
    }
  }
  const std::uint64_t window = static_cast<std::uint64_t>(m_config.initialMaxData);
  if (m_recvMaxData - std::min(m_recvMaxData, m_dataConsumed) <= window / 2) {
    m_recvMaxData = m_dataConsumed + window;
    m_maxDataPending = true;
  }
}

}  // namespace wirelab::models::transport::quic
