// File: sim/core/radix_heap.h
// The scheduler's event queue: a radix heap (Ahuja, Mehlhorn, Orlin & Tarjan 1990) over 128-bit
// keys. It exploits what every discrete-event simulator guarantees: keys only grow (no event is
// scheduled before the last one dispatched). A key lives in the bucket named by the highest bit in
// which it differs from the last key removed; push appends to a bucket (O(1)); removing the
// minimum empties the lowest non-empty bucket into lower ones, so each key moves at most 128
// times and, in practice, a few times. Every access is a sequential scan or an append, which is
// why it beats a binary or 4-ary heap by a wide margin once the pending set outgrows the caches.
#pragma once

#include <array>
#include <cstdint>
#include <optional>
#include <vector>

namespace wirelab::sim {

class RadixHeap {
 public:
  __extension__ using Key = unsigned __int128;

  bool empty() const { return m_size == 0; }
  std::size_t size() const { return m_size; }

  // Precondition: key >= the last key removed (monotone use).
  void push(Key key) {
    const int b = bucketOf(key);
    m_buckets[static_cast<std::size_t>(b)].push_back(key);
    m_nonEmpty[static_cast<std::size_t>(b >> 6)] |= std::uint64_t{1} << (b & 63);
    ++m_size;
  }

  // Removes and returns the minimum if it is <= limit; otherwise changes nothing.
  std::optional<Key> popIfAtMost(Key limit) {
    if (m_size == 0) return std::nullopt;
    if (m_buckets[0].empty()) {
      const int b = lowestNonEmpty();
      std::vector<Key>& from = m_buckets[static_cast<std::size_t>(b)];
      Key min = from[0];
      for (const Key k : from) min = k < min ? k : min;
      if (min > limit) return std::nullopt;
      m_last = min;
      clearBit(b);
      for (const Key k : from) {
        const int nb = bucketOf(k);
        m_buckets[static_cast<std::size_t>(nb)].push_back(k);
        m_nonEmpty[static_cast<std::size_t>(nb >> 6)] |= std::uint64_t{1} << (nb & 63);
      }
      from.clear();
    }
    std::vector<Key>& zero = m_buckets[0];
    const Key key = zero.back();
    if (key > limit) return std::nullopt;
    zero.pop_back();
    if (zero.empty()) clearBit(0);
    --m_size;
    return key;
  }

  // Visits every key (in no particular order).
  template <typename F>
  void forEach(F&& f) const {
    for (const auto& bucket : m_buckets) {
      for (const Key k : bucket) f(k);
    }
  }
  // Replaces the contents with the keys `keep` accepts. The last removed key stays the floor.
  template <typename Keep>
  void filter(Keep&& keep) {
    m_size = 0;
    for (std::size_t b = 0; b < m_buckets.size(); ++b) {
      auto& bucket = m_buckets[b];
      std::size_t out = 0;
      for (const Key k : bucket) {
        if (keep(k)) bucket[out++] = k;
      }
      bucket.resize(out);
      m_size += out;
      if (out == 0) clearBit(static_cast<int>(b));
    }
  }

 private:
  static constexpr int kBuckets = 129;  // bucket 0: equal to the last removed; b: highest differing bit b-1

  int bucketOf(Key key) const {
    const Key x = key ^ m_last;
    const auto hi = static_cast<std::uint64_t>(x >> 64);
    const auto lo = static_cast<std::uint64_t>(x);
    if (hi != 0) return 128 - __builtin_clzll(hi);
    if (lo != 0) return 64 - __builtin_clzll(lo);
    return 0;
  }
  int lowestNonEmpty() const {
    for (std::size_t w = 0; w < m_nonEmpty.size(); ++w) {
      if (m_nonEmpty[w] != 0) return static_cast<int>(w * 64) + __builtin_ctzll(m_nonEmpty[w]);
    }
    return -1;
  }
  void clearBit(int b) { m_nonEmpty[static_cast<std::size_t>(b >> 6)] &= ~(std::uint64_t{1} << (b & 63)); }

  std::array<std::vector<Key>, kBuckets> m_buckets;
  std::array<std::uint64_t, 3> m_nonEmpty{};
  Key m_last = 0;
  std::size_t m_size = 0;
};

}  // namespace wirelab::sim
