// File: models/transport/tcp/tcp_sack_compression.h
// Linux's SACK compression (__tcp_ack_snd_check() with data in the out-of-order queue, Linux >= 4.18;
// net/ipv4/tcp_input.c): while a hole stays open, the first three duplicate ACKs for one rcv_nxt go
// out at once (TCP_FASTRETRANS_THRESH, enough for the sender's fast retransmit); after them the
// receiver holds its SACKs, sending one when tcp_comp_sack_nr (44) are held or when a timer of 5 % of
// the RTT, at most tcp_comp_sack_delay_ns (1 ms), runs out, whichever comes first; any ACK sent
// carries them all and ends the wait (tcp_event_ack_sent()). A flight that arrives behind a lost
// segment is then acknowledged by 3 + about one SACK per millisecond instead of one per segment.
#pragma once

#include <algorithm>
#include <cstdint>

#include "sim/core/time.h"

namespace wirelab::models::transport::tcp {

class SackCompression {
 public:
  static constexpr int kImmediateDupAcks = 3;                       // TCP_FASTRETRANS_THRESH
  static constexpr int kMaxHeld = 44;                               // net.ipv4.tcp_comp_sack_nr
  static constexpr sim::Duration kMaxDelay = sim::Milliseconds(1);  // net.ipv4.tcp_comp_sack_delay_ns

  enum class Decision {
    SendNow,    // a duplicate ACK now
    Hold,       // held: the timer already running will send it
    HoldAndArm  // held, and the timer must be started: delay() from now
  };

  // An out-of-order segment arrived while the receive queue's next expected byte is `rcvNxt`, and no
  // other rule asks for an ACK at once.
  Decision onOutOfOrder(std::uint64_t rcvNxt) {
    if (m_held >= kMaxHeld) return Decision::SendNow;
    if (m_rcvNxt != rcvNxt) {
      m_rcvNxt = rcvNxt;
      m_dupAcks = 0;
    }
    if (m_dupAcks < kImmediateDupAcks) {
      ++m_dupAcks;
      return Decision::SendNow;
    }
    ++m_held;
    if (m_timerArmed) return Decision::Hold;
    m_timerArmed = true;
    return Decision::HoldAndArm;
  }

  // Every ACK sent carries what was held (tcp_event_ack_sent()); so does the timer's.
  void onAckSent() {
    m_held = 0;
    m_timerArmed = false;
  }
  bool holding() const { return m_held > 0; }

  // 5 % of the RTT (the receiver's estimate, or the smoothed RTT if smaller and known), at most 1 ms.
  static sim::Duration delay(std::int64_t rcvRttUs, std::int64_t srttUs) {
    std::int64_t rttUs = rcvRttUs;
    if (srttUs > 0 && (rttUs <= 0 || srttUs < rttUs)) rttUs = srttUs;
    return std::min(kMaxDelay, sim::Nanoseconds(rttUs * 1000 / 20));
  }

 private:
  std::uint64_t m_rcvNxt = 0;  // compressed_ack_rcv_nxt
  int m_dupAcks = 0;           // dup_ack_counter
  int m_held = 0;              // compressed_ack
  bool m_timerArmed = false;
};

}  // namespace wirelab::models::transport::tcp
