// File: models/transport/quic/quic_connection_send.cpp
// The send path: which packet-number space has something to say, datagram assembly (Initial and
// Handshake packets coalesced, RFC 9000 section 12.2; Initial datagrams padded to 1200 bytes,
// section 14.1), the congestion window, the anti-amplification limit (section 8.1), optional
// pacing (RFC 9002 section 7.7), PTO probes, and round-robin stream scheduling.
#include <algorithm>
#include <limits>

#include "models/transport/quic/quic_connection.h"
#include "models/transport/quic/quic_endpoint.h"

namespace wirelab::models::transport::quic {

namespace {
constexpr std::uint64_t kUnlimited = std::numeric_limits<std::uint64_t>::max();
constexpr std::uint32_t kMinUsefulPacket = 64;
constexpr std::uint32_t kMaxFrameLength = 0x7fff;  // StreamFrame's length field

// Puts an ACK frame for `acks` into the packet when it fits in `avail`, in a long or short header
// packet alike.
template <typename PacketT>
void attachAckFrame(PacketT& pk, AckTracker& acks, sim::SimTime now, std::uint32_t& avail,
                    std::uint32_t& used) {
  pk.ack = acks.buildFrame(now);
  const std::uint32_t bytes = ackFrameBytes(pk.ack);
  if (bytes <= avail) {
    pk.frames |= frames::kAck;
    avail -= bytes;
    used += bytes;
  }
}

// The bookkeeping every sent packet gets (RFC 9002 appendix A.1.1): an ack-eliciting packet counts
// in flight.
SentPacket sentRecord(std::uint64_t pn, sim::SimTime now, std::uint32_t size, PacketType type,
                      std::uint8_t frameBits, bool eliciting) {
  SentPacket record{};
  record.packetNumber = pn;
  record.timeSent = now;
  record.sizeBytes = size;
  record.type = type;
  record.frames = frameBits;
  record.ackEliciting = eliciting;
  record.inFlight = eliciting;
  return record;
}
}  // namespace

void QuicConnection::flush() {
  if (m_state == ConnectionState::Closed) return;
  if (m_closePending) {
    sendClose();
    return;
  }
  while (m_state != ConnectionState::Closed && sendOneDatagram()) {
  }
  if (m_state == ConnectionState::Closed) return;
  // RFC 9002 section 7.8: with room in the window and nothing sent, the sender is application
  // (or flow control) limited and must not grow the window.
  m_applicationLimited = cwndAllows() && pacingAllows();
  if (m_config.pacing && !pacingAllows() && streamDataSendable() && cwndAllows()) {
    m_pacingTimer.armAt(m_nextPacedSend, [this] { flush(); });
  }
  updateAckTimer();
}

bool QuicConnection::canSendIn(PacketSpace s) const {
  const SpaceState& sp = space(s);
  if (s != PacketSpace::Application) return sp.sendKeys && !sp.discarded;
  if (m_role == Role::Client) return m_oneRttKeys || m_zeroRttOpen;
  return sp.sendKeys;
}

bool QuicConnection::cwndAllows() const { return m_recovery.congestionAllowsDatagram(); }

bool QuicConnection::pacingAllows() const {
  return !m_config.pacing || !m_recovery.rtt().hasSample() || m_sched->now() >= m_nextPacedSend;
}

bool QuicConnection::controlFramesPending() const {
  return m_handshakeDonePending || m_ticketPending || m_maxDataPending || !m_maxStreamDataPending.empty();
}

bool QuicConnection::streamDataSendable() const {
  const std::uint64_t credit = m_peerMaxData > m_dataSent ? m_peerMaxData - m_dataSent : 0;
  for (const std::uint64_t id : m_sendActive) {
    auto it = m_streams.find(id);
    if (it != m_streams.end() && it->second.send.hasSendable(credit)) return true;
  }
  return false;
}

bool QuicConnection::wantsToSend(PacketSpace s) const {
  if (!canSendIn(s)) return false;
  const SpaceState& sp = space(s);
  // A client without 1-RTT keys sends 0-RTT packets; a server sends 1-RTT from its first flight.
  const bool zeroRtt = s == PacketSpace::Application && m_role == Role::Client && !m_oneRttKeys;
  if (sp.acks.ackDue() && !zeroRtt) return true;  // 0-RTT packets cannot carry ACK frames
  if (sp.probes > 0) return true;
  if (s != PacketSpace::Application) return sp.cryptoOut.hasSendable(kUnlimited) && congestionAllows();
  if (m_pingPending) return true;
  if (controlFramesPending() && !zeroRtt && congestionAllows()) return true;
  return streamDataSendable() && congestionAllows() && pacingAllows();
}

bool QuicConnection::sendOneDatagram() {
  const std::uint64_t credit = amplificationCredit();
  const auto maxSize =
      static_cast<std::uint32_t>(std::min<std::uint64_t>(m_config.maxDatagramBytes(), credit));
  if (maxSize < kMinUsefulPacket) return false;  // blocked by the anti-amplification limit

  QuicDatagram d{};
  d.dcid = m_peerCid;
  d.scid = m_localCid;
  SentPacket records[2];
  std::uint32_t sizes[2] = {0, 0};
  const bool wantInitial = wantsToSend(PacketSpace::Initial);
  const bool wantHandshake = wantsToSend(PacketSpace::Handshake);
  if (wantInitial || wantHandshake) {
    std::size_t count = 0;
    std::uint32_t used = 0;
    bool hasInitial = false;
    bool hasHandshake = false;
    if (wantInitial) {
      sizes[0] = buildLongPacket(PacketSpace::Initial, d, 0, maxSize, records[0]);
      if (sizes[0] > 0) {
        used = sizes[0];
        count = 1;
        hasInitial = true;
      }
    }
    if (wantHandshake && maxSize - used >= kMinUsefulPacket) {
      sizes[count] = buildLongPacket(PacketSpace::Handshake, d, count, maxSize - used, records[count]);
      if (sizes[count] > 0) {
        used += sizes[count];
        ++count;
        hasHandshake = true;
      }
    }
    if (count > 0) {
      d.packetCount = static_cast<std::uint8_t>(count);
      // RFC 9000 section 14.1: every client datagram with an Initial packet, and every server
      // datagram with an ack-eliciting Initial packet, is padded to 1200 bytes.
      const bool pad = hasInitial && (m_role == Role::Client || records[0].ackEliciting);
      const std::uint32_t target = std::min(kMinInitialDatagram, maxSize);
      if (pad && used < target) {
        const std::uint32_t padding = target - used;
        d.paddingBytes = static_cast<std::uint16_t>(padding);
        sizes[count - 1] += padding;
        records[count - 1].sizeBytes += padding;
        records[count - 1].inFlight = true;  // PADDING counts towards bytes in flight (RFC 9002 2)
        used += padding;
      }
      transmit(d, used, 0, records, sizes, count);
      // RFC 9001 section 4.9.1: a client drops its Initial keys when it first sends a Handshake
      // packet.
      if (m_role == Role::Client && hasHandshake) discardSpace(PacketSpace::Initial);
      return true;
    }
  }
  if (wantsToSend(PacketSpace::Application)) {
    d.flags = datagram_flags::kShortForm;
    d.packetCount = 1;
    std::uint32_t applicationBytes = 0;
    sizes[0] = buildShortPacket(d, maxSize, records[0], applicationBytes);
    if (sizes[0] > 0) {
      transmit(d, sizes[0], applicationBytes, records, sizes, 1);
      return true;
    }
  }
  return false;
}

std::uint32_t QuicConnection::buildLongPacket(PacketSpace s, QuicDatagram& d, std::size_t index,
                                              std::uint32_t room, SentPacket& record) {
  SpaceState& sp = space(s);
  LongPacket& pk = d.body.longForm.packets[index];
  pk = LongPacket{};
  const PacketType type = s == PacketSpace::Initial ? PacketType::Initial : PacketType::Handshake;
  const std::uint64_t pn = m_recovery.nextPacketNumber(s);
  const std::uint32_t pnLength = packetNumberLength(pn, m_recovery.largestAcked(s), m_recovery.anyAcked(s));
  const std::uint32_t cid = m_config.connectionIdBytes;
  const std::uint32_t headerMax = longHeaderBytes(type, cid, pnLength, room);
  if (room < headerMax + kAeadTagBytes + 8) return 0;
  std::uint32_t avail = room - headerMax - kAeadTagBytes;
  std::uint32_t used = 0;
  const sim::SimTime now = m_sched->now();
  pk.packetNumber = static_cast<std::uint32_t>(pn);
  pk.type = type;
  d.setPacketNumberLength(index, pnLength);

  if (sp.acks.hasNewInformation()) attachAckFrame(pk, sp.acks, now, avail, used);
  const bool probe = sp.probes > 0;
  if (sp.cryptoOut.hasSendable(kUnlimited) && (probe || congestionAllows())) {
    const std::uint64_t offset = sp.cryptoOut.nextChunk(kUnlimited, kUnlimited).offset;
    const std::uint32_t overhead = cryptoFrameOverhead(offset, avail);
    if (avail > overhead) {
      const StreamChunk chunk = sp.cryptoOut.nextChunk(avail - overhead, kUnlimited);
      if (chunk.length > 0 || chunk.fin) {
        sp.cryptoOut.onSent(chunk);
        pk.cryptoOffset = static_cast<std::uint32_t>(chunk.offset);
        pk.cryptoLength = static_cast<std::uint16_t>(chunk.length);
        pk.frames |= frames::kCrypto;
        if (chunk.fin) pk.frames |= frames::kCryptoFin;
        const std::uint32_t bytes = cryptoFrameOverhead(chunk.offset, chunk.length) + chunk.length;
        avail -= bytes;
        used += bytes;
        if (m_role == Role::Client && s == PacketSpace::Initial && m_resumption)
          pk.frames |= frames::kPskOffered;
        if (m_role == Role::Server && s == PacketSpace::Handshake && chunk.offset == 0 &&
            m_stats.zeroRttAccepted) {
          pk.frames |= frames::kEarlyDataAccepted;
        }
        // Transport parameters ride in the ClientHello / EncryptedExtensions (RFC 9001 8.2).
        const PacketSpace parameterSpace =
            m_role == Role::Client ? PacketSpace::Initial : PacketSpace::Handshake;
        if (chunk.offset == 0 && s == parameterSpace) {
          d.flags |= datagram_flags::kTransportParameters;
          d.body.longForm.parameters = localParameters();
        }
      }
    }
  }
  bool eliciting = (pk.frames & (frames::kCrypto | frames::kPing)) != 0;
  if (probe && !eliciting && avail >= 1) {
    pk.frames |= frames::kPing;
    used += 1;
    eliciting = true;
  }
  if (pk.frames == 0 || (!eliciting && !sp.acks.ackDue())) return 0;
  if (probe && eliciting) --sp.probes;
  if ((pk.frames & frames::kAck) != 0) sp.acks.onAckSent();

  const std::uint32_t size =
      longHeaderBytes(type, cid, pnLength, used + kAeadTagBytes) + used + kAeadTagBytes;
  record = sentRecord(pn, now, size, type, pk.frames, eliciting);
  record.cryptoFin = (pk.frames & frames::kCryptoFin) != 0;
  record.cryptoOffset = pk.cryptoOffset;
  record.cryptoLength = pk.cryptoLength;
  return size;
}

std::uint32_t QuicConnection::buildShortPacket(QuicDatagram& d, std::uint32_t room, SentPacket& record,
                                               std::uint32_t& applicationBytes) {
  SpaceState& sp = space(PacketSpace::Application);
  d.body.shortForm = ShortPacket{};  // makes the short form the union's active member
  ShortPacket& pk = d.body.shortForm;
  const PacketType type = m_role == Role::Client && !m_oneRttKeys ? PacketType::ZeroRtt : PacketType::OneRtt;
  const std::uint64_t pn = m_recovery.nextPacketNumber(PacketSpace::Application);
  const std::uint32_t pnLength = packetNumberLength(pn, m_recovery.largestAcked(PacketSpace::Application),
                                                    m_recovery.anyAcked(PacketSpace::Application));
  const std::uint32_t cid = m_config.connectionIdBytes;
  // 0-RTT packets use the long header (RFC 9000 section 17.2.3).
  const auto headerFor = [&](std::uint32_t payload) {
    return type == PacketType::ZeroRtt ? longHeaderBytes(type, cid, pnLength, payload)
                                       : shortHeaderBytes(cid, pnLength);
  };
  const std::uint32_t headerMax = headerFor(room);
  if (room < headerMax + kAeadTagBytes + 8) return 0;
  std::uint32_t avail = room - headerMax - kAeadTagBytes;
  std::uint32_t used = 0;
  const sim::SimTime now = m_sched->now();
  pk.packetNumber = static_cast<std::uint32_t>(pn);
  pk.type = type;
  d.setPacketNumberLength(0, pnLength);

  // An ACK rides along when the peer is owed one; acknowledging only its ACK-only packets would
  // cost every data packet bytes for nothing (RFC 9000 section 13.2.1 leaves this open).
  if (type == PacketType::OneRtt && (sp.acks.ackDue() || sp.acks.ackElicitingPending())) {
    attachAckFrame(pk, sp.acks, now, avail, used);
  }
  const bool probe = sp.probes > 0;
  if (probe || m_pingPending || congestionAllows()) {
    if (type == PacketType::OneRtt && m_handshakeDonePending && avail >= 1) {
      pk.frames |= frames::kHandshakeDone;  // RFC 9000 section 19.20
      m_handshakeDonePending = false;
      avail -= 1;
      used += 1;
    }
    if (type == PacketType::OneRtt && m_ticketPending) {
      const auto ticket = static_cast<std::uint32_t>(m_config.sessionTicketBytes);
      const std::uint32_t bytes = cryptoFrameOverhead(0, ticket) + ticket;
      if (bytes <= avail) {
        pk.frames |= frames::kSessionTicket;
        m_ticketPending = false;
        avail -= bytes;
        used += bytes;
      }
    }
    if (m_maxDataPending || !m_maxStreamDataPending.empty()) {
      FlowFrame f{};
      bool have = false;
      if (m_maxDataPending) {
        f = FlowFrame::make(kConnectionLevel, m_recvMaxData);
        have = true;
      } else {
        const std::uint64_t id = m_maxStreamDataPending.front();
        const Stream* s = findStream(id);
        if (s != nullptr && !s->recv.finalSizeKnown()) {
          f = FlowFrame::make(id, s->recv.maxData());
          have = true;
        } else {
          m_maxStreamDataPending.erase(m_maxStreamDataPending.begin());
        }
      }
      if (have && flowFrameBytes(f) <= avail) {
        pk.flow = f;
        pk.frames |= frames::kFlow;
        avail -= flowFrameBytes(f);
        used += flowFrameBytes(f);
        if (f.streamId == kConnectionLevel) {
          m_maxDataPending = false;
        } else {
          m_maxStreamDataPending.erase(m_maxStreamDataPending.begin());
        }
      }
    }
    if (probe || pacingAllows()) fillStreamFrames(pk, avail, used, applicationBytes);
  }
  bool eliciting = pk.streamFrameCount > 0 ||
                   (pk.frames & (frames::kHandshakeDone | frames::kSessionTicket | frames::kFlow)) != 0;
  if ((probe || m_pingPending) && !eliciting && avail >= 1) {
    pk.frames |= frames::kPing;
    used += 1;
    eliciting = true;
  }
  if (eliciting) m_pingPending = false;
  const bool ackOnly = (pk.frames & frames::kAck) != 0 && sp.acks.ackDue();
  if (!eliciting && !ackOnly) return 0;
  if (probe && eliciting) --sp.probes;
  if ((pk.frames & frames::kAck) != 0) sp.acks.onAckSent();

  const std::uint32_t size = headerFor(used + kAeadTagBytes) + used + kAeadTagBytes;
  record = sentRecord(pn, now, size, type, pk.frames, eliciting);
  record.flow = pk.flow;
  record.streamFrameCount = pk.streamFrameCount;
  std::copy(pk.streams, pk.streams + kMaxStreamFrames, record.streams);
  if (m_config.pacing && eliciting && !probe && m_recovery.rtt().hasSample()) {
    // RFC 9002 section 7.7: interval = smoothed_rtt * size / (N * cwnd), N = 1.25.
    const std::int64_t cwnd = static_cast<std::int64_t>(std::max<std::uint64_t>(1, congestionWindow()));
    const std::int64_t interval = m_recovery.rtt().smoothed().nanoseconds() * size * 4 / (5 * cwnd);
    m_nextPacedSend = std::max(m_nextPacedSend, now) + sim::Nanoseconds(interval);
  }
  return size;
}

void QuicConnection::fillStreamFrames(ShortPacket& pk, std::uint32_t& avail, std::uint32_t& used,
                                      std::uint32_t& applicationBytes) {
  std::uint64_t credit = m_peerMaxData > m_dataSent ? m_peerMaxData - m_dataSent : 0;
  // Appends the next frame of one stream (lost data before new data); false if none fits.
  const auto append = [&](std::uint64_t id, Stream& s) {
    const std::uint64_t offset = s.send.nextChunk(kUnlimited, credit).offset;
    const std::uint32_t overhead = streamFrameOverhead(id, offset, std::min(avail, kMaxFrameLength));
    if (avail <= overhead) return false;
    const StreamChunk chunk = s.send.nextChunk(std::min(avail - overhead, kMaxFrameLength), credit);
    if (chunk.length == 0 && !chunk.fin) return false;
    const std::uint64_t fresh = s.send.onSent(chunk);
    m_dataSent += fresh;
    credit -= std::min(credit, fresh);
    (chunk.retransmission ? m_stats.streamBytesRetransmitted : m_stats.streamBytesSent) += chunk.length;
    pk.streams[pk.streamFrameCount++] = StreamFrame::make(id, chunk.offset, chunk.length, chunk.fin);
    const std::uint32_t bytes = streamFrameOverhead(id, chunk.offset, chunk.length) + chunk.length;
    avail -= std::min(avail, bytes);
    used += bytes;
    applicationBytes += chunk.length;
    return true;
  };
  const auto full = [&] { return pk.streamFrameCount >= kMaxStreamFrames || avail <= 16; };
  // Repairs first: they unblock the receiver's in-order delivery of their stream.
  for (const std::uint64_t id : m_sendActive) {
    if (full()) return;
    Stream* s = findStream(id);
    if (s != nullptr && s->send.hasLostData()) append(id, *s);
  }
  // Then non-incremental streams one at a time, in ascending stream ID (RFC 9218 section 10:
  // "prioritizing bandwidth allocation in ascending order of the stream ID"): the lowest fills
  // the packet, the next takes what room its last frame left.
  if (m_nonIncrementalStreams > 0) {
    for (auto it = m_sendActive.begin(); it != m_sendActive.end() && !full();) {
      Stream* s = findStream(*it);
      if (s == nullptr || !s->send.hasSendable(credit)) {
        it = m_sendActive.erase(it);
        continue;
      }
      if (!s->incremental) {
        while (!full() && s->send.hasSendable(credit) && append(*it, *s)) {
        }
        if (!s->send.hasSendable(credit)) {
          it = m_sendActive.erase(it);
          continue;
        }
        if (!full()) return;  // its next frame does not fit: the packet is as full as it gets
      }
      ++it;
    }
  }
  // Then round robin over the incremental streams with something to send, starting after the
  // last one served, so that every stream progresses.
  auto it = m_sendActive.upper_bound(m_roundRobinCursor);
  for (std::size_t visits = m_sendActive.size(); visits > 0 && !m_sendActive.empty() && !full(); --visits) {
    if (it == m_sendActive.end()) it = m_sendActive.begin();
    const std::uint64_t id = *it;
    Stream* s = findStream(id);
    if (s == nullptr || !s->send.hasSendable(credit)) {
      it = m_sendActive.erase(it);
      continue;
    }
    if (!s->incremental) {
      ++it;
      continue;
    }
    if (append(id, *s)) m_roundRobinCursor = id;
    it = s->send.hasSendable(credit) ? std::next(it) : m_sendActive.erase(it);
  }
}

void QuicConnection::sendClose() {
  m_closePending = false;
  // CONNECTION_CLOSE in the highest space the peer can read (RFC 9000 section 10.2.3).
  QuicDatagram d{};
  d.dcid = m_peerCid;
  d.scid = m_localCid;
  d.packetCount = 1;
  SentPacket record;
  std::uint32_t size = 0;
  const std::uint32_t cid = m_config.connectionIdBytes;
  const sim::SimTime now = m_sched->now();
  const std::uint32_t payload = kConnectionCloseBytes + kAeadTagBytes;
  if (m_oneRttKeys || (m_role == Role::Server && m_confirmed)) {
    d.flags = datagram_flags::kShortForm;
    d.body.shortForm = ShortPacket{};
    ShortPacket& pk = d.body.shortForm;
    pk.type = PacketType::OneRtt;
    pk.packetNumber = static_cast<std::uint32_t>(m_recovery.nextPacketNumber(PacketSpace::Application));
    pk.frames = frames::kConnectionClose;
    d.setPacketNumberLength(0, 4);
    size = shortHeaderBytes(cid, 4) + payload;
    record.packetNumber = pk.packetNumber;
    record.type = pk.type;
  } else {
    const PacketSpace s = hasHandshakeKeys() ? PacketSpace::Handshake : PacketSpace::Initial;
    LongPacket& pk = d.body.longForm.packets[0];
    pk.type = s == PacketSpace::Handshake ? PacketType::Handshake : PacketType::Initial;
    pk.packetNumber = static_cast<std::uint32_t>(m_recovery.nextPacketNumber(s));
    pk.frames = frames::kConnectionClose;
    d.setPacketNumberLength(0, 4);
    size = longHeaderBytes(pk.type, cid, 4, payload) + payload;
    if (pk.type == PacketType::Initial && m_role == Role::Client && size < kMinInitialDatagram) {
      d.paddingBytes = static_cast<std::uint16_t>(kMinInitialDatagram - size);
      size = kMinInitialDatagram;
    }
    record.packetNumber = pk.packetNumber;
    record.type = pk.type;
  }
  record.timeSent = now;
  record.sizeBytes = size;
  record.frames = frames::kConnectionClose;
  transmit(d, size, 0, &record, &size, 1);
  enterClosed("application close");
}

void QuicConnection::transmit(const QuicDatagram& d, std::uint32_t bytes, std::uint32_t applicationBytes,
                              const SentPacket* records, const std::uint32_t* sizes, std::size_t count) {
  m_endpoint->sendDatagram(m_peer, d, bytes, applicationBytes);
  ++m_stats.datagramsSent;
  m_stats.bytesSent += bytes;
  m_amplificationSent += bytes;
  bool anyEliciting = false;
  for (std::size_t i = 0; i < count; ++i) {
    const SentPacket& r = records[i];
    ++m_stats.packetsSent;
    anyEliciting = anyEliciting || r.ackEliciting;
    if (packetSent.hasSubscribers()) {
      QuicPacketEvent e;
      e.time = r.timeSent;
      e.type = r.type;
      e.packetNumber = r.packetNumber;
      e.sizeBytes = sizes[i];
      e.datagramBytes = bytes;
      e.paddingBytes = i + 1 == count ? d.paddingBytes : 0;
      if (d.isShortForm()) {
        e.shortPacket = &d.body.shortForm;
      } else {
        e.longPacket = &d.body.longForm.packets[i];
        if ((d.flags & datagram_flags::kTransportParameters) != 0 && (r.frames & frames::kCrypto) != 0 &&
            r.cryptoOffset == 0) {
          e.parameters = &d.body.longForm.parameters;
        }
      }
      packetSent(e);
    }
    if (m_state != ConnectionState::Closed || (r.frames & frames::kConnectionClose) != 0) {
      m_recovery.onPacketSent(spaceOf(r.type), r);
    }
  }
  // RFC 9000 section 10.1: sending an ack-eliciting packet also restarts the idle timer.
  if (anyEliciting) {
    restartIdleTimer();
    m_recoverySend = false;  // the one packet allowed past the reduced window has gone
  }
}

}  // namespace wirelab::models::transport::quic
