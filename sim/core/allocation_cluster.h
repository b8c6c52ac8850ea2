// File: sim/core/allocation_cluster.h
// Allocation clusters: the objects one event chain walks through (a client, its TCP connection,
// the connection's congestion controller, its message endpoint and wire), placed side by side in
// one block instead of wherever the heap puts each of them.
//
// Why: with 100,000 clients an event touches several cold objects one after the other, each a
// dependent cache miss somewhere in hundreds of MiB (bench/README.md, "Many clients on one core").
// Objects allocated at different times (a client at set-up, its connection when it starts; a
// server's connection at the SYN, its per-client state at the accept one round trip later) land
// far apart. Allocated into one block they share pages and neighbouring lines, so one prefetch
// region covers the chain and the hardware's adjacent-line prefetchers help.
//
// How: a cluster owns a block of memory. While a Scope of it is active on this thread, classes
// that opt in (derive from ClusterAllocated, or use ClusterAllocator) take their memory from the
// block, in allocation order; with no active scope, or once the block is full, from the ordinary
// heap. Every such allocation carries a 16-byte header naming its block (or none), so deleting an
// object needs no scope. A block is reused (not returned to the system) once its cluster handle
// and every object in it are gone; freed space inside a live block is not reused.
//
//   sim::AllocationCluster cluster(sim::AllocationCluster::bytesFor({sizeof(Client), sizeof(Conn)}));
//   {
//     sim::AllocationCluster::Scope scope(cluster);
//     client = std::make_unique<Client>();  // Client derives from sim::ClusterAllocated
//   }
//
// Single-threaded like the scheduler: a cluster's objects are created and destroyed on the thread
// that made the cluster.
#pragma once

#include <cstddef>
#include <initializer_list>
#include <new>

#include "sim/core/prefetch.h"

namespace wirelab::sim {

namespace detail {
struct ClusterBlock;
}

class AllocationCluster {
 public:
  // Bytes each allocation costs on top of its size.
  static constexpr std::size_t kHeaderBytes = 16;
  // The block size that holds objects of these sizes (default alignment), headers included.
  static std::size_t bytesFor(std::initializer_list<std::size_t> objectSizes);

  // No block: scopes of an empty cluster allocate from the heap.
  AllocationCluster() = default;
  // Reserves a block of at least `bytes` (0: none).
  explicit AllocationCluster(std::size_t bytes);
  AllocationCluster(AllocationCluster&& other) noexcept;
  AllocationCluster& operator=(AllocationCluster&& other) noexcept;
  AllocationCluster(const AllocationCluster&) = delete;
  AllocationCluster& operator=(const AllocationCluster&) = delete;
  ~AllocationCluster();

  bool empty() const { return m_block == nullptr; }
  // The block's memory in use so far: where its objects start, and how far they reach.
  const void* data() const;
  std::size_t usedBytes() const;
  std::size_t capacityBytes() const;

  // Makes `cluster` the one opted-in allocations on this thread go to, until destroyed (scopes
  // nest: the previous one comes back).
  class Scope {
   public:
    explicit Scope(AllocationCluster& cluster);
    Scope(const Scope&) = delete;
    Scope& operator=(const Scope&) = delete;
    ~Scope();

   private:
    detail::ClusterBlock* m_previous;
  };

  // Memory for one object: from the active scope's block if it fits, else from the heap.
  static void* allocate(std::size_t bytes, std::size_t alignment);
  // Frees what allocate() returned (from any scope, or none).
  static void release(void* object) noexcept;
  // Whether allocate() placed `object` in a cluster's block (rather than the heap).
  static bool inBlock(const void* object);
  // What an event that starts at `object` (`objectBytes` long) should have prefetched: the whole
  // block it lives in, whose other objects the event's chain goes on to (a client's timer reaches
  // its endpoint, wire and connection), or, for an object on the heap, the object alone. `object`
  // must come from allocate() (a ClusterAllocated class's operator new): its header is read.
  static PrefetchTarget blockPrefetch(const void* object, std::size_t objectBytes);

 private:
  detail::ClusterBlock* m_block = nullptr;
};

// Opt-in base for a class whose objects go to the active cluster. Empty: it adds no bytes.
// `delete` through a base pointer finds these through the virtual destructor.
struct ClusterAllocated {
  static void* operator new(std::size_t bytes) {
    return AllocationCluster::allocate(bytes, __STDCPP_DEFAULT_NEW_ALIGNMENT__);
  }
  static void* operator new(std::size_t bytes, std::align_val_t alignment) {
    return AllocationCluster::allocate(bytes, static_cast<std::size_t>(alignment));
  }
  static void operator delete(void* object) noexcept { AllocationCluster::release(object); }
  static void operator delete(void* object, std::align_val_t) noexcept { AllocationCluster::release(object); }
};

// For std::allocate_shared: the object and its control block in the active cluster.
template <typename T>
struct ClusterAllocator {
  using value_type = T;
  ClusterAllocator() = default;
  template <typename U>
  ClusterAllocator(const ClusterAllocator<U>&) {}  // NOLINT(google-explicit-constructor): rebinding
  T* allocate(std::size_t n) {
    return static_cast<T*>(AllocationCluster::allocate(n * sizeof(T), alignof(T)));
  }
  void deallocate(T* p, std::size_t) noexcept { AllocationCluster::release(p); }
  template <typename U>
  bool operator==(const ClusterAllocator<U>&) const {
    return true;
  }
};

}  // namespace wirelab::sim
