#include <cassert>

#include "sim/net/packet.h"

namespace wirelab::sim {

PacketPool::~PacketPool() {
  // Packets still alive hold a pointer to this pool; a model that outlives its network is a bug.
  assert(m_live == 0 && "PacketPool destroyed while packets are alive");
}

PacketPtr PacketPool::acquire() {
  if (m_free == nullptr) {
    m_chunks.push_back(std::make_unique<Packet[]>(kChunkSize));
    Packet* chunk = m_chunks.back().get();
    for (std::size_t i = kChunkSize; i-- > 0;) {
      chunk[i].m_nextFree = m_free;
      m_free = &chunk[i];
    }
  }
  Packet* p = m_free;
  m_free = p->m_nextFree;
  // The next acquire reads the new head's link and writes its fields: start loading them now (a
  // free list is a chain of cold packets when thousands are sent in a row, as a fan-out does).
  // The link is the packet's last member, a line or two after its first byte: prefetching only
  // the first line left the fan-out waiting on every link (bench/README.md, twelfth pass).
  if (m_free != nullptr) {
    __builtin_prefetch(m_free, 1);
    __builtin_prefetch(&m_free->m_nextFree, 1);
  }
  // Reset the public fields; the header bytes are the model's to overwrite.
  p->uid = m_nextUid++;
  p->source = kNoNode;
  p->destination = kNoNode;
  p->sizeBytes = 0;
  p->payloadBytes = 0;
  p->sourcePort = 0;
  p->destinationPort = 0;
  p->protocol = 0;
  p->ttl = 64;
  p->createdAt = SimTime::zero();
  p->arrivalPrefetch[0] = p->arrivalPrefetch[1] = PrefetchTarget();
  p->m_pool = this;
  p->m_nextFree = nullptr;
  ++m_live;
  return PacketPtr(p);
}

}  // namespace wirelab::sim
