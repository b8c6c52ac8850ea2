// File: models/transport/quic/loss_recovery.cpp
// RFC 9002 appendix A, function by function (the comments name the pseudocode they follow).
#include "models/transport/quic/loss_recovery.h"

#include <algorithm>
#include <string_view>
#include <utility>

namespace wirelab::models::transport::quic {

namespace {
constexpr PacketSpace kSpaces[] = {PacketSpace::Initial, PacketSpace::Handshake, PacketSpace::Application};
}

LossRecovery::LossRecovery(sim::Scheduler& sched, RecoveryHost& host,
                           std::unique_ptr<cc::CongestionController> controller, RecoveryConfig config)
    : m_sched(&sched),
      m_host(&host),
      m_cc(std::move(controller)),
      m_config(config),
      m_rtt(config.initialRtt),
      m_timer(sched) {}

void LossRecovery::removeFromFlight(Space& s, const SentPacket& p) {
  if (!p.inFlight) return;
  m_bytesInFlight -= p.sizeBytes;
  if (p.ackEliciting) --s.elicitingInFlight;
}

// RFC 9002 A.7 InCongestionRecovery(sent_time): sent_time <= congestion_recovery_start_time. A real
// clock always advances between detecting a loss and sending its repair; the simulator's does not
// (both happen at one instant), and comparing times alone would count the repair, sent at the very
// instant recovery began, as sent before it, keeping the window from growing and the recovery
// period open for an extra round trip. Packets sent at that instant are told apart by number.
bool LossRecovery::sentBeforeRecovery(PacketSpace space, const SentPacket& p) const {
  if (!m_recoveryStartSet) return false;
  if (p.timeSent != m_recoveryStart) return p.timeSent < m_recoveryStart;
  return p.packetNumber < m_recoveryStartNext[indexOf(space)];
}

bool LossRecovery::congestionAllowsDatagram() const {
  if (m_inRecovery && m_config.proportionalRateReduction) return m_prr.allows(m_bytesInFlight);
  return m_bytesInFlight + m_config.maxDatagramBytes <= m_cc->cwndBytes();
}

// A.5 OnPacketSent.
void LossRecovery::onPacketSent(PacketSpace space, const SentPacket& packet) {
  Space& s = m_spaces[indexOf(space)];
  s.sent.push(packet);
  if (packet.inFlight) {
    if (packet.ackEliciting) {
      s.timeOfLastAckEliciting = packet.timeSent;
      ++s.elicitingInFlight;
    }
    m_bytesInFlight += packet.sizeBytes;
    if (m_inRecovery) m_prr.onSent(packet.sizeBytes);
    m_cc->onPacketSent(packet.timeSent, packet.sizeBytes);
  }
  setLossDetectionTimer();
}

// A.7 OnAckReceived, with A.7's OnPacketsAcked (congestion control, RFC 9002 7.3).
void LossRecovery::onAckReceived(PacketSpace space, const AckFrame& ack, sim::Duration peerMaxAckDelay) {
  if (m_shutdown) return;
  const sim::SimTime now = m_sched->now();
  Space& s = m_spaces[indexOf(space)];
  const AckRanges ranges = decodeAckRanges(ack);
  // An ACK of a packet never sent would be a PROTOCOL_VIOLATION; the model ignores it.
  if (ranges.count == 0 || ranges.largest[0] >= s.sent.endNumber()) return;
  if (!s.anyAcked || ranges.largest[0] > s.largestAcked) {
    s.largestAcked = ranges.largest[0];
    s.anyAcked = true;
  }

  m_acked.clear();
  bool anyEliciting = false;
  const SentPacket* largestNewly = nullptr;
  for (std::size_t i = 0; i < ranges.count; ++i) {
    const std::uint64_t lo = std::max(ranges.smallest[i], s.sent.firstNumber());
    if (s.sent.endNumber() == 0) break;
    const std::uint64_t hi = std::min(ranges.largest[i], s.sent.endNumber() - 1);
    for (std::uint64_t pn = lo; pn <= hi && pn >= lo; ++pn) {
      SentPacket* p = s.sent.find(pn);
      if (p == nullptr || p->state != SentState::Outstanding) continue;
      p->state = SentState::Acked;
      removeFromFlight(s, *p);
      anyEliciting = anyEliciting || p->ackEliciting;
      if (largestNewly == nullptr || p->packetNumber > largestNewly->packetNumber) largestNewly = p;
      m_acked.push_back(*p);
    }
  }
  if (m_acked.empty()) return;

  // RFC 9002 5.1: a sample only when the largest acknowledged is newly acknowledged and at least
  // one newly acknowledged packet was ack-eliciting. Initial ACK delays are ignored (5.3).
  bool sampled = false;
  if (largestNewly->packetNumber == ranges.largest[0] && anyEliciting) {
    const sim::Duration ackDelay =
        space == PacketSpace::Initial ? sim::Duration::zero() : sim::Microseconds(ack.delayMicros);
    m_rtt.addSample(now - largestNewly->timeSent, ackDelay, peerMaxAckDelay, m_host->handshakeConfirmed(),
                    now);
    sampled = true;
  }
  const std::uint64_t largestNewlyNumber = largestNewly->packetNumber;
  // Frames first: what this ACK confirms must not be queued again by the losses it reveals.
  for (const SentPacket& p : m_acked) m_host->onPacketAcked(space, p);

  m_lost.clear();
  m_lostCause.clear();
  detectLostPackets(space, now);
  if (!m_lost.empty()) onPacketsLost(now);

  std::uint64_t total = 0;
  std::uint64_t growth = 0;
  bool exitRecovery = false;
  for (const SentPacket& p : m_acked) {
    const bool beforeRecovery = sentBeforeRecovery(space, p);
    if (p.inFlight) {
      total += p.sizeBytes;
      // RFC 9002 7.3.2 / A.7 OnPacketAcked: packets sent before recovery began do not grow cwnd.
      if (!beforeRecovery) growth += p.sizeBytes;
    }
    if (m_inRecovery && !beforeRecovery) exitRecovery = true;
  }
  // RFC 6937 section 3: DeliveredData of every ACK in recovery counts, that of the ACK that starts
  // it included (RFC 9937 section 4: "on every ACK starting or during fast recovery"), as in
  // Linux (tcp_cong_control() after tcp_fastretrans_alert()) and Chromium's QUIC
  // (TcpCubicSenderBytes::OnCongestionEvent: losses first, then acks into PRR). Leaving it out let
  // only the repair go on that ACK and held the rest of its share back until the next one.
  // RFC 9002 7.3.2 points to RFC 6937, whose PRR-SSRB grants the extra datagram on every ACK.
  if (m_inRecovery) m_prr.onDelivered(total, m_config.maxDatagramBytes, /*safeAck=*/true);
  // The recovery period ends when a packet sent after it began is acknowledged (RFC 9002 7.3.2).
  if (exitRecovery) {
    m_inRecovery = false;
    m_cc->onRecoveryExit(now);
  }
  if (space == PacketSpace::Application && largestNewlyNumber >= m_roundEnd) {
    ++m_roundTrips;
    m_roundEnd = s.sent.endNumber();
  }
  if (total > 0) {
    cc::AckEvent ev;
    ev.now = now;
    ev.bytesAcked = growth > 0 ? growth : total;
    ev.bytesInFlight = m_bytesInFlight;
    ev.rttSample = sampled ? m_rtt.latest() : sim::Duration::zero();
    ev.smoothedRtt = m_rtt.smoothed();
    ev.minRtt = m_rtt.min();
    ev.inRecovery = m_inRecovery || growth == 0;
    ev.applicationLimited = m_host->applicationLimited();
    ev.roundTripCount = m_roundTrips;
    m_cc->onAck(ev);
  }
  // A.7: reset the PTO backoff once the peer is known to have validated our address.
  if (m_host->peerCompletedAddressValidation()) m_ptoCount = 0;
  s.sent.popResolved();
  setLossDetectionTimer();
  m_host->onRecoveryMetrics(m_cc->lastCause());
}

// A.10 DetectAndRemoveLostPackets (RFC 9002 6.1): packet threshold, then time threshold.
void LossRecovery::detectLostPackets(PacketSpace space, sim::SimTime now) {
  Space& s = m_spaces[indexOf(space)];
  s.lossTimeSet = false;
  m_lostSpace = space;
  if (!s.anyAcked || s.sent.empty()) return;
  // loss_delay = 9/8 * max(smoothed_rtt, latest_rtt), at least kGranularity (RFC 9002 6.1.2).
  const sim::Duration base = std::max(m_rtt.latest(), m_rtt.smoothed());
  const sim::Duration lossDelay = std::max(base * 9 / 8, m_config.granularity);
  const sim::SimTime lostSendTime = now - lossDelay;
  const std::uint64_t hi = std::min(s.largestAcked, s.sent.endNumber() - 1);
  for (std::uint64_t pn = s.sent.firstNumber(); pn <= hi; ++pn) {
    SentPacket* p = s.sent.find(pn);
    if (p == nullptr || p->state != SentState::Outstanding) continue;
    const char* cause = nullptr;
    if (s.largestAcked >= pn + m_config.packetThreshold) {
      cause = kCausePacketThreshold;
    } else if (p->timeSent <= lostSendTime) {
      cause = kCauseTimeThreshold;
    }
    if (cause != nullptr) {
      p->state = SentState::Lost;
      removeFromFlight(s, *p);
      m_lost.push_back(*p);
      m_lostCause.push_back(cause);
      continue;
    }
    const sim::SimTime when = p->timeSent + lossDelay;
    if (!s.lossTimeSet || when < s.lossTime) {
      s.lossTime = when;
      s.lossTimeSet = true;
    }
  }
}

// A.9 OnPacketsLost / OnCongestionEvent (RFC 9002 7.3.2) and persistent congestion (7.6).
void LossRecovery::onPacketsLost(sim::SimTime now) {
  bool newEpisode = false;
  std::uint64_t lostBytes = 0;
  for (std::size_t i = 0; i < m_lost.size(); ++i) {
    const SentPacket& p = m_lost[i];
    if (p.inFlight) {
      ++m_counters.packetsLost;
      lostBytes += p.sizeBytes;
      if (std::string_view(m_lostCause[i]) == kCausePacketThreshold) {
        ++m_counters.lostByPacketThreshold;
      } else {
        ++m_counters.lostByTimeThreshold;
      }
      // RFC 9002 7.3.2: only a packet sent after the current recovery period began starts another.
      if (!sentBeforeRecovery(m_lostSpace, p)) newEpisode = true;
    }
    m_host->onPacketLost(m_lostSpace, p, m_lostCause[i]);
  }
  if (newEpisode) {
    // A new loss episode: one multiplicative decrease, then a recovery period.
    m_recoveryStart = now;
    m_recoveryStartSet = true;
    for (const PacketSpace sp : kSpaces) m_recoveryStartNext[indexOf(sp)] = nextPacketNumber(sp);
    m_inRecovery = true;
    ++m_counters.congestionEvents;
    // RFC 9002 7.3.2 and B.6: QUIC halves the congestion window itself (ssthresh = cwnd x 0.5),
    // not the bytes still in flight as RFC 5681's equation 4 does for TCP: by the time losses are
    // declared the lost packets have left bytes_in_flight, which would cut the window twice.
    m_cc->onCongestionEvent(now, m_cc->cwndBytes());
    // RecoverFS: the flight when the loss was detected, the lost packets included (RFC 6937 3).
    m_prr.onEnterRecovery(m_bytesInFlight + lostBytes, m_cc->cwndBytes());
    m_host->onCongestionEvent();
  }
  if (persistentCongestion()) {
    ++m_counters.persistentCongestion;
    m_cc->onRetransmissionTimeout(now, m_bytesInFlight);
    m_recoveryStartSet = false;
    m_inRecovery = false;
    m_host->onRecoveryMetrics("persistent congestion");
  }
  m_spaces[indexOf(m_lostSpace)].sent.popResolved();
}

bool LossRecovery::persistentCongestion() const {
  // RFC 9002 7.6.2: two ack-eliciting packets lost, both sent after the first RTT sample, further
  // apart than the persistent congestion duration, and nothing sent between them acknowledged.
  if (!m_rtt.hasSample()) return false;
  const SentPacket* first = nullptr;
  const SentPacket* last = nullptr;
  for (const SentPacket& p : m_lost) {
    if (!p.ackEliciting || p.timeSent <= m_rtt.firstSampleTime()) continue;
    if (first == nullptr) first = &p;
    last = &p;
  }
  if (first == nullptr || first == last) return false;
  const sim::Duration duration =
      (m_rtt.smoothed() + std::max(m_rtt.variance() * 4, m_config.granularity) + m_peerMaxAckDelay) *
      m_config.persistentCongestionThreshold;
  if (last->timeSent - first->timeSent <= duration) return false;
  const SentPacketQueue& queue = m_spaces[indexOf(m_lostSpace)].sent;
  for (std::uint64_t pn = first->packetNumber; pn <= last->packetNumber; ++pn) {
    const SentPacket* p = queue.find(pn);
    if (p != nullptr && p->state == SentState::Acked) return false;
  }
  return true;
}

bool LossRecovery::earliestLossTime(sim::SimTime& time, PacketSpace& space) const {
  bool found = false;
  for (const PacketSpace sp : kSpaces) {
    const Space& s = m_spaces[indexOf(sp)];
    if (s.lossTimeSet && (!found || s.lossTime < time)) {
      time = s.lossTime;
      space = sp;
      found = true;
    }
  }
  return found;
}

sim::Duration LossRecovery::backedOff(sim::Duration d) const {
  return d * (std::int64_t{1} << std::min<std::uint32_t>(m_ptoCount, 20));
}

sim::Duration LossRecovery::probeTimeout() const {
  return m_rtt.smoothed() + std::max(m_rtt.variance() * 4, m_config.granularity) + m_peerMaxAckDelay;
}

// A.8 GetPtoTimeAndSpace (RFC 9002 6.2.1).
bool LossRecovery::ptoTimeAndSpace(sim::SimTime& time, PacketSpace& space) const {
  const sim::Duration duration =
      backedOff(m_rtt.smoothed() + std::max(m_rtt.variance() * 4, m_config.granularity));
  const bool anyInFlight =
      std::any_of(m_spaces.begin(), m_spaces.end(), [](const Space& s) { return s.elicitingInFlight > 0; });
  if (!anyInFlight) {
    // Client anti-deadlock (RFC 9002 6.2.2.1): arm from now.
    time = m_sched->now() + duration;
    space = m_host->hasHandshakeKeys() ? PacketSpace::Handshake : PacketSpace::Initial;
    return true;
  }
  bool found = false;
  for (const PacketSpace sp : kSpaces) {
    const Space& s = m_spaces[indexOf(sp)];
    if (s.elicitingInFlight == 0) continue;
    sim::Duration d = duration;
    if (sp == PacketSpace::Application) {
      // RFC 9002 6.2.1: no application-data PTO before the handshake is confirmed.
      if (!m_host->handshakeConfirmed()) return found;
      d += backedOff(m_peerMaxAckDelay);
    }
    const sim::SimTime t = s.timeOfLastAckEliciting + d;
    if (!found || t < time) {
      time = t;
      space = sp;
      found = true;
    }
  }
  return found;
}

// A.8 SetLossDetectionTimer.
void LossRecovery::setLossDetectionTimer() {
  if (m_shutdown) return;
  sim::SimTime when;
  PacketSpace space = PacketSpace::Initial;
  if (!earliestLossTime(when, space)) {
    const bool anyInFlight =
        std::any_of(m_spaces.begin(), m_spaces.end(), [](const Space& s) { return s.elicitingInFlight > 0; });
    // A server blocked by the anti-amplification limit could not send a probe (RFC 9002 6.2.2.1).
    if (m_host->atAmplificationLimit() || (!anyInFlight && m_host->peerCompletedAddressValidation()) ||
        !ptoTimeAndSpace(when, space)) {
      m_timer.cancel();
      return;
    }
  }
  m_timer.armAt(std::max(when, m_sched->now()), [this] { lossTimeout(); });
}

// A.9 OnLossDetectionTimeout.
void LossRecovery::lossTimeout() {
  const sim::SimTime now = m_sched->now();
  sim::SimTime when;
  PacketSpace space = PacketSpace::Initial;
  if (earliestLossTime(when, space)) {
    m_lost.clear();
    m_lostCause.clear();
    detectLostPackets(space, now);
    if (!m_lost.empty()) onPacketsLost(now);
    setLossDetectionTimer();
    m_host->onRecoveryMetrics(m_cc->lastCause());
    return;
  }
  if (!ptoTimeAndSpace(when, space)) return;
  ++m_ptoCount;
  ++m_counters.probeTimeouts;
  m_host->onProbeTimeout(space);
  setLossDetectionTimer();
  m_host->onRecoveryMetrics(kCausePto);
}

// A.11 OnPacketNumberSpaceDiscarded.
void LossRecovery::discardSpace(PacketSpace space) {
  Space& s = m_spaces[indexOf(space)];
  for (std::uint64_t pn = s.sent.firstNumber(); pn < s.sent.endNumber(); ++pn) {
    SentPacket* p = s.sent.find(pn);
    if (p != nullptr && p->state == SentState::Outstanding) removeFromFlight(s, *p);
  }
  s.sent.clear();
  s.lossTimeSet = false;
  s.elicitingInFlight = 0;
  m_ptoCount = 0;
  setLossDetectionTimer();
}

void LossRecovery::declareLost(PacketSpace space, PacketType type, const char* cause) {
  Space& s = m_spaces[indexOf(space)];
  for (std::uint64_t pn = s.sent.firstNumber(); pn < s.sent.endNumber(); ++pn) {
    SentPacket* p = s.sent.find(pn);
    if (p == nullptr || p->state != SentState::Outstanding || p->type != type) continue;
    p->state = SentState::Lost;
    removeFromFlight(s, *p);
    const SentPacket copy = *p;
    m_host->onPacketLost(space, copy, cause);
  }
  s.sent.popResolved();
  setLossDetectionTimer();
}

const SentPacket* LossRecovery::oldestOutstanding(PacketSpace space) const {
  const SentPacketQueue& queue = m_spaces[indexOf(space)].sent;
  for (std::uint64_t pn = queue.firstNumber(); pn < queue.endNumber(); ++pn) {
    const SentPacket* p = queue.find(pn);
    if (p->state == SentState::Outstanding && p->ackEliciting) return p;
  }
  return nullptr;
}

void LossRecovery::shutdown() {
  m_shutdown = true;
  m_timer.cancel();
}

}  // namespace wirelab::models::transport::quic
