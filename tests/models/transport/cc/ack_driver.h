// File: tests/models/transport/cc/ack_driver.h
// A synthetic ACK stream for congestion-controller tests, no network needed: a window-limited
// sender whose every round trip delivers one window of ACKs spread evenly over a fixed RTT. Each
// round sends floor(cwnd / MSS) full segments, acknowledged `segmentsPerAck` at a time.
#pragma once

#include <cstdint>

#include "models/transport/cc/congestion_controller.h"
#include "sim/core/time.h"

namespace wirelab::models::transport::cc::testing {

struct RoundOptions {
  std::uint64_t segmentsPerAck = 1;
  sim::Duration rttSample = sim::Milliseconds(100);  // zero: no sample on these ACKs
  bool inRecovery = false;
  bool applicationLimited = false;
  // Only the first `sampledAcks` ACKs carry an RTT sample (the rest follow Karn's rule).
  std::uint64_t sampledAcks = UINT64_MAX;
};

class AckDriver {
 public:
  AckDriver(CongestionController& cc, std::uint32_t mss, sim::Duration rtt = sim::Milliseconds(100))
      : m_cc(cc), m_mss(mss), m_rtt(rtt) {}

  // One round: the window at its start, acknowledged over one RTT (the last ACK lands exactly one
  // RTT after the round began). Returns the number of ACKs delivered.
  std::uint64_t runRound(const RoundOptions& o = {}) {
    const std::uint64_t segments = m_cc.cwndBytes() / m_mss;
    const std::uint64_t acks = (segments + o.segmentsPerAck - 1) / o.segmentsPerAck;
    const sim::SimTime start = m_now;
    std::uint64_t left = segments;
    for (std::uint64_t i = 1; i <= acks; ++i) {
      const std::uint64_t s = left < o.segmentsPerAck ? left : o.segmentsPerAck;
      left -= s;
      AckEvent ack;
      ack.now = start + m_rtt * static_cast<std::int64_t>(i) / static_cast<std::int64_t>(acks);
      ack.bytesAcked = s * m_mss;
      ack.bytesInFlight = m_cc.cwndBytes();  // the window is kept full
      ack.rttSample = i <= o.sampledAcks ? o.rttSample : sim::Duration::zero();
      ack.smoothedRtt = m_rtt;
      ack.minRtt = m_rtt;
      ack.inRecovery = o.inRecovery;
      ack.applicationLimited = o.applicationLimited;
      ack.roundTripCount = m_round;
      m_cc.onAck(ack);
    }
    m_now = start + m_rtt;
    ++m_round;
    return acks;
  }

  // A single ACK at the current time (does not advance the clock or the round).
  void ackNow(std::uint64_t bytes, bool inRecovery = false, bool applicationLimited = false) {
    AckEvent ack;
    ack.now = m_now;
    ack.bytesAcked = bytes;
    ack.bytesInFlight = m_cc.cwndBytes();
    ack.rttSample = m_rtt;
    ack.smoothedRtt = m_rtt;
    ack.minRtt = m_rtt;
    ack.inRecovery = inRecovery;
    ack.applicationLimited = applicationLimited;
    ack.roundTripCount = m_round;
    m_cc.onAck(ack);
  }

  void advance(sim::Duration d) { m_now += d; }
  sim::SimTime now() const { return m_now; }
  std::uint64_t round() const { return m_round; }
  double cwndSegments() const { return static_cast<double>(m_cc.cwndBytes()) / m_mss; }

 private:
  CongestionController& m_cc;
  std::uint32_t m_mss;
  sim::Duration m_rtt;
  sim::SimTime m_now = sim::SimTime::zero() + sim::Seconds(1);
  std::uint64_t m_round = 1;
};

}  // namespace wirelab::models::transport::cc::testing
