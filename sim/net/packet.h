// File: sim/net/packet.h (Packet, PacketPtr, PacketPool)
// A packet as the kernel sees it: who sends it to whom, how many bytes it occupies on the wire, and
// an opaque header area that a model fills with its own trivially copyable header struct. The
// kernel never interprets that area (it knows no protocol). Packets come from a PacketPool and
// travel as move-only PacketPtr handles, so the hot path allocates nothing per packet.
//
//   PacketPtr p = network.newPacket();
//   p->destination = server; p->protocol = kTcp; p->sizeBytes = 1500;
//   p->header<TcpHeader>() = hdr;          // model-owned layout
#pragma once

#include <cstddef>
#include <cstdint>
#include <memory>
#include <new>
#include <type_traits>
#include <vector>

#include "sim/core/prefetch.h"
#include "sim/core/time.h"

namespace wirelab::sim {

using NodeId = std::uint32_t;
inline constexpr NodeId kNoNode = 0xffffffffu;

class PacketPool;
class PacketPtr;

class Packet {
 public:
  // Room for one transport header (TCP with SACK blocks, a QUIC short header with a few frames).
  static constexpr std::size_t kHeaderCapacity = 96;

  std::uint64_t uid = 0;  // unique within a run, in creation order
  NodeId source = kNoNode;
  NodeId destination = kNoNode;
  std::uint32_t sizeBytes = 0;     // everything that occupies the link: headers and payload
  std::uint32_t payloadBytes = 0;  // application bytes carried (for goodput)
  std::uint16_t sourcePort = 0;
  std::uint16_t destinationPort = 0;
  std::uint8_t protocol = 0;  // chosen by the model that registered a handler for it
  std::uint8_t ttl = 64;      // hops left; forwarding decrements it
  SimTime createdAt;
  // What the model at the destination will touch when the packet arrives there (its connection
  // state, as the sender's model last learned it): prefetched ahead of the arrival. Only a hint.
  PrefetchTarget arrivalPrefetch[2];
  // The packet's own lines, for a hint that names the packet (an arrival, a hop).
  PrefetchTarget prefetchTarget() const { return PrefetchTarget(this, sizeof(Packet)); }

  // The model's header, constructed in place on first use of a type.
  template <typename Header>
  Header& header() {
    static_assert(sizeof(Header) <= kHeaderCapacity, "header larger than Packet::kHeaderCapacity");
    static_assert(std::is_trivially_copyable_v<Header>, "headers must be trivially copyable");
    static_assert(alignof(Header) <= alignof(std::max_align_t), "over-aligned header");
    return *std::launder(reinterpret_cast<Header*>(m_header));
  }
  template <typename Header>
  const Header& header() const {
    static_assert(sizeof(Header) <= kHeaderCapacity, "header larger than Packet::kHeaderCapacity");
    return *std::launder(reinterpret_cast<const Header*>(m_header));
  }
  template <typename Header>
  Header& setHeader(const Header& value) {
    static_assert(sizeof(Header) <= kHeaderCapacity, "header larger than Packet::kHeaderCapacity");
    static_assert(std::is_trivially_copyable_v<Header>, "headers must be trivially copyable");
    return *::new (static_cast<void*>(m_header)) Header(value);
  }

 private:
  friend class PacketPool;
  friend class PacketPtr;
  alignas(std::max_align_t) std::byte m_header[kHeaderCapacity] = {};
  PacketPool* m_pool = nullptr;
  Packet* m_nextFree = nullptr;
};

// Owns one pooled packet; returns it to its pool when destroyed. Move-only, one pointer wide, so it
// fits in an event's inline captures.
class PacketPtr {
 public:
  PacketPtr() = default;
  explicit PacketPtr(Packet* p) : m_packet(p) {}
  PacketPtr(PacketPtr&& o) noexcept : m_packet(o.m_packet) { o.m_packet = nullptr; }
  PacketPtr& operator=(PacketPtr&& o) noexcept {
    if (this != &o) {
      reset();
      m_packet = o.m_packet;
      o.m_packet = nullptr;
    }
    return *this;
  }
  PacketPtr(const PacketPtr&) = delete;
  PacketPtr& operator=(const PacketPtr&) = delete;
  ~PacketPtr() { reset(); }

  Packet* operator->() const { return m_packet; }
  Packet& operator*() const { return *m_packet; }
  Packet* get() const { return m_packet; }
  explicit operator bool() const { return m_packet != nullptr; }
  void reset();

 private:
  Packet* m_packet = nullptr;
};

// The packets of one run. Packets are carved from fixed chunks and recycled through a free list, so
// after warm-up no packet costs a heap allocation. live() counts packets in existence: the
// "in flight" term of the conservation check sent = delivered + dropped + in flight.
class PacketPool {
 public:
  PacketPool() = default;
  PacketPool(const PacketPool&) = delete;
  PacketPool& operator=(const PacketPool&) = delete;
  ~PacketPool();

  // A packet with every field reset and a fresh uid.
  PacketPtr acquire();
  void release(Packet* packet);

  std::int64_t live() const { return m_live; }
  std::uint64_t created() const { return m_nextUid; }

 private:
  static constexpr std::size_t kChunkSize = 1024;
  std::vector<std::unique_ptr<Packet[]>> m_chunks;
  Packet* m_free = nullptr;
  std::int64_t m_live = 0;
  std::uint64_t m_nextUid = 0;
};

inline void PacketPool::release(Packet* packet) {
  packet->m_nextFree = m_free;
  m_free = packet;
  --m_live;
}

inline void PacketPtr::reset() {
  if (m_packet != nullptr) {
    m_packet->m_pool->release(m_packet);
    m_packet = nullptr;
  }
}

}  // namespace wirelab::sim
