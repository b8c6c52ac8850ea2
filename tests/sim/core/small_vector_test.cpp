// SmallVector: the same sequence as std::vector through inline storage, growth and front erases.
#include "sim/core/small_vector.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <cstdint>
#include <vector>

namespace wirelab::sim {
namespace {

struct Item {
  std::uint64_t a = 0;
  std::uint32_t b = 0;
  bool operator==(const Item&) const = default;
};

TEST(SmallVector, MatchesStdVectorThroughGrowthAndErases) {
  SmallVector<Item, 2> small;
  std::vector<Item> reference;
  for (std::uint32_t i = 0; i < 200; ++i) {
    small.push_back({i, i * 3});
    reference.push_back({i, i * 3});
    if (i % 7 == 6) {
      // Erase a prefix, as TCP drops acknowledged segments.
      const auto n = static_cast<std::ptrdiff_t>(i % 4);
      small.erase(small.begin(), small.begin() + n);
      reference.erase(reference.begin(), reference.begin() + n);
    }
    ASSERT_EQ(small.size(), reference.size());
    ASSERT_TRUE(std::equal(small.begin(), small.end(), reference.begin()));
    ASSERT_EQ(small.back(), reference.back());
  }
  small.clear();
  EXPECT_TRUE(small.empty());
  EXPECT_GE(small.capacity(), 2u);
}

TEST(SmallVector, StaysInlineUpToItsCapacity) {
  SmallVector<Item, 2> v;
  v.push_back({1, 1});
  v.push_back({2, 2});
  const auto* inlineData = reinterpret_cast<const unsigned char*>(v.data());
  const auto* object = reinterpret_cast<const unsigned char*>(&v);
  EXPECT_TRUE(inlineData >= object && inlineData < object + sizeof(v));
  v.push_back({3, 3});
  EXPECT_EQ(v.capacity(), 4u);
  EXPECT_EQ(v[2], (Item{3, 3}));
  EXPECT_EQ(v[0], (Item{1, 1}));  // moved to the heap whole, before the pointer took their place
  // Off the object once grown: the pointer lives where the inline elements were.
  const auto* heapData = reinterpret_cast<const unsigned char*>(v.data());
  EXPECT_FALSE(heapData >= object && heapData < object + sizeof(v));
}

TEST(SmallVector, IsItsInlineElementsAndTwoCounts) {
  EXPECT_EQ(sizeof(SmallVector<Item, 2>), 2 * sizeof(Item) + 8);
  EXPECT_EQ(sizeof(SmallVector<std::uint32_t, 2>), 16u);  // the pointer needs 8 inline bytes
}

}  // namespace
}  // namespace wirelab::sim
