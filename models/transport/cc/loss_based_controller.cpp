// File: models/transport/cc/loss_based_controller.cpp
// Slow start shared by NewReno and CUBIC (RFC 9438 section 4.10: CUBIC uses the standard slow start,
// optionally with HyStart++).
#include "models/transport/cc/loss_based_controller.h"

#include <algorithm>

namespace wirelab::models::transport::cc {

LossBasedController::LossBasedController(const CongestionConfig& config) : m_config(config) {
  validateCongestionConfig(config);
  // RFC 6928: IW = initialWindowSegments * MSS (10 by default). ssthresh stays "arbitrarily high"
  // (UINT64_MAX) until the first congestion signal, RFC 5681 section 3.1.
  m_cwnd = std::uint64_t{config.initialWindowSegments} * config.mssBytes;
  if (config.hystartPlusPlus) m_hystart = std::make_unique<HyStartPlusPlus>();
}

std::uint64_t LossBasedController::slowStart(const AckEvent& ack) {
  bool conservative = false;
  const char* transition = nullptr;
  if (hystartActive()) {
    // HyStart++ sees every slow-start ACK, application-limited ones too: their RTT samples are as
    // good as any, and RFC 9406 keys its rounds on ACK arrivals, not on growth.
    const HyStartPlusPlus::Verdict verdict = m_hystart->onAck(ack);
    transition = m_hystart->transition();
    if (transition != nullptr) m_cause = transition;
    if (verdict == HyStartPlusPlus::Verdict::ExitSlowStart) {
      // RFC 9406 section 4.2: "enter congestion avoidance by setting ssthresh to the current cwnd".
      m_ssthresh = m_cwnd;
      m_hystart.reset();
      m_cssCredit = 0;
      return ack.applicationLimited ? 0 : ack.bytesAcked;
    }
    conservative = verdict == HyStartPlusPlus::Verdict::GrowConservative;
  }

  // RFC 7661 / RFC 9002 section 7.8: a window the application does not fill is not validated by
  // this ACK, so it must not grow.
  if (ack.applicationLimited || ack.bytesAcked == 0) return 0;

  // RFC 3465 section 2.2: count the bytes acknowledged, at most L * SMSS per ACK (none with L = 0),
  // so that delayed ACKs (2 segments) give the same doubling per round as one ACK per segment.
  // With increasePerAck (ns-3's NewReno) every ACK counts as one segment, whatever it covers.
  const std::uint64_t limit =
      m_config.abcLimitSegments == 0 ? ack.bytesAcked : std::uint64_t{m_config.abcLimitSegments} * mss();
  const std::uint64_t counted = m_config.increasePerAck ? mss() : std::min(ack.bytesAcked, limit);
  std::uint64_t growth = counted;
  if (conservative) {
    // RFC 9406 section 4.2: in CSS, cwnd += min(N, L * SMSS) / CSS_GROWTH_DIVISOR. The remainder is
    // carried so that no byte of growth is lost to integer division.
    m_cssCredit += counted;
    growth = m_cssCredit / HyStartPlusPlus::kCssGrowthDivisor;
    m_cssCredit %= HyStartPlusPlus::kCssGrowthDivisor;
    if (transition == nullptr) m_cause = "HyStart++: conservative slow start";
  } else if (transition == nullptr) {
    m_cause = "slow start";
  }

  // RFC 5681 section 3.1: slow start ends when cwnd reaches ssthresh; what this ACK acknowledged
  // beyond that point belongs to congestion avoidance.
  const std::uint64_t room = m_ssthresh - m_cwnd;
  if (growth < room) {
    m_cwnd += growth;
    return 0;
  }
  m_cwnd = m_ssthresh;
  return conservative ? 0 : ack.bytesAcked - std::min(ack.bytesAcked, room);
}

}  // namespace wirelab::models::transport::cc
