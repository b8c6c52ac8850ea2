// File: models/transport/cc/loss_based_controller.h
// What NewReno and CUBIC share: the configuration and initial window (RFC 6928), slow start with
// appropriate byte counting (RFC 5681 section 3.1, RFC 3465 with L = 2, or no limit as Linux) and
// the optional HyStart++ exit (RFC 9406). The subclasses own congestion avoidance and the response
// to loss.
#pragma once

#include <cstdint>
#include <memory>

#include "models/transport/cc/congestion_controller.h"
#include "models/transport/cc/hystart_plus_plus.h"

namespace wirelab::models::transport::cc {

class LossBasedController : public CongestionController {
 public:
  const CongestionConfig& config() const { return m_config; }
  // Null when HyStart++ is off or the initial slow start is over.
  const HyStartPlusPlus* hystart() const { return hystartActive() ? &*m_hystart : nullptr; }

 protected:
  // Validates the config (std::invalid_argument) and opens with cwnd = initial window, ssthresh
  // "arbitrarily high" (RFC 5681 section 3.1).
  explicit LossBasedController(const CongestionConfig& config);

  std::uint64_t mss() const { return m_config.mssBytes; }
  std::uint64_t minimumWindow() const {
    return std::uint64_t{m_config.minimumWindowSegments} * m_config.mssBytes;
  }

  // Grows cwnd for one ACK received while cwnd < ssthresh (the caller has already excluded ACKs in
  // recovery). Returns the acknowledged bytes that slow start did not use because cwnd reached
  // ssthresh (or HyStart++ ended slow start) on this ACK: the caller hands them to congestion
  // avoidance, as Linux's tcp_slow_start does.
  std::uint64_t slowStart(const AckEvent& ack);

  // Ends HyStart++ for good: called on loss and RTO, after which ssthresh is finite anyway.
  void stopHystart() { m_hystart.reset(); }

  CongestionConfig m_config;

 private:
  bool hystartActive() const { return m_hystart != nullptr && m_ssthresh == UINT64_MAX; }

  // Made only when the configuration asks for HyStart++, next to the controller in the
  // connection's cluster block (TcpConnection::clusterBytes()); other controllers carry a null
  // pointer instead of its 64 bytes (bench/README.md, tenth pass).
  std::unique_ptr<HyStartPlusPlus> m_hystart;
  std::uint64_t m_cssCredit = 0;  // bytes of CSS growth not yet applied (kept below the divisor)
};

}  // namespace wirelab::models::transport::cc
