#include "sim/core/allocation_cluster.h"

#include <cstdint>
#include <utility>
#include <vector>

namespace wirelab::sim {

namespace detail {
// A block's bookkeeping, in front of its objects.
struct alignas(16) ClusterBlock {
  std::uint32_t references = 0;  // the cluster handle and each object in the block
  std::uint32_t used = 0;        // bytes of the data area handed out
  std::uint32_t capacity = 0;    // bytes of the data area
  std::byte* data() { return reinterpret_cast<std::byte*>(this + 1); }
};
static_assert(sizeof(ClusterBlock) == 16);
}  // namespace detail

namespace {

using detail::ClusterBlock;

constexpr std::size_t kLineBytes = 64;
// Blocks are carved from chunks of this size. Chunks are kept for reuse, never given back: a run
// with churn reuses the blocks its closed connections freed, so memory follows the peak in use.
constexpr std::size_t kChunkBytes = std::size_t{1} << 20;

std::size_t roundUp(std::size_t n, std::size_t to) { return (n + to - 1) / to * to; }

// In front of every object allocate() returns.
struct ObjectHeader {
  ClusterBlock* block;        // null: the object is on the heap
  std::size_t heapAlignment;  // heap objects: the alignment they were allocated with
};
static_assert(sizeof(ObjectHeader) == AllocationCluster::kHeaderBytes);

ObjectHeader& headerOf(const void* object) {
  return *reinterpret_cast<ObjectHeader*>(static_cast<std::byte*>(const_cast<void*>(object)) -
                                          sizeof(ObjectHeader));
}

// Free blocks by size, and the chunk the next new block comes from. One per thread.
class BlockPool {
 public:
  ClusterBlock* take(std::size_t capacity) {
    const std::size_t total = roundUp(sizeof(ClusterBlock) + capacity, kLineBytes);
    for (FreeList& list : m_free) {
      if (list.total != total || list.head == nullptr) continue;
      ClusterBlock* block = list.head;
      list.head = nextFree(block);
      return reset(block, total);
    }
    if (m_chunkEnd - m_chunkNext < static_cast<std::ptrdiff_t>(total)) {
      const std::size_t chunkBytes = total > kChunkBytes ? total : kChunkBytes;
      m_chunkNext = static_cast<std::byte*>(::operator new (chunkBytes, std::align_val_t{kLineBytes}));
      m_chunkEnd = m_chunkNext + chunkBytes;
      m_chunks.push_back(m_chunkNext);
    }
    auto* block = new (m_chunkNext) ClusterBlock;
    m_chunkNext += total;
    return reset(block, total);
  }

  void give(ClusterBlock* block) {
    const std::size_t total = sizeof(ClusterBlock) + block->capacity;
    for (FreeList& list : m_free) {
      if (list.total != total) continue;
      nextFree(block) = list.head;
      list.head = block;
      return;
    }
    nextFree(block) = nullptr;
    m_free.push_back({total, block});
  }

 private:
  struct FreeList {
    std::size_t total;  // block size, bookkeeping included
    ClusterBlock* head;
  };

  // A free block's link lives in its (unused) data area.
  static ClusterBlock*& nextFree(ClusterBlock* block) {
    return *reinterpret_cast<ClusterBlock**>(block->data());
  }
  static ClusterBlock* reset(ClusterBlock* block, std::size_t total) {
    block->references = 1;  // the cluster handle's
    block->used = 0;
    block->capacity = static_cast<std::uint32_t>(total - sizeof(ClusterBlock));
    return block;
  }

  std::vector<FreeList> m_free;      // a handful of sizes
  std::vector<std::byte*> m_chunks;  // every chunk, so that they stay reachable (leak checkers)
  std::byte* m_chunkNext = nullptr;
  std::byte* m_chunkEnd = nullptr;
};

// Never destroyed: an object in static storage may give its block back after this thread's
// thread_local destructors have run (the chunks stay reachable from here until the process ends).
BlockPool& pool() {
  thread_local BlockPool* const t_pool = new BlockPool;
  return *t_pool;
}

thread_local ClusterBlock* t_active = nullptr;  // the innermost scope's block, or null

void dropReference(ClusterBlock* block) {
  if (--block->references == 0) pool().give(block);
}

}  // namespace

std::size_t AllocationCluster::bytesFor(std::initializer_list<std::size_t> objectSizes) {
  std::size_t bytes = 0;
  for (const std::size_t size : objectSizes) {
    bytes += kHeaderBytes + roundUp(size, __STDCPP_DEFAULT_NEW_ALIGNMENT__);
  }
  return bytes;
}

AllocationCluster::AllocationCluster(std::size_t bytes) : m_block(bytes > 0 ? pool().take(bytes) : nullptr) {}

AllocationCluster::AllocationCluster(AllocationCluster&& other) noexcept
    : m_block(std::exchange(other.m_block, nullptr)) {}

AllocationCluster& AllocationCluster::operator=(AllocationCluster&& other) noexcept {
  if (this != &other) {
    if (m_block != nullptr) dropReference(m_block);
    m_block = std::exchange(other.m_block, nullptr);
  }
  return *this;
}

AllocationCluster::~AllocationCluster() {
  if (m_block != nullptr) dropReference(m_block);
}

const void* AllocationCluster::data() const { return m_block != nullptr ? m_block->data() : nullptr; }
std::size_t AllocationCluster::usedBytes() const { return m_block != nullptr ? m_block->used : 0; }
std::size_t AllocationCluster::capacityBytes() const { return m_block != nullptr ? m_block->capacity : 0; }

AllocationCluster::Scope::Scope(AllocationCluster& cluster) : m_previous(t_active) {
  t_active = cluster.m_block;
}

AllocationCluster::Scope::~Scope() { t_active = m_previous; }

void* AllocationCluster::allocate(std::size_t bytes, std::size_t alignment) {
  if (alignment < kHeaderBytes) alignment = kHeaderBytes;
  if (ClusterBlock* block = t_active) {
    const auto base = reinterpret_cast<std::uintptr_t>(block->data());
    const std::uintptr_t object = roundUp(base + block->used + kHeaderBytes, alignment);
    if (object + bytes <= base + block->capacity) {
      block->used = static_cast<std::uint32_t>(object + bytes - base);
      ++block->references;
      auto* p = reinterpret_cast<void*>(object);
      headerOf(p) = {block, 0};
      return p;
    }
  }
  // The heap: the header takes `alignment` bytes in front, so the object keeps its alignment.
  std::byte* raw =
      alignment > __STDCPP_DEFAULT_NEW_ALIGNMENT__
          ? static_cast<std::byte*>(::operator new (bytes + alignment, std::align_val_t{alignment}))
          : static_cast<std::byte*>(::operator new(bytes + alignment));
  void* p = raw + alignment;
  headerOf(p) = {nullptr, alignment};
  return p;
}

void AllocationCluster::release(void* object) noexcept {
  if (object == nullptr) return;
  const ObjectHeader header = headerOf(object);
  if (header.block != nullptr) {
    dropReference(header.block);
    return;
  }
  std::byte* raw = static_cast<std::byte*>(object) - header.heapAlignment;
  if (header.heapAlignment > __STDCPP_DEFAULT_NEW_ALIGNMENT__) {
    ::operator delete (raw, std::align_val_t{header.heapAlignment});
  } else {
    ::operator delete(raw);
  }
}

bool AllocationCluster::inBlock(const void* object) { return headerOf(object).block != nullptr; }

PrefetchTarget AllocationCluster::blockPrefetch(const void* object, std::size_t objectBytes) {
  const ClusterBlock* block = headerOf(object).block;
  if (block == nullptr) return PrefetchTarget(object, objectBytes);
  return PrefetchTarget(block, sizeof(ClusterBlock) + block->capacity);
}

}  // namespace wirelab::sim
