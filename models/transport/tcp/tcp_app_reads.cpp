// When the application reads what TCP received. With the defaults (readLatency 0, readChunkBytes
// 0, the RFC receive side) bytes go to onData as they arrive in order. Otherwise they wait in the
// receive buffer, which is what the advertised window sees, until the reader runs: a process
// blocked in epoll_wait()/read() is woken by the arriving data (sk_data_ready) and runs
// readLatency later, then loops over read() calls of readChunkBytes until the buffer is empty
// (EAGAIN), as nghttp's HttpClient::read_clear() does with an 8 KiB buffer, spending readChunkTime
// on what each call returned before the next. On the Linux receive side each read() call also runs
// tcp_rcv_space_adjust() after each skb it copies, and tcp_cleanup_rbuf() (tcp_recvmsg()).
#include <algorithm>
#include <cmath>

#include "models/transport/tcp/tcp_connection.h"
#include "models/transport/tcp/tcp_stack.h"

namespace wirelab::models::transport::tcp {

bool TcpConnection::readsDeferred() const {
  // On the Linux receive side the data are queued first and read after the ACK decision, as in
  // tcp_rcv_established(), even with no latency.
  return m_linux != nullptr || m_config->readLatency > sim::Duration::zero() || m_config->readChunkBytes > 0;
}

void TcpConnection::scheduleApplicationRead() {
  if (!m_autoRead || m_unreported == 0 || readTimerArmed()) return;
  sim::Duration latency = m_config->readLatency;
  if (m_seldom && m_seldom->readJitter) {
    const double mean = static_cast<double>(m_config->readLatencyJitterMean.nanoseconds());
    latency += sim::Nanoseconds(
        static_cast<std::int64_t>(std::llround(-mean * std::log(m_seldom->readJitter->uniformOpen01()))));
  }
  if (latency <= sim::Duration::zero()) {
    applicationReads();
  } else {
    seldom().readTimer.arm(*this, latency, [](TcpConnection& c) { c.applicationReads(); });
  }
}

void TcpConnection::applicationReads() {
  const bool paced = m_config->readChunkTime > sim::Duration::zero();
  while (m_autoRead && m_unreported > 0 && m_state != TcpState::Closed) {
    const std::uint64_t want = m_config->readChunkBytes > 0 ? m_config->readChunkBytes : m_unreported;
    const std::uint64_t n = readOnce(std::min(want, m_unreported));
    m_unreported -= n;
    if (Handler* handler = m_handler.get()) handler->onTcpData(n);
    if (paced) {
      // The application handles what it read before its next read(); data arriving meanwhile
      // wait for that call, not for a new wake-up (the armed timer keeps
      // scheduleApplicationRead() from arming another).
      seldom().readTimer.arm(*this, m_config->readChunkTime, [](TcpConnection& c) { c.applicationReads(); });
      return;
    }
  }
  if (m_peerClosedPending && m_unreported == 0) {
    m_peerClosedPending = false;
    if (Handler* handler = m_handler.get()) handler->onTcpPeerClosed();
  }
}

void TcpConnection::setAutoRead(bool autoRead) {
  if (!autoRead && m_unreported > 0) {
    // Switching to explicit reads: report what was waiting for the automatic reader.
    const std::uint64_t pending = m_unreported;
    m_unreported = 0;
    cancelReadTimer();
    if (Handler* handler = m_handler.get()) handler->onTcpData(pending);
  }
  m_autoRead = autoRead;
  if (autoRead && m_rcvBuffered > 0) read(m_rcvBuffered);
}

std::uint64_t TcpConnection::read(std::uint64_t maxBytes) {
  return readOnce(std::min(maxBytes, m_rcvBuffered - m_unreported));
}

std::uint64_t TcpConnection::readOnce(std::uint64_t maxBytes) {
  const std::uint64_t taken = std::min(maxBytes, m_rcvBuffered);
  if (taken == 0) return 0;
  if (m_linux) {
    LinuxReceiveSide& rx = *m_linux;
    m_rcvBuffered -= taken;
    const std::uint64_t readEnd = rx.copiedSeq + taken;
    const std::int64_t oooSpan =
        m_outOfOrder.empty() ? 0 : static_cast<std::int64_t>(m_outOfOrder.back().end - m_rcvNxt);
    // tcp_recvmsg_locked() copies skb by skb and runs tcp_rcv_space_adjust() after each one, so
    // the measure that falls due during a read sees the bytes copied up to the end of its first
    // skb, the rest of the read still queued (inq), not the whole read done.
    std::vector<QueuedSkb>& queue = rx.receiveQueue;
    while (rx.copiedSeq < readEnd) {
      rx.copiedSeq =
          rx.receiveQueueHead < queue.size() ? std::min(readEnd, queue[rx.receiveQueueHead].end) : readEnd;
      // A segment's memory is freed once it has been read completely (tcp_eat_recv_skb()).
      while (rx.receiveQueueHead < queue.size() && queue[rx.receiveQueueHead].end <= rx.copiedSeq) {
        rx.buffer.uncharge(queue[rx.receiveQueueHead].truesize);
        ++rx.receiveQueueHead;
      }
      rx.buffer.spaceAdjust(nowMicros(), rx.copiedSeq, m_rcvNxt, oooSpan);
    }
    // Keep the queue empty() whenever nothing is unread (the receive side reads back()), and
    // drop what was read once it is the larger part.
    if (rx.receiveQueueHead == queue.size()) {
      queue.clear();
      rx.receiveQueueHead = 0;
    } else if (rx.receiveQueueHead >= 64 && 2 * rx.receiveQueueHead >= queue.size()) {
      queue.erase(queue.begin(), queue.begin() + static_cast<std::ptrdiff_t>(rx.receiveQueueHead));
      rx.receiveQueueHead = 0;
    }
    if (m_state != TcpState::Closed) linuxAfterRead(taken);
    return taken;
  }
  const std::uint32_t before = advertisedWindow();
  m_rcvBuffered -= taken;
  // Tell the sender when the window reopens by a useful amount (RFC 9293 3.8.6.2.2).
  const std::uint32_t after = advertisedWindow();
  if (after > before && (before == 0 || after - before >= 2 * m_mss) && m_state != TcpState::Closed) {
    sendAck();
  }
  return taken;
}

void TcpConnection::notifyPeerClosed() {
  // The application sees the end of the stream after the data before it.
  if (m_autoRead && m_unreported > 0) {
    m_peerClosedPending = true;
    return;
  }
  m_peerClosedPending = false;
  if (Handler* handler = m_handler.get()) handler->onTcpPeerClosed();
}

}  // namespace wirelab::models::transport::tcp
