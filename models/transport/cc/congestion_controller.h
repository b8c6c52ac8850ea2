// File: models/transport/cc/congestion_controller.h
// Congestion control as a strategy object, shared by TCP and the QUIC-like transport (the role of
// ns-3's TcpCongestionOps): the transport owns loss detection, recovery and the RTT estimate, and
// tells the controller what happened; the controller owns cwnd and ssthresh, in bytes, and says why
// it last changed them, so charts can explain themselves.
//
// Call order, per RFC 5681 / RFC 9002 section 7:
//   onPacketSent      for every data-bearing packet sent (including retransmissions)
//   onAck             for newly acknowledged bytes, outside or inside recovery (the controller
//                     must not grow cwnd while inRecovery is true, RFC 6582 / RFC 9002 7.3.2)
//   onCongestionEvent once per loss episode (fast retransmit, packet/time-threshold loss, ECN):
//                     the multiplicative decrease; the transport guarantees once per round trip
//   onRecoveryExit    when the episode's recovery point is acknowledged
//   onRetransmissionTimeout  TCP RTO (RFC 5681 section 3.1 eq. 4) / QUIC persistent congestion
#pragma once

#include <cstdint>
#include <memory>
#include <optional>
#include <string_view>

#include "sim/core/allocation_cluster.h"
#include "sim/core/time.h"

namespace wirelab::models::transport::cc {

struct AckEvent {
  sim::SimTime now;
  std::uint64_t bytesAcked = 0;      // newly acknowledged (cumulative + SACK) by this ACK
  std::uint64_t bytesInFlight = 0;   // after this ACK has been processed
  sim::Duration rttSample;           // zero when this ACK gave no sample (Karn's rule)
  sim::Duration smoothedRtt;         // the transport's current SRTT
  sim::Duration minRtt;              // the transport's current minimum RTT
  bool inRecovery = false;           // a loss episode is open: do not grow cwnd
  bool applicationLimited = false;   // the sender had nothing to send: do not grow cwnd
  std::uint64_t roundTripCount = 0;  // increments once per round trip (for HyStart++)
};

struct CongestionConfig {
  std::uint32_t mssBytes = 1448;
  std::uint32_t initialWindowSegments = 10;  // RFC 6928
  std::uint32_t minimumWindowSegments = 2;   // RFC 9002 kMinimumWindow / RFC 5681 after loss
  bool hystartPlusPlus = false;              // RFC 9406 slow-start exit
  // How NewReno grows per ACK. false (RFC 5681 3.1's recommendation, RFC 3465, what Linux does):
  // count acknowledged bytes, so cwnd grows one MSS per round trip with or without delayed ACKs.
  // true (RFC 5681 equation 3 applied per ACK, as ns-3 3.37's TcpNewReno): slow start adds one
  // MSS per ACK and congestion avoidance MSS*MSS/cwnd per ACK, so delayed ACKs halve the growth.
  bool increasePerAck = false;
  // RFC 3465 section 2.2's L: slow start grows by at most L * MSS per ACK. 0: no limit, every
  // acknowledged byte counts, as Linux's tcp_slow_start() since 3.9 ("tcp: remove Appropriate Byte
  // Count support"), which matters when the receiver sends stretch ACKs.
  std::uint32_t abcLimitSegments = 2;
};

// Cluster-allocated: a connection's controller sits next to it (sim/core/allocation_cluster.h).
class CongestionController : public sim::ClusterAllocated {
 public:
  virtual ~CongestionController() = default;

  virtual const char* name() const = 0;
  virtual void onPacketSent(sim::SimTime now, std::uint64_t bytes) = 0;
  virtual void onAck(const AckEvent& ack) = 0;
  virtual void onCongestionEvent(sim::SimTime now, std::uint64_t bytesInFlight) = 0;
  virtual void onRecoveryExit(sim::SimTime now) = 0;
  virtual void onRetransmissionTimeout(sim::SimTime now, std::uint64_t bytesInFlight) = 0;

  std::uint64_t cwndBytes() const { return m_cwnd; }
  std::uint64_t ssthreshBytes() const { return m_ssthresh; }
  bool inSlowStart() const { return m_cwnd < m_ssthresh; }
  // Why cwnd or ssthresh last changed ("slow start", "congestion avoidance", "fast retransmit:
  // multiplicative decrease", "RTO: window reset", "HyStart++: slow-start exit", ...).
  // A static string: setting it on every ACK costs nothing.
  const char* lastCause() const { return m_cause; }

 protected:
  std::uint64_t m_cwnd = 0;
  std::uint64_t m_ssthresh = UINT64_MAX;
  const char* m_cause = "initial window";
};

enum class Algorithm { NewReno, Cubic };

// The size of the controller makeCongestionController() makes for `algorithm`: the room an
// allocation cluster reserves for it (the largest one's for a value out of range).
std::size_t controllerBytes(Algorithm algorithm);
// Throws std::invalid_argument for an unusable config (zero MSS or window).
std::unique_ptr<CongestionController> makeCongestionController(Algorithm algorithm,
                                                               const CongestionConfig& config);

// Throws std::invalid_argument naming the first unusable parameter ("mssBytes must be positive").
// The controllers' constructors call it too, so a controller built directly is checked the same way.
void validateCongestionConfig(const CongestionConfig& config);

// "newreno" or "cubic": the spelling scenario files and the CLI use.
const char* toString(Algorithm algorithm);
// Case-insensitive inverse of toString ("CUBIC", "NewReno" parse too); nullopt for an unknown name.
std::optional<Algorithm> parseAlgorithm(std::string_view text);

}  // namespace wirelab::models::transport::cc
