// File: models/transport/quic/loss_recovery.h
// Loss detection and congestion control glue of RFC 9002 for one connection, written after its
// appendix A: sent packets per packet-number space, ACK processing with RTT samples, packet- and
// time-threshold loss detection, the probe timeout with exponential backoff, bytes in flight, the
// recovery period (one congestion event per episode) and persistent congestion. The connection
// supplies the frames' fate and the handshake facts through RecoveryHost.
#pragma once

#include <array>
#include <cstdint>
#include <memory>
#include <vector>

#include "models/transport/cc/congestion_controller.h"
#include "models/transport/cc/prr.h"
#include "models/transport/quic/rtt_estimator.h"
#include "models/transport/quic/sent_packet.h"
#include "sim/core/scheduler.h"
#include "sim/core/timer.h"

namespace wirelab::models::transport::quic {

// Why a packet was declared lost (the trace's cause strings).
inline constexpr const char* kCausePacketThreshold = "packet threshold loss";
inline constexpr const char* kCauseTimeThreshold = "time threshold loss";
inline constexpr const char* kCausePto = "PTO";
inline constexpr const char* kCauseZeroRttRejected = "0-RTT rejected";

class RecoveryHost {
 public:
  virtual ~RecoveryHost() = default;
  virtual void onPacketAcked(PacketSpace space, const SentPacket& packet) = 0;
  virtual void onPacketLost(PacketSpace space, const SentPacket& packet, const char* cause) = 0;
  // The probe timeout fired for `space`: send one or two ack-eliciting packets there.
  virtual void onProbeTimeout(PacketSpace space) = 0;
  // A loss episode began (the window was just reduced): RFC 9002 7.3.2 lets one packet go out
  // regardless, so that the retransmission is not held back a round trip.
  virtual void onCongestionEvent() = 0;
  virtual void onRecoveryMetrics(const char* cause) = 0;
  virtual bool handshakeConfirmed() const = 0;
  virtual bool hasHandshakeKeys() const = 0;
  // RFC 9002 appendix A.6: a server always; a client once the handshake is confirmed or a
  // Handshake packet of it has been acknowledged.
  virtual bool peerCompletedAddressValidation() const = 0;
  virtual bool atAmplificationLimit() const = 0;
  virtual bool applicationLimited() const = 0;
};

struct RecoveryConfig {
  std::uint32_t packetThreshold = 3;                  // kPacketThreshold, RFC 9002 6.1.1
  sim::Duration granularity = sim::Milliseconds(1);   // kGranularity, RFC 9002 6.1.2
  sim::Duration initialRtt = sim::Milliseconds(333);  // kInitialRtt, RFC 9002 6.2.2
  std::uint32_t persistentCongestionThreshold = 3;    // RFC 9002 7.6.1
  bool proportionalRateReduction = true;              // RFC 6937 in recovery (RFC 9002 7.3.2)
  std::uint32_t maxDatagramBytes = 1472;              // one datagram, PRR's MSS
};

struct RecoveryCounters {
  std::uint64_t packetsLost = 0;  // in-flight packets declared lost
  std::uint64_t lostByPacketThreshold = 0;
  std::uint64_t lostByTimeThreshold = 0;
  std::uint64_t probeTimeouts = 0;
  std::uint64_t congestionEvents = 0;
  std::uint64_t persistentCongestion = 0;
};

class LossRecovery {
 public:
  LossRecovery(sim::Scheduler& sched, RecoveryHost& host,
               std::unique_ptr<cc::CongestionController> controller, RecoveryConfig config);

  std::uint64_t nextPacketNumber(PacketSpace space) const {
    return m_spaces[indexOf(space)].sent.endNumber();
  }
  bool anyAcked(PacketSpace space) const { return m_spaces[indexOf(space)].anyAcked; }
  std::uint64_t largestAcked(PacketSpace space) const { return m_spaces[indexOf(space)].largestAcked; }

  // Records a sent packet; its number must be nextPacketNumber(space).
  void onPacketSent(PacketSpace space, const SentPacket& packet);
  // Processes an ACK frame of `space`; `peerMaxAckDelay` bounds the reported delay (RFC 9002 5.3).
  void onAckReceived(PacketSpace space, const AckFrame& ack, sim::Duration peerMaxAckDelay);
  // Keys of `space` discarded: its packets leave bytes in flight (RFC 9002 section 6.4).
  void discardSpace(PacketSpace space);
  // Declares every outstanding packet of `type` lost without a congestion signal (0-RTT packets
  // the server rejected, RFC 9001 section 4.6.2); their frames go back through the host.
  void declareLost(PacketSpace space, PacketType type, const char* cause);
  // Re-evaluates the loss detection timer (after sends, receipts, amplification changes).
  void setLossDetectionTimer();
  void setPeerMaxAckDelay(sim::Duration d) { m_peerMaxAckDelay = d; }
  // Stops the timer for good (connection closed).
  void shutdown();

  // The oldest outstanding ack-eliciting packet of `space` (what a PTO probe repeats), or null.
  const SentPacket* oldestOutstanding(PacketSpace space) const;
  bool hasAckElicitingInFlight(PacketSpace space) const {
    return m_spaces[indexOf(space)].elicitingInFlight > 0;
  }

  std::uint64_t bytesInFlight() const { return m_bytesInFlight; }
  // May one more full datagram go under congestion control: room in the window, or during a
  // recovery period with PRR, what RFC 6937 allows.
  bool congestionAllowsDatagram() const;
  std::uint32_t ptoCount() const { return m_ptoCount; }
  bool inRecovery() const { return m_inRecovery; }
  sim::Duration probeTimeout() const;  // current PTO period without backoff, incl. max_ack_delay
  const RttEstimator& rtt() const { return m_rtt; }
  cc::CongestionController& controller() const { return *m_cc; }
  const RecoveryCounters& counters() const { return m_counters; }

 private:
  struct Space {
    SentPacketQueue sent;
    sim::SimTime timeOfLastAckEliciting;
    sim::SimTime lossTime;
    bool lossTimeSet = false;
    std::uint64_t largestAcked = 0;
    bool anyAcked = false;
    std::uint64_t elicitingInFlight = 0;
  };

  void detectLostPackets(PacketSpace space, sim::SimTime now);
  void onPacketsLost(sim::SimTime now);
  bool persistentCongestion() const;
  bool sentBeforeRecovery(PacketSpace space, const SentPacket& p) const;
  void lossTimeout();
  bool earliestLossTime(sim::SimTime& time, PacketSpace& space) const;
  bool ptoTimeAndSpace(sim::SimTime& time, PacketSpace& space) const;
  sim::Duration backedOff(sim::Duration d) const;
  void removeFromFlight(Space& s, const SentPacket& p);

  sim::Scheduler* m_sched;
  RecoveryHost* m_host;
  std::unique_ptr<cc::CongestionController> m_cc;
  RecoveryConfig m_config;
  RttEstimator m_rtt;
  sim::Timer m_timer;
  std::array<Space, kSpaceCount> m_spaces;
  sim::Duration m_peerMaxAckDelay = sim::Milliseconds(25);
  std::uint64_t m_bytesInFlight = 0;
  std::uint32_t m_ptoCount = 0;
  bool m_inRecovery = false;
  sim::SimTime m_recoveryStart;
  bool m_recoveryStartSet = false;
  cc::ProportionalRateReduction m_prr;
  std::array<std::uint64_t, kSpaceCount> m_recoveryStartNext{};  // next packet number per space then
  std::uint64_t m_roundTrips = 0;
  std::uint64_t m_roundEnd = 0;
  bool m_shutdown = false;
  RecoveryCounters m_counters;
  // Scratch lists reused by every ACK, so ACK processing allocates nothing once warm.
  std::vector<SentPacket> m_acked;
  std::vector<SentPacket> m_lost;
  std::vector<const char*> m_lostCause;
  PacketSpace m_lostSpace = PacketSpace::Initial;
};

}  // namespace wirelab::models::transport::quic
