#include "sim/net/drop_tail_queue.h"

#include <utility>

#include "sim/net/packet.h"

namespace wirelab::sim {

void DropTailQueue::grow() {
  const std::size_t oldSize = m_ring.size();
  std::vector<PacketPtr> bigger(oldSize == 0 ? 16 : oldSize * 2);
  for (std::size_t i = 0; i < static_cast<std::size_t>(m_count); ++i) {
    bigger[i] = std::move(m_ring[(m_head + i) & (oldSize - 1)]);
  }
  m_ring = std::move(bigger);
  m_head = 0;
}

void DropTailQueue::push(PacketPtr p) {
  if (static_cast<std::size_t>(m_count) == m_ring.size()) grow();
  m_bytes += p->sizeBytes;
  m_ring[(m_head + static_cast<std::size_t>(m_count)) & (m_ring.size() - 1)] = std::move(p);
  ++m_count;
}

PacketPtr DropTailQueue::pop() {
  // A long queue's packets were written long ago and are cold by the time they leave: start
  // loading the one that leaves a few transmissions from now (its first two lines: the fields
  // the interface and the next hop read).
  constexpr std::size_t kAhead = 8;
  if (static_cast<std::size_t>(m_count) > kAhead) {
    const auto* later = reinterpret_cast<const char*>(m_ring[(m_head + kAhead) & (m_ring.size() - 1)].get());
    __builtin_prefetch(later);
    __builtin_prefetch(later + 64);
  }
  PacketPtr p = std::move(m_ring[m_head]);
  m_head = (m_head + 1) & (m_ring.size() - 1);
  --m_count;
  m_bytes -= p->sizeBytes;
  return p;
}

}  // namespace wirelab::sim
