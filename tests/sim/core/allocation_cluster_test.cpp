// Allocation clusters: opted-in objects made inside a scope share its block, in allocation order,
// with their alignment; outside a scope (or once the block is full) they come from the heap; a
// block is reused once its cluster and all its objects are gone.
#include "sim/core/allocation_cluster.h"

#include <gtest/gtest.h>

#include <cstddef>
#include <cstdint>
#include <memory>
#include <vector>

#include "tests/support/address.h"

namespace wirelab::sim {
namespace {

using wirelab::testing::address;

struct Small : ClusterAllocated {
  std::uint64_t value = 0;
};

struct alignas(64) LineAligned : ClusterAllocated {
  char bytes[64] = {};
};

struct Base : ClusterAllocated {
  virtual ~Base() = default;
};
struct Derived : Base {
  std::uint64_t extra[4] = {};
};

bool within(const AllocationCluster& cluster, const void* p) {
  const std::uintptr_t begin = address(cluster.data());
  return address(p) >= begin && address(p) < begin + cluster.capacityBytes();
}

TEST(AllocationCluster, ObjectsOutsideAScopeUseTheHeap) {
  auto a = std::make_unique<Small>();
  EXPECT_FALSE(AllocationCluster::inBlock(a.get()));
  AllocationCluster empty;
  AllocationCluster::Scope scope(empty);  // a scope of an empty cluster: still the heap
  auto b = std::make_unique<Small>();
  EXPECT_FALSE(AllocationCluster::inBlock(b.get()));
}

TEST(AllocationCluster, ObjectsInAScopeShareTheBlockInOrder) {
  AllocationCluster cluster(AllocationCluster::bytesFor({sizeof(Small), sizeof(Derived), sizeof(Small)}));
  std::unique_ptr<Small> first;
  std::unique_ptr<Base> second;
  std::unique_ptr<Small> third;
  {
    AllocationCluster::Scope scope(cluster);
    first = std::make_unique<Small>();
    second = std::make_unique<Derived>();
    third = std::make_unique<Small>();
  }
  EXPECT_TRUE(AllocationCluster::inBlock(first.get()));
  EXPECT_TRUE(within(cluster, first.get()));
  EXPECT_TRUE(within(cluster, second.get()));
  EXPECT_TRUE(within(cluster, third.get()));
  EXPECT_LT(address(first.get()), address(second.get()));
  EXPECT_LT(address(second.get()), address(third.get()));
  // Adjacent but for the header (and the default alignment's padding).
  constexpr std::size_t kAlign = __STDCPP_DEFAULT_NEW_ALIGNMENT__;
  EXPECT_EQ(address(second.get()) - address(first.get()),
            (sizeof(Small) + kAlign - 1) / kAlign * kAlign + AllocationCluster::kHeaderBytes);
  // After the scope, the heap again.
  auto after = std::make_unique<Small>();
  EXPECT_FALSE(AllocationCluster::inBlock(after.get()));
}

TEST(AllocationCluster, AFullBlockFallsBackToTheHeap) {
  AllocationCluster cluster(AllocationCluster::bytesFor({sizeof(Small)}));
  AllocationCluster::Scope scope(cluster);
  std::vector<std::unique_ptr<Small>> objects;
  for (int i = 0; i < 100; ++i) objects.push_back(std::make_unique<Small>());
  EXPECT_TRUE(AllocationCluster::inBlock(objects.front().get()));
  EXPECT_FALSE(AllocationCluster::inBlock(objects.back().get()));
  EXPECT_LE(cluster.usedBytes(), cluster.capacityBytes());
}

TEST(AllocationCluster, AlignmentIsKept) {
  AllocationCluster cluster(1024);
  AllocationCluster::Scope scope(cluster);
  auto small = std::make_unique<Small>();
  auto aligned = std::make_unique<LineAligned>();
  EXPECT_TRUE(AllocationCluster::inBlock(aligned.get()));
  EXPECT_EQ(address(aligned.get()) % 64, 0u);
  EXPECT_EQ(address(small.get()) % __STDCPP_DEFAULT_NEW_ALIGNMENT__, 0u);
  AllocationCluster none;
  AllocationCluster::Scope heap(none);
  auto onHeap = std::make_unique<LineAligned>();
  EXPECT_FALSE(AllocationCluster::inBlock(onHeap.get()));
  EXPECT_EQ(address(onHeap.get()) % 64, 0u);
}

TEST(AllocationCluster, SharedObjectsAndTheirControlBlockGoToTheCluster) {
  AllocationCluster cluster(1024);
  std::shared_ptr<std::uint64_t> shared;
  {
    AllocationCluster::Scope scope(cluster);
    shared = std::allocate_shared<std::uint64_t>(ClusterAllocator<std::uint64_t>(), 7);
  }
  EXPECT_TRUE(within(cluster, shared.get()));
  EXPECT_EQ(*shared, 7u);
}

TEST(AllocationCluster, ABlockIsReusedOnceItsClusterAndObjectsAreGone) {
  const std::size_t bytes = 4000;  // a size no other test uses: its own free list
  auto cluster = std::make_unique<AllocationCluster>(bytes);
  const void* block = cluster->data();
  std::unique_ptr<Small> object;
  {
    AllocationCluster::Scope scope(*cluster);
    object = std::make_unique<Small>();
  }
  cluster.reset();
  // The object keeps the block alive: a new cluster gets another one.
  AllocationCluster second(bytes);
  EXPECT_NE(second.data(), block);
  object.reset();
  // Now the block is free, and the next cluster of that size reuses it.
  AllocationCluster third(bytes);
  EXPECT_EQ(third.data(), block);
  EXPECT_EQ(third.usedBytes(), 0u);
}

TEST(AllocationCluster, ManyShortLivedClustersDoNotGrowMemory) {
  // Open and close connections' worth of clusters: the same few blocks come back.
  std::vector<const void*> seen;
  for (int i = 0; i < 1000; ++i) {
    AllocationCluster cluster(3000);
    std::unique_ptr<Derived> object;
    {
      AllocationCluster::Scope scope(cluster);
      object = std::make_unique<Derived>();
    }
    bool known = false;
    for (const void* p : seen) known = known || p == cluster.data();
    if (!known) seen.push_back(cluster.data());
  }
  EXPECT_EQ(seen.size(), 1u);
}

TEST(AllocationCluster, ScopesNest) {
  AllocationCluster outer(512);
  AllocationCluster inner(512);
  AllocationCluster::Scope outerScope(outer);
  std::unique_ptr<Small> a;
  std::unique_ptr<Small> b;
  std::unique_ptr<Small> c;
  a = std::make_unique<Small>();
  {
    AllocationCluster::Scope innerScope(inner);
    b = std::make_unique<Small>();
  }
  c = std::make_unique<Small>();
  EXPECT_TRUE(within(outer, a.get()));
  EXPECT_TRUE(within(inner, b.get()));
  EXPECT_TRUE(within(outer, c.get()));
}

TEST(AllocationCluster, BlockPrefetchNamesTheWholeBlockOfAClusteredObject) {
  AllocationCluster cluster(AllocationCluster::bytesFor({sizeof(Small), sizeof(Derived)}));
  std::unique_ptr<Small> first;
  std::unique_ptr<Base> second;
  {
    AllocationCluster::Scope scope(cluster);
    first = std::make_unique<Small>();
    second = std::make_unique<Derived>();
  }
  // From either object: one region from the block's start past its capacity, so that both objects
  // (and the block's bookkeeping in front of them) are in it.
  for (const void* object : {static_cast<const void*>(first.get()), static_cast<const void*>(second.get())}) {
    const PrefetchTarget t = AllocationCluster::blockPrefetch(object, 8);
    const std::uintptr_t begin = address(t.address());
    const std::uintptr_t end = begin / PrefetchTarget::kLineBytes * PrefetchTarget::kLineBytes +
                               t.lines() * PrefetchTarget::kLineBytes;
    EXPECT_LT(begin, address(cluster.data()));
    EXPECT_GE(end, address(cluster.data()) + cluster.capacityBytes());
    EXPECT_LE(address(first.get()), end);
    EXPECT_GT(address(second.get()), begin);
  }
}

TEST(AllocationCluster, BlockPrefetchOfAHeapObjectIsTheObject) {
  auto heap = std::make_unique<Derived>();
  const PrefetchTarget t = AllocationCluster::blockPrefetch(heap.get(), sizeof(Derived));
  EXPECT_EQ(t.address(), heap.get());
  EXPECT_EQ(t.lines(), PrefetchTarget(heap.get(), sizeof(Derived)).lines());
}

TEST(AllocationCluster, BlockPrefetchOfALargeBlockIsCut) {
  AllocationCluster cluster(100 * PrefetchTarget::kLineBytes);
  std::unique_ptr<Small> object;
  {
    AllocationCluster::Scope scope(cluster);
    object = std::make_unique<Small>();
  }
  EXPECT_EQ(AllocationCluster::blockPrefetch(object.get(), sizeof(Small)).lines(), PrefetchTarget::kMaxLines);
}

TEST(AllocationCluster, MovingAClusterKeepsItsBlock) {
  AllocationCluster a(512);
  const void* block = a.data();
  AllocationCluster b(std::move(a));
  EXPECT_EQ(b.data(), block);
  EXPECT_TRUE(a.empty());  // NOLINT(bugprone-use-after-move): moved-from is empty by contract
  AllocationCluster c;
  c = std::move(b);
  EXPECT_EQ(c.data(), block);
}

}  // namespace
}  // namespace wirelab::sim
