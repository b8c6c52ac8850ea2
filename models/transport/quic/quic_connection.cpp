// File: models/transport/quic/quic_connection.cpp
// Lifecycle of a connection: handshake progress (RFC 9001 section 4), key discarding (RFC 9001
// 4.9), the application API, stream bookkeeping, what happens to the frames of acknowledged and
// lost packets, and the timers. Receiving and sending live in their own files.
#include "models/transport/quic/quic_connection.h"

#include <algorithm>
#include <stdexcept>
#include <string>

#include "models/transport/quic/quic_endpoint.h"

namespace wirelab::models::transport::quic {

const char* toString(Role role) { return role == Role::Client ? "client" : "server"; }

const char* toString(ConnectionState state) {
  switch (state) {
    case ConnectionState::Idle:
      return "idle";
    case ConnectionState::Attempted:
      return "attempted";
    case ConnectionState::HandshakeStarted:
      return "handshake_started";
    case ConnectionState::HandshakeComplete:
      return "handshake_complete";
    case ConnectionState::HandshakeConfirmed:
      return "handshake_confirmed";
    case ConnectionState::Closed:
      return "closed";
  }
  return "unknown";
}

namespace {
RecoveryConfig recoveryConfig(const QuicConfig& c) {
  RecoveryConfig r;
  r.packetThreshold = static_cast<std::uint32_t>(c.packetThreshold);
  r.initialRtt = c.initialRtt;
  r.proportionalRateReduction = c.proportionalRateReduction;
  r.maxDatagramBytes = c.maxDatagramBytes();
  return r;
}
}  // namespace

QuicConnection::QuicConnection(QuicEndpoint& endpoint, Role role, const QuicConfig& config, Endpoint peer,
                               std::uint32_t localCid, std::uint32_t peerCid, std::uint32_t originalDcid)
    : m_endpoint(&endpoint),
      m_sched(&endpoint.scheduler()),
      m_role(role),
      m_config(config),
      m_peer(peer),
      m_localCid(localCid),
      m_peerCid(peerCid),
      m_originalDcid(originalDcid),
      m_spaces{{SpaceState(true, config), SpaceState(true, config), SpaceState(false, config)}},
      m_recovery(endpoint.scheduler(), *this, config.makeController(), recoveryConfig(config)),
      m_recvMaxData(static_cast<std::uint64_t>(config.initialMaxData)),
      m_flushTimer(endpoint.scheduler()),
      m_ackTimer(endpoint.scheduler()),
      m_idleTimer(endpoint.scheduler()),
      m_pacingTimer(endpoint.scheduler()) {
  // Both ends derive Initial keys from the client's first destination connection ID.
  space(PacketSpace::Initial).sendKeys = true;
  m_recovery.setPeerMaxAckDelay(config.maxAckDelay);
}

QuicConnection::~QuicConnection() = default;

Endpoint QuicConnection::local() const { return m_endpoint->localEndpoint(); }

void QuicConnection::setState(ConnectionState to, const char* cause) {
  const ConnectionState from = m_state;
  m_state = to;
  stateChanged(QuicStateEvent{m_sched->now(), from, to, cause});
}

// ---------------------------------------------------------------------------------------------
// Handshake (RFC 9001 section 4.1; message sizes from QuicConfig)

void QuicConnection::start(const SessionTicket* ticket) {
  SpaceState& initial = space(PacketSpace::Initial);
  initial.cryptoOut.write(static_cast<std::uint64_t>(m_config.clientHelloBytes), true);
  if (ticket != nullptr) {
    // 0-RTT: the remembered server parameters bound what may be sent before the handshake
    // completes (RFC 9000 section 7.4.1).
    m_resumption = true;
    m_zeroRttOpen = true;
    m_stats.zeroRttAttempted = true;
    applyPeerParameters(ticket->parameters);
  }
  setState(ConnectionState::Attempted, m_resumption ? "connect with 0-RTT" : "connect");
  restartIdleTimer();
  requestFlush();
}

void QuicConnection::onCryptoComplete(PacketSpace s) {
  const auto cryptoBytes = [](std::int64_t v) { return static_cast<std::uint64_t>(v); };
  if (m_role == Role::Server && s == PacketSpace::Initial) {
    // ClientHello complete: answer with ServerHello (Initial) and the rest of the flight
    // (Handshake); a resumption needs no certificate (RFC 8446 section 2.2).
    // The model's tickets never expire, so an offered PSK always resumes; early data is
    // accepted when this server allows 0-RTT.
    const bool resumed = m_resumption;
    const bool earlyData = resumed && m_config.enableZeroRtt;
    space(PacketSpace::Initial).cryptoOut.write(cryptoBytes(m_config.serverHelloBytes), true);
    space(PacketSpace::Handshake)
        .cryptoOut.write(
            cryptoBytes(resumed ? m_config.serverResumedHandshakeBytes : m_config.serverHandshakeBytes),
            true);
    space(PacketSpace::Handshake).sendKeys = true;
    space(PacketSpace::Application).sendKeys = true;  // 0.5-RTT data may follow the flight
    if (earlyData) {
      m_zeroRttOpen = true;
      m_stats.zeroRttAccepted = true;
    }
    setState(ConnectionState::HandshakeStarted, earlyData ? "0-RTT accepted"
                                                : resumed ? "ClientHello received (0-RTT rejected)"
                                                          : "ClientHello received");
    replayBuffered();
  } else if (m_role == Role::Client && s == PacketSpace::Initial) {
    // ServerHello: Handshake keys.
    space(PacketSpace::Handshake).sendKeys = true;
    setState(ConnectionState::HandshakeStarted, "server Initial received");
    replayBuffered();
  } else if (m_role == Role::Client && s == PacketSpace::Handshake) {
    // The server's flight is complete: send Finished; 1-RTT keys are ready (RFC 9001 4.1.1).
    space(PacketSpace::Handshake).cryptoOut.write(cryptoBytes(m_config.clientFinishedBytes), true);
    space(PacketSpace::Application).sendKeys = true;
    m_zeroRttOpen = false;
    m_oneRttKeys = true;
    m_stats.handshakeCompleteAt = m_sched->now();
    setState(ConnectionState::HandshakeComplete, "handshake complete");
    for (auto& [id, stream] : m_streams) m_sendActive.insert(id);
    replayBuffered();
  } else if (m_role == Role::Server && s == PacketSpace::Handshake) {
    // Client Finished: complete and, for a server, confirmed (RFC 9001 4.1.2).
    m_oneRttKeys = true;
    m_stats.handshakeCompleteAt = m_sched->now();
    setState(ConnectionState::HandshakeComplete, "handshake complete");
    m_handshakeDonePending = true;
    m_ticketPending = m_config.issueSessionTickets;
    confirmHandshake("handshake confirmed");
    replayBuffered();
  }
}

void QuicConnection::confirmHandshake(const char* cause) {
  if (m_confirmed) return;
  m_confirmed = true;
  m_stats.handshakeConfirmedAt = m_sched->now();
  setState(ConnectionState::HandshakeConfirmed, cause);
  // RFC 9001 section 4.9.2: Handshake keys go once the handshake is confirmed.
  discardSpace(PacketSpace::Handshake);
}

void QuicConnection::discardSpace(PacketSpace s) {
  SpaceState& sp = space(s);
  if (sp.discarded) return;
  sp.discarded = true;
  sp.sendKeys = false;
  sp.probes = 0;
  m_recovery.discardSpace(s);
}

bool QuicConnection::hasHandshakeKeys() const {
  const SpaceState& hs = space(PacketSpace::Handshake);
  return hs.sendKeys && !hs.discarded;
}

bool QuicConnection::peerCompletedAddressValidation() const {
  // RFC 9002 appendix A.6: servers are assumed to have validated the client's address.
  return m_role == Role::Server || m_confirmed || m_handshakeAckReceived;
}

bool QuicConnection::atAmplificationLimit() const {
  return m_role == Role::Server && !m_addressValidated && amplificationCredit() < 64;
}

std::uint64_t QuicConnection::amplificationCredit() const {
  if (m_role == Role::Client || m_addressValidated) return UINT64_MAX;
  const std::uint64_t limit = 3 * m_amplificationReceived;  // RFC 9000 section 8.1
  return limit > m_amplificationSent ? limit - m_amplificationSent : 0;
}

void QuicConnection::applyPeerParameters(const TransportParameters& p) {
  m_haveParams = true;
  m_peerParams = p;
  m_peerMaxData = std::max<std::uint64_t>(m_peerMaxData, p.initialMaxData);
  m_recovery.setPeerMaxAckDelay(sim::Milliseconds(p.maxAckDelayMillis));
  for (auto& [id, stream] : m_streams) {
    stream.send.setMaxData(p.initialMaxStreamData);
    m_sendActive.insert(id);
  }
}

TransportParameters QuicConnection::localParameters() const {
  TransportParameters p{};
  p.initialMaxData = static_cast<std::uint32_t>(m_config.initialMaxData);
  p.initialMaxStreamData = static_cast<std::uint32_t>(m_config.initialMaxStreamData);
  p.initialMaxStreamsBidi = static_cast<std::uint16_t>(m_config.initialMaxStreamsBidi);
  p.maxAckDelayMillis = static_cast<std::uint16_t>(m_config.maxAckDelay.nanoseconds() / 1'000'000);
  return p;
}

void QuicConnection::enterClosed(const char* cause) {
  if (m_state == ConnectionState::Closed) return;
  m_recovery.shutdown();
  m_flushTimer.cancel();
  m_ackTimer.cancel();
  m_idleTimer.cancel();
  m_pacingTimer.cancel();
  m_buffered.clear();
  setState(ConnectionState::Closed, cause);
  m_endpoint->connectionClosed(*this);
}

// ---------------------------------------------------------------------------------------------
// Application API

std::uint64_t QuicConnection::openStream() {
  const std::uint64_t limit = m_haveParams ? m_peerParams.initialMaxStreamsBidi
                                           : static_cast<std::uint64_t>(m_config.initialMaxStreamsBidi);
  if (m_localStreamsOpened >= limit) {
    throw std::logic_error("quic: stream limit reached (" + std::to_string(limit) +
                           " bidirectional streams; MAX_STREAMS is not modelled)");
  }
  // RFC 9000 section 2.1: the two low bits say who opened the stream; bit 0 is 1 for servers.
  const std::uint64_t id = m_localStreamsOpened * 4 + (m_role == Role::Server ? 1 : 0);
  ++m_localStreamsOpened;
  createStream(id);
  return id;
}

QuicConnection::Stream& QuicConnection::createStream(std::uint64_t id) {
  auto [it, inserted] = m_streams.try_emplace(id);
  if (inserted) {
    it->second.recv = RecvStream(static_cast<std::uint64_t>(m_config.initialMaxStreamData));
    // Until the peer's transport parameters are known, nothing may be sent on the stream.
    it->second.send = SendStream(m_haveParams ? m_peerParams.initialMaxStreamData : 0);
  }
  return it->second;
}

QuicConnection::Stream* QuicConnection::findStream(std::uint64_t id) {
  auto it = m_streams.find(id);
  return it == m_streams.end() ? nullptr : &it->second;
}

void QuicConnection::send(std::uint64_t streamId, std::uint64_t bytes, bool fin) {
  if (m_state == ConnectionState::Closed) return;
  Stream* s = findStream(streamId);
  if (s == nullptr) throw std::logic_error("quic: send on unknown stream " + std::to_string(streamId));
  s->send.write(bytes, fin);
  m_sendActive.insert(streamId);
  requestFlush();
}

void QuicConnection::setIncremental(std::uint64_t streamId, bool incremental) {
  Stream* s = findStream(streamId);
  if (s == nullptr)
    throw std::logic_error("quic: setIncremental on unknown stream " + std::to_string(streamId));
  if (s->incremental == incremental) return;
  s->incremental = incremental;
  m_nonIncrementalStreams += incremental ? -1 : 1;
}

void QuicConnection::close() {
  if (m_state == ConnectionState::Closed || m_closePending) return;
  m_closePending = true;
  requestFlush();
}

void QuicConnection::migrate(QuicEndpoint& newLocal) {
  if (&newLocal == m_endpoint || m_state == ConnectionState::Closed) return;
  const Endpoint from = local();
  m_endpoint->moveConnection(*this, newLocal);  // calls setEndpoint
  ++m_stats.migrations;
  pathChanged(QuicPathEvent{m_sched->now(), from, local(), "local address changed (migration)"});
  // A non-probing packet from the new address lets the server switch at once (RFC 9000 9.3).
  m_pingPending = true;
  requestFlush();
}

std::uint64_t QuicConnection::streamBytesDelivered(std::uint64_t streamId) const {
  auto it = m_streams.find(streamId);
  return it == m_streams.end() ? 0 : it->second.recv.delivered();
}

// ---------------------------------------------------------------------------------------------
// The fate of frames (RecoveryHost)

void QuicConnection::onPacketAcked(PacketSpace s, const SentPacket& p) {
  if ((p.frames & frames::kCrypto) != 0 && !space(s).discarded) {
    space(s).cryptoOut.onAcked(p.cryptoOffset, p.cryptoLength, p.cryptoFin);
  }
  for (std::size_t i = 0; i < p.streamFrameCount; ++i) {
    const StreamFrame& f = p.streams[i];
    if (Stream* stream = findStream(f.streamId)) stream->send.onAcked(f.offset(), f.length(), f.fin());
  }
  // RFC 9001 section 4.1.2: a client may treat an acknowledged 1-RTT packet as confirmation.
  if (m_role == Role::Client && p.type == PacketType::OneRtt) m_confirmPending = true;
}

void QuicConnection::onPacketLost(PacketSpace s, const SentPacket& p, const char* cause) {
  if (!p.inFlight) return;
  packetLost(QuicLossEvent{m_sched->now(), p.type, p.packetNumber, p.sizeBytes, cause});
  if (p.ackEliciting) retransmitFrames(s, p, cause);
}

void QuicConnection::retransmitFrames(PacketSpace s, const SentPacket& p, const char* cause) {
  std::uint32_t count = 0;
  std::uint64_t streamBytes = 0;
  // Frames whose data the peer acknowledged in another packet are not counted: nothing is resent.
  if ((p.frames & frames::kCrypto) != 0 && !space(s).discarded) {
    const StreamChunk r = space(s).cryptoOut.onLost(p.cryptoOffset, p.cryptoLength, p.cryptoFin);
    if (r.length > 0 || r.fin) ++count;
  }
  for (std::size_t i = 0; i < p.streamFrameCount; ++i) {
    const StreamFrame& f = p.streams[i];
    if (Stream* stream = findStream(f.streamId)) {
      const StreamChunk r = stream->send.onLost(f.offset(), f.length(), f.fin());
      if (r.length == 0 && !r.fin) continue;
      m_sendActive.insert(f.streamId);
      streamBytes += r.length;
      ++count;
    }
  }
  if ((p.frames & frames::kFlow) != 0) {
    // Flow control updates are not repeated as they were: the current limit is sent instead.
    if (p.flow.streamId == kConnectionLevel) {
      m_maxDataPending = true;
    } else if (std::find(m_maxStreamDataPending.begin(), m_maxStreamDataPending.end(), p.flow.streamId) ==
               m_maxStreamDataPending.end()) {
      m_maxStreamDataPending.push_back(p.flow.streamId);
    }
    ++count;
  }
  if (s == PacketSpace::Application && (p.frames & frames::kHandshakeDone) != 0) {
    m_handshakeDonePending = true;
    ++count;
  }
  if (s == PacketSpace::Application && (p.frames & frames::kSessionTicket) != 0) {
    m_ticketPending = true;
    ++count;
  }
  if (count == 0) return;
  m_stats.framesRetransmitted += count;
  framesRetransmitted(QuicRetransmitEvent{m_sched->now(), s, p.packetNumber, count, streamBytes, cause});
  requestFlush();
}

void QuicConnection::onProbeTimeout(PacketSpace s) {
  SpaceState& sp = space(s);
  // RFC 9002 section 6.2.4: one or two ack-eliciting packets, new data if there is any,
  // otherwise copies of the oldest data in flight.
  sp.probes = 2;
  const bool newData = s == PacketSpace::Application
                           ? streamDataSendable()
                           : sp.cryptoOut.sentOffset() < sp.cryptoOut.written() || sp.cryptoOut.hasLostData();
  if (!newData) {
    if (const SentPacket* oldest = m_recovery.oldestOutstanding(s)) {
      const SentPacket copy = *oldest;
      retransmitFrames(s, copy, kCausePto);
    }
  }
  requestFlush();
}

void QuicConnection::onRecoveryMetrics(const char* cause) {
  if (!metricsUpdated.hasSubscribers()) return;
  const cc::CongestionController& c = m_recovery.controller();
  const RttEstimator& r = m_recovery.rtt();
  QuicMetricsEvent e;
  e.time = m_sched->now();
  e.congestionWindow = c.cwndBytes();
  e.ssthresh = c.ssthreshBytes();
  e.bytesInFlight = m_recovery.bytesInFlight();
  e.smoothedRtt = r.smoothed();
  e.latestRtt = r.latest();
  e.minRtt = r.min();
  e.rttVariance = r.variance();
  e.ptoCount = m_recovery.ptoCount();
  e.cause = cause;
  metricsUpdated(e);
}

// ---------------------------------------------------------------------------------------------
// Timers

void QuicConnection::restartIdleTimer() {
  // RFC 9000 section 10.1: the effective timeout is at least three PTOs.
  const sim::Duration timeout = std::max(m_config.idleTimeout, m_recovery.probeTimeout() * 3);
  m_idleTimer.arm(timeout, [this] { enterClosed("idle timeout"); });
}

void QuicConnection::requestFlush() {
  // Sending happens in an event of its own at the same instant, never from inside the receive
  // path or an application callback, so a callback may call send() or close() freely.
  if (m_state == ConnectionState::Closed || m_flushTimer.isArmed()) return;
  m_flushTimer.arm(sim::Duration::zero(), [this] { flush(); });
}

void QuicConnection::updateAckTimer() {
  const AckTracker& acks = space(PacketSpace::Application).acks;
  if (!acks.delayedAckPending()) {
    m_ackTimer.cancel();
    return;
  }
  // RFC 9000 section 13.2.1: acknowledge within max_ack_delay.
  const sim::SimTime deadline = std::max(acks.ackDeadline(), m_sched->now());
  if (m_ackTimer.isArmed() && m_ackTimer.deadline() == deadline) return;
  m_ackTimer.armAt(deadline, [this] {
    space(PacketSpace::Application).acks.forceAck();
    flush();
  });
}

}  // namespace wirelab::models::transport::quic
