#include "models/transport/tcp/tcp_rcv_buffer.h"

#include <algorithm>
#include <bit>

namespace wirelab::models::transport::tcp {

namespace {
constexpr std::int64_t kMaxWscale = 14;            // TCP_MAX_WSCALE (RFC 7323 2.3)
constexpr std::int64_t kNetSkbPad = 64;            // NET_SKB_PAD: max(32, L1_CACHE_BYTES)
constexpr std::int64_t kCacheLine = 64;            // SMP_CACHE_BYTES, the unit of SKB_DATA_ALIGN
constexpr std::int64_t kSharedInfoBytes = 320;     // SKB_DATA_ALIGN(sizeof(struct skb_shared_info))
constexpr std::int64_t kSkBuffBytes = 256;         // SKB_DATA_ALIGN(sizeof(struct sk_buff))
constexpr std::int64_t kSockMinRcvbufHalf = 2304;  // SOCK_MIN_RCVBUF / 2 (tcp_set_window_clamp)

std::int64_t alignUp(std::int64_t x, std::int64_t unit) { return (x + unit - 1) / unit * unit; }

// kmalloc's size classes: powers of two, plus 96 and 192 (mm/slab_common.c kmalloc_info).
std::int64_t kmallocSize(std::int64_t size) {
  if (size <= 96 && size > 64) return 96;
  if (size <= 192 && size > 128) return 192;
  return static_cast<std::int64_t>(
      std::bit_ceil(static_cast<std::uint64_t>(std::max<std::int64_t>(size, 8))));
}
}  // namespace

LinuxRcvBuffer::LinuxRcvBuffer(const LinuxRcvBufferConfig& config)
    : m_config(config), m_rcvbuf(config.rmemDefault), m_advmss(config.advmss) {}

std::int64_t LinuxRcvBuffer::truesize(std::int64_t len) const {
  if (m_config.fixedTruesize > 0) return m_config.fixedTruesize;
  // tun_get_user() -> tun_alloc_skb(): a packet under a page is copied into one linear skb;
  // __alloc_skb() asks kmalloc for the padded packet plus skb_shared_info, keeps all the slab
  // object as data (SKB_WITH_OVERHEAD(ksize)), and skb->truesize = SKB_TRUESIZE(that) = the slab
  // object + the sk_buff. A full 1500-byte packet takes a 2 KiB object: truesize 2304.
  const std::int64_t request =
      alignUp(kNetSkbPad + m_config.packetHeaderBytes + len, kCacheLine) + kSharedInfoBytes;
  return kmallocSize(request) + kSkBuffBytes;
}

// --- Connection set-up ------------------------------------------------------------------------------

std::uint32_t LinuxRcvBuffer::synWindow(bool activeOpen) {
  // tcp_select_initial_window() (tcp_output.c), from tcp_connect_init() (active: the MSS option
  // value, as no timestamp was seen yet) or tcp_openreq_init_rwin() (passive: the MSS less the
  // timestamp option). No window clamp is set, so the clamp is the largest scalable window.
  const std::int64_t mss = activeOpen ? m_config.advmss : m_config.mssCache;
  std::int64_t clamp = std::int64_t{65535} << kMaxWscale;
  std::int64_t space = std::min(clamp, fullSpace());
  if (space > mss) space = space / mss * mss;  // "quantize space offering to a multiple of mss"
  m_rcvWnd = space;                            // tcp_workaround_signed_windows = 0
  // The scale that can offer tcp_rmem[2] (and net.core.rmem_max) later.
  std::int64_t scaleSpace = std::max({space, m_config.rmemMax, kRmemMaxSysctl});
  scaleSpace = std::min(scaleSpace, clamp);
  const int log2 = static_cast<int>(std::bit_width(static_cast<std::uint64_t>(scaleSpace))) - 1;
  m_wscale = static_cast<int>(std::clamp<std::int64_t>(log2 - 15, 0, kMaxWscale));
  m_windowClamp = std::min(std::int64_t{65535} << m_wscale, clamp);
  m_rcvSsthresh = m_rcvWnd;  // tcp_connect_init() / tcp_create_openreq_child()
  return static_cast<std::uint32_t>(std::min<std::int64_t>(m_rcvWnd, 65535));  // SYNs are not scaled
}

void LinuxRcvBuffer::onEstablished(std::uint64_t rcvNxt, std::int64_t nowUs) {
  // With timestamps the kernel takes the option out of advmss once they are agreed
  // (tcp_rcv_synsent_state_process, tcp_rcv_state_process), before tcp_init_buffer_space().
  m_advmss = m_config.mssCache;
  m_rcvWup = rcvNxt;
  m_rcvqTimeUs = nowUs;
  m_rcvqSeq = rcvNxt;  // copied_seq: nothing read yet
  // tcp_init_buffer_space() with tcp_app_win = 31: the clamp is the full window less one segment
  // ("force reservation of one segment").
  const std::int64_t maxwin = fullSpace();
  if (m_windowClamp >= maxwin) {
    m_windowClamp = maxwin;
    if (maxwin > 4 * m_advmss) m_windowClamp = std::max(maxwin - (maxwin >> 31), 4 * m_advmss);
  }
  if (m_windowClamp > 2 * m_advmss && m_windowClamp + m_advmss > maxwin) {
    m_windowClamp = std::max(2 * m_advmss, maxwin - m_advmss);
  }
  m_rcvSsthresh = std::min(m_rcvSsthresh, m_windowClamp);
  m_rcvqSpace = std::min({m_rcvSsthresh, m_rcvWnd, kInitCwnd * m_advmss});
  // tcp_initialize_rcv_mss(): a low guess of the peer's MSS, raised by the first full segment.
  std::int64_t hint = std::min(m_advmss, m_config.mssCache);
  hint = std::min(hint, m_rcvWnd / 2);
  hint = std::min(hint, kMssDefault);
  m_rcvMss = std::max(hint, kMinMss);
}

// --- Receiving --------------------------------------------------------------------------------------

void LinuxRcvBuffer::setWindowClamp(std::int64_t value) {
  // tcp_set_window_clamp() (since Linux 6.10): growing the clamp lifts rcv_ssthresh to the window
  // already offered; shrinking it pulls rcv_ssthresh down.
  const std::int64_t clamp = std::max(kSockMinRcvbufHalf, value);
  if (clamp == m_windowClamp) return;
  const std::int64_t old = m_windowClamp;
  m_windowClamp = clamp;
  if (clamp < old) {
    m_rcvSsthresh = std::min(m_rcvSsthresh, clamp);
  } else {
    m_rcvSsthresh = std::max(std::min(m_rcvWnd, clamp), m_rcvSsthresh);
  }
}

bool LinuxRcvBuffer::measureRcvMss(std::int64_t len, std::int64_t truesizeBytes) {
  if (len >= m_rcvMss) {
    // "only adjust scaling_ratio when we update icsk_ack.rcv_mss", and the clamp with it
    // (tcp: update window_clamp together with scaling_ratio, Linux 6.11).
    if (len != m_rcvMss) {
      const std::int64_t ratio = (len << kRmemToWinScale) / truesizeBytes;
      const int old = m_scalingRatio;
      m_scalingRatio = static_cast<int>(std::clamp<std::int64_t>(ratio, 1, 255));
      if (m_scalingRatio != old) {
        setWindowClamp(winFromSpace(m_rcvbuf));
        if (m_windowClamp < m_rcvqSpace) m_rcvqSpace = m_windowClamp;
      }
    }
    m_rcvMss = std::min(len, m_advmss);
    return false;
  }
  return true;  // a short segment: the end of a write (ICSK_ACK_PUSHED)
}

bool LinuxRcvBuffer::growWindow(std::int64_t len, std::int64_t truesizeBytes) {
  // tcp_grow_window(): open rcv_ssthresh by two segments per segment received, while the
  // segments' overhead still fits the buffer (checks #1 and #2 of the comment in tcp_input.c).
  const std::int64_t room = std::min(m_windowClamp, freeSpace()) - m_rcvSsthresh;
  if (room <= 0) return false;
  std::int64_t incr = 0;
  if (winFromSpace(truesizeBytes) <= len) {
    incr = 2 * m_advmss;
  } else {
    // __tcp_grow_window(): a segment with a poor len/truesize ratio still opens the window while
    // rcv_ssthresh is small compared with what tcp_rmem[2] allows.
    std::int64_t truesizeWin = winFromSpace(truesizeBytes) >> 1;
    std::int64_t window = winFromSpace(m_config.rmemMax) >> 1;
    while (m_rcvSsthresh <= window) {
      if (truesizeWin <= len) {
        incr = 2 * m_rcvMss;
        break;
      }
      truesizeWin >>= 1;
      window >>= 1;
    }
  }
  if (incr == 0) return false;
  incr = std::max(incr, 2 * len);
  m_rcvSsthresh += std::min(room, incr);
  return true;
}

void LinuxRcvBuffer::timestampRttSample(std::int64_t sampleUs, std::int64_t len, bool receiveQueueEmpty) {
  // tcp_rcv_rtt_measure_ts() -> tcp_rcv_rtt_update(): only full segments. A lower sample is taken
  // at once ("tcp: always seek for minimal rtt in tcp_rcv_rtt_update()", Linux 6.16); a higher one
  // moves the estimate through an EWMA with gain 1/8, and only while the application has read
  // everything ("tcp: skip big rtt sample if receive queue is not empty", Linux 6.16), so queueing
  // delay still raises the estimate but a slow reader does not.
  if (len < m_rcvMss) return;
  const std::int64_t scaled = sampleUs << 3;
  if (m_rcvRtt8 == 0 || scaled < m_rcvRtt8) {
    m_rcvRtt8 = scaled;
  } else if (receiveQueueEmpty) {
    m_rcvRtt8 = m_rcvRtt8 - (m_rcvRtt8 >> 3) + sampleUs;
  }
}

void LinuxRcvBuffer::windowRttMeasure(std::uint64_t rcvNxt, std::int64_t nowUs) {
  // tcp_rcv_rtt_measure(): the time for rcv_nxt to pass the window's right edge as of the start of
  // the measure, an upper bound of the RTT.
  if (m_rttWindowTimeUs >= 0) {
    if (rcvNxt < m_rttWindowSeq) return;
    // A per-window sample only lowers the estimate (win_dep).
    const std::int64_t scaled = std::max<std::int64_t>(nowUs - m_rttWindowTimeUs, 1) << 3;
    if (m_rcvRtt8 == 0 || scaled < m_rcvRtt8) m_rcvRtt8 = scaled;
  }
  m_rttWindowSeq = rcvNxt + static_cast<std::uint64_t>(m_rcvWnd);
  m_rttWindowTimeUs = nowUs;
}

// --- The advertised window --------------------------------------------------------------------------

LinuxRcvBuffer::Selection LinuxRcvBuffer::computeWindow() const {
  // __tcp_select_window() (tcp_output.c), without memory pressure, tcp_shrink_window = 0.
  Selection s;
  std::int64_t mss = m_rcvMss;
  std::int64_t free = freeSpace();
  const std::int64_t allowed = fullSpace();
  const std::int64_t full = std::min(m_windowClamp, allowed);
  if (mss > full) {
    mss = full;
    if (mss <= 0) return s;
  }
  if (free < (full >> 1)) {
    s.freeBelowHalf = true;  // icsk_ack.quick = 0
    // Receiver silly-window avoidance: under 1/16 of the buffer or one segment, offer nothing.
    free = free / (std::int64_t{1} << m_wscale) * (std::int64_t{1} << m_wscale);
    if (free < (allowed >> 4) || free < mss) return s;
  }
  if (free > m_rcvSsthresh) free = m_rcvSsthresh;
  if (m_wscale > 0) {
    // "Advertise enough space so that it won't get scaled away."
    s.window = alignUp(free, std::int64_t{1} << m_wscale);
  } else {
    // Without scaling: keep the offer if within one segment of the free space, else a multiple of
    // the segment size.
    std::int64_t window = m_rcvWnd;
    if (window <= free - mss || window > free) {
      window = free / mss * mss;
    } else if (mss == full && free > window + (full >> 1)) {
      window = free;
    }
    s.window = window;
  }
  return s;
}

LinuxRcvBuffer::Selection LinuxRcvBuffer::selectWindow(std::uint64_t rcvNxt) {
  // tcp_select_window(): never shrink the window already offered (RFC 7323 2.4, RFC 9293
  // 3.8.6.2.2); rcv_wup/rcv_wnd remember what was offered from where.
  const std::int64_t current = receiveWindow(rcvNxt);
  Selection s = computeWindow();
  if (s.window < current) s.window = alignUp(current, std::int64_t{1} << m_wscale);
  m_rcvWnd = s.window;
  m_rcvWup = rcvNxt;
  s.window = std::min(s.window, std::int64_t{65535} << m_wscale) >> m_wscale << m_wscale;
  return s;
}

std::int64_t LinuxRcvBuffer::receiveWindow(std::uint64_t rcvNxt) const {
  const std::int64_t left = static_cast<std::int64_t>(m_rcvWup + static_cast<std::uint64_t>(m_rcvWnd)) -
                            static_cast<std::int64_t>(rcvNxt);
  return std::max<std::int64_t>(left, 0);
}

// --- Dynamic Right-Sizing ---------------------------------------------------------------------------

void LinuxRcvBuffer::spaceAdjust(std::int64_t nowUs, std::uint64_t copiedSeq, std::uint64_t rcvNxt,
                                 std::int64_t oooSpan) {
  // tcp_rcv_space_adjust(): once per receiver RTT, compare what the application read in it (less
  // what is still queued, "tcp: fix sk_rcvbuf overshoot" era) with the previous measure.
  if (m_rcvRtt8 == 0) return;
  if (nowUs - m_rcvqTimeUs < (m_rcvRtt8 >> 3)) return;
  const std::int64_t inq = static_cast<std::int64_t>(rcvNxt - copiedSeq);
  const std::int64_t copied = static_cast<std::int64_t>(copiedSeq - m_rcvqSeq) - inq;
  if (copied > m_rcvqSpace) rcvbufGrow(copied, oooSpan);
  m_rcvqSeq = copiedSeq;
  m_rcvqTimeUs = nowUs;
}

void LinuxRcvBuffer::growForReordering(std::int64_t oooSpan) { rcvbufGrow(m_rcvqSpace, oooSpan); }

void LinuxRcvBuffer::rcvbufGrow(std::int64_t newSpace, std::int64_t oooSpan) {
  // tcp_rcvbuf_grow(): "DRS is always one RTT late", so twice what was read, plus twice that
  // again scaled by the growth since the last measure ("slow start: allow the sender to double its
  // rate"), plus the out-of-order span; as a buffer at the current scaling ratio, up to tcp_rmem[2].
  const std::int64_t oldSpace = m_rcvqSpace;
  m_rcvqSpace = newSpace;
  std::int64_t rcvwin = newSpace << 1;
  if (oldSpace > 0 && newSpace > oldSpace) rcvwin += ((rcvwin << 1) * (newSpace - oldSpace)) / oldSpace;
  rcvwin += oooSpan;
  const std::int64_t rcvbuf = std::min(spaceFromWin(rcvwin), m_config.rmemMax);
  if (rcvbuf > m_rcvbuf) {
    m_rcvbuf = rcvbuf;
    m_windowClamp = winFromSpace(rcvbuf);  // "Make the window clamp follow along."
  }
}

}  // namespace wirelab::models::transport::tcp
