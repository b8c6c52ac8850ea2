// File: models/transport/tcp/tcp_rcv_buffer.h
// Linux's receive buffer and the window it advertises (receive-buffer autotuning), as the kernel
// computes them in net/ipv4/tcp_input.c and tcp_output.c (Linux 6.18, with the DRS fix "tcp: fix
// too slow tcp_rcvbuf_grow() action" of October 2025), on byte counts:
//
// - sk_rcvbuf starts at net.ipv4.tcp_rmem[1] (131072). The window is a fraction of the buffer,
//   scaling_ratio / 256 (TCP_RMEM_TO_WIN_SCALE): 128/256 until the first full-sized segment, then
//   len / skb->truesize of that segment (tcp_measure_rcv_mss). Before Linux 6.5 the fraction was
//   fixed by net.ipv4.tcp_adv_win_scale = 1, i.e. 1/2: the initial window is the same.
// - The SYN offers tcp_select_initial_window(): win_from_space(tcp_rmem[1]) rounded down to a
//   multiple of the MSS (64240 = 44 x 1460 for an active open, 65160 = 45 x 1448 for a passive one),
//   with the window scale that lets tcp_rmem[2] be offered (10 for 32 MiB).
// - tcp_init_buffer_space(): window_clamp = the full window less one segment (tcp_app_win), and
//   rcv_ssthresh = min(rcv_wnd, window_clamp); rcvq_space.space = 10 x advmss.
// - rcv_ssthresh grows by 2 x advmss per received segment of at least 128 bytes
//   (tcp_grow_window), up to min(window_clamp, free space).
// - The offered window (__tcp_select_window) is min(free space, rcv_ssthresh) rounded up to the
//   scale unit, and tcp_select_window() never moves the right edge left. Free space is
//   win_from_space(sk_rcvbuf - memory of the queued segments): unread data and out-of-order data
//   cost skb->truesize each, more than their payload.
// - Dynamic Right-Sizing (tcp_rcv_space_adjust, tcp_rcvbuf_grow), at every application read: once
//   per receiver RTT estimate (timestamp samples: the lowest at once, higher ones by an EWMA
//   while the receive queue is empty; per-window samples only lower it),
//   if the bytes read in that time (less those still queued) exceed the previous measure,
//   sk_rcvbuf becomes space_from_win(2 x read + 2 x 2 x read x growth) (+ the out-of-order span),
//   capped at tcp_rmem[2], and window_clamp follows.
//
// Lengths are signed 64-bit like the kernel's int arithmetic, times are microseconds (tcp_mstamp).
#pragma once

#include <cstdint>

#include "models/transport/tcp/tcp_sack_compression.h"

namespace wirelab::models::transport::tcp {

struct LinuxRcvBufferConfig {
  std::int64_t rmemDefault = 131072;        // net.ipv4.tcp_rmem[1]
  std::int64_t rmemMax = 32 * 1024 * 1024;  // net.ipv4.tcp_rmem[2]
  // skb->truesize of a received segment of `len` payload bytes; 0: a linear skb from kmalloc, as
  // tun (the captures' receive path) allocates it (see truesize()).
  std::int64_t fixedTruesize = 0;
  std::int64_t advmss = 1460;           // tp->advmss: MTU - 40, the MSS option we send
  std::int64_t mssCache = 1448;         // tp->mss_cache: our segment size with timestamps
  std::int64_t packetHeaderBytes = 52;  // IPv4 + TCP headers and options of a data segment
};

class LinuxRcvBuffer {
 public:
  static constexpr int kRmemToWinScale = 8;                                // TCP_RMEM_TO_WIN_SCALE
  static constexpr int kDefaultScalingRatio = 1 << (kRmemToWinScale - 1);  // TCP_DEFAULT_SCALING_RATIO
  static constexpr std::int64_t kInitCwnd = 10;                            // TCP_INIT_CWND
  static constexpr std::int64_t kMssDefault = 536;                         // TCP_MSS_DEFAULT
  static constexpr std::int64_t kMinMss = 88;                              // TCP_MIN_MSS
  static constexpr std::int64_t kRmemMaxSysctl = 212992;                   // net.core.rmem_max default

  explicit LinuxRcvBuffer(const LinuxRcvBufferConfig& config);

  // --- Connection set-up ------------------------------------------------------------------------
  // tcp_select_initial_window(): the window of the SYN (active open) or SYN-ACK (passive) we send,
  // unscaled; sets rcv_wnd, rcv_ssthresh and the window scale.
  std::uint32_t synWindow(bool activeOpen);
  // tcp_init_buffer_space() and tcp_initialize_rcv_mss(), when the connection is established.
  void onEstablished(std::uint64_t rcvNxt, std::int64_t nowUs);

  // --- Receiving --------------------------------------------------------------------------------
  // skb->truesize of a received segment carrying `len` payload bytes: what it costs in the
  // receive queue until it is read (or, out of order, until it is read after the gap is filled).
  std::int64_t truesize(std::int64_t len) const;
  void charge(std::int64_t truesizeBytes) { m_rmemAlloc += truesizeBytes; }
  void uncharge(std::int64_t truesizeBytes) { m_rmemAlloc -= truesizeBytes; }
  // tcp_measure_rcv_mss(): learns the peer's MSS and, with it, the scaling ratio; returns true for
  // a segment shorter than rcv_mss (the kernel then sets ICSK_ACK_PUSHED).
  bool measureRcvMss(std::int64_t len, std::int64_t truesizeBytes);
  // tcp_grow_window(): returns true if rcv_ssthresh grew (the kernel then asks for a quick ACK).
  bool growWindow(std::int64_t len, std::int64_t truesizeBytes);
  // tcp_rcv_rtt_measure_ts(): a sample from the echo of our own timestamp (microseconds);
  // receiveQueueEmpty: the application had read everything before this segment (rcv_nxt ==
  // copied_seq).
  void timestampRttSample(std::int64_t sampleUs, std::int64_t len, bool receiveQueueEmpty);
  // tcp_rcv_rtt_measure(): the time for rcv_nxt to advance by one window.
  void windowRttMeasure(std::uint64_t rcvNxt, std::int64_t nowUs);

  // --- The advertised window --------------------------------------------------------------------
  struct Selection {
    std::int64_t window = 0;     // bytes, a multiple of the scale unit
    bool freeBelowHalf = false;  // free space under half the full space: the kernel ends quick ACKs
  };
  // __tcp_select_window(): the window we would offer now.
  Selection computeWindow() const;
  // tcp_select_window(): the window a segment we send carries (never shrinking the offered one);
  // records it as rcv_wnd from rcv_wup = rcvNxt.
  Selection selectWindow(std::uint64_t rcvNxt);
  // tcp_receive_window(): what is left of the window last offered.
  std::int64_t receiveWindow(std::uint64_t rcvNxt) const;
  std::uint64_t rightEdge() const { return m_rcvWup + static_cast<std::uint64_t>(m_rcvWnd); }

  // --- Dynamic Right-Sizing ---------------------------------------------------------------------
  // tcp_rcv_space_adjust(), after an application read; oooSpan = highest out-of-order byte + 1 -
  // rcv_nxt (0 without out-of-order data).
  void spaceAdjust(std::int64_t nowUs, std::uint64_t copiedSeq, std::uint64_t rcvNxt, std::int64_t oooSpan);
  // tcp_data_queue_ofo() -> tcp_rcvbuf_grow(): room for the out-of-order span, without growth.
  void growForReordering(std::int64_t oooSpan);

  // --- State (names as in struct tcp_sock) ------------------------------------------------------
  std::int64_t rcvbuf() const { return m_rcvbuf; }
  std::int64_t windowClamp() const { return m_windowClamp; }
  std::int64_t rcvSsthresh() const { return m_rcvSsthresh; }
  std::int64_t rcvWnd() const { return m_rcvWnd; }
  std::uint64_t rcvWup() const { return m_rcvWup; }
  std::int64_t rcvMss() const { return m_rcvMss; }
  std::int64_t rcvSpace() const { return m_rcvqSpace; }
  std::int64_t rcvRttUs() const { return m_rcvRtt8 >> 3; }
  std::int64_t rmemAlloc() const { return m_rmemAlloc; }
  int scalingRatio() const { return m_scalingRatio; }
  int windowScale() const { return m_wscale; }
  // The ACK state only Linux's receive side has, kept here so that other connections do not carry it.
  SackCompression& sackCompression() { return m_sackCompression; }
  std::int64_t winFromSpace(std::int64_t space) const { return (space * m_scalingRatio) >> kRmemToWinScale; }
  std::int64_t spaceFromWin(std::int64_t win) const { return (win << kRmemToWinScale) / m_scalingRatio; }

 private:
  std::int64_t freeSpace() const { return winFromSpace(m_rcvbuf - m_rmemAlloc); }  // tcp_space()
  std::int64_t fullSpace() const { return winFromSpace(m_rcvbuf); }                // tcp_full_space()
  void setWindowClamp(std::int64_t value);                                         // tcp_set_window_clamp()
  void rcvbufGrow(std::int64_t newSpace, std::int64_t oooSpan);                    // tcp_rcvbuf_grow()

  LinuxRcvBufferConfig m_config;
  std::int64_t m_rcvbuf;
  std::int64_t m_rmemAlloc = 0;
  int m_scalingRatio = kDefaultScalingRatio;
  int m_wscale = 0;
  std::int64_t m_windowClamp = 0;
  std::int64_t m_rcvSsthresh = 0;
  std::int64_t m_rcvWnd = 0;
  std::uint64_t m_rcvWup = 0;
  std::int64_t m_advmss;
  std::int64_t m_rcvMss = kMssDefault;
  std::int64_t m_rcvqSpace = 0;
  std::uint64_t m_rcvqSeq = 0;
  std::int64_t m_rcvqTimeUs = 0;
  std::int64_t m_rcvRtt8 = 0;  // rcv_rtt_est.rtt_us: 8 x the receiver's RTT estimate; 0 = none
  std::uint64_t m_rttWindowSeq = 0;
  std::int64_t m_rttWindowTimeUs = -1;
  SackCompression m_sackCompression;
};

}  // namespace wirelab::models::transport::tcp
