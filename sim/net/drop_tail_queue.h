// File: sim/net/drop_tail_queue.h
// A FIFO of packets waiting for a transmitter, bounded in packets or in bytes (or both). A packet
// that would exceed a bound is refused (tail drop). The limits count waiting packets only, not the
// one being serialised, as Linux's pfifo and ns-3's DropTailQueue do. Storage is a power-of-two ring
// that grows to the run's peak and never shrinks: no allocation per packet.
#pragma once

#include <cstdint>
#include <limits>
#include <vector>

#include "sim/net/packet.h"

namespace wirelab::sim {

struct QueueLimits {
  std::int64_t maxPackets = std::numeric_limits<std::int64_t>::max();
  std::int64_t maxBytes = std::numeric_limits<std::int64_t>::max();
};

class DropTailQueue {
 public:
  explicit DropTailQueue(QueueLimits limits = {}) : m_limits(limits) {}

  bool wouldAccept(const Packet& p) const {
    return m_count + 1 <= m_limits.maxPackets && m_bytes + p.sizeBytes <= m_limits.maxBytes;
  }
  // Precondition: wouldAccept(*p).
  void push(PacketPtr p);
  PacketPtr pop();

  bool empty() const { return m_count == 0; }
  std::int64_t packets() const { return m_count; }
  std::int64_t bytes() const { return m_bytes; }
  const QueueLimits& limits() const { return m_limits; }

 private:
  void grow();

  QueueLimits m_limits;
  std::vector<PacketPtr> m_ring;
  std::size_t m_head = 0;
  std::int64_t m_count = 0;
  std::int64_t m_bytes = 0;
};

}  // namespace wirelab::sim
