// File: sim/core/radix_heap.h
// The scheduler's event queue: a radix heap (Ahuja, Mehlhorn, Orlin & Tarjan 1990) over 128-bit
// keys, with base-256 digits. It exploits what every discrete-event simulator guarantees: keys
// only grow (no event is scheduled before the last one dispatched). A key lives in the bucket
// named by the highest byte in which it differs from the last key removed and by its value in that
// byte. push appends to a bucket (O(1)). Removing the minimum empties the lowest non-empty bucket
// into lower ones; each key moves at most 16 times (once per byte), in practice two or three.
// Every access is an append or a sequential scan, which is why it beats binary and 4-ary heaps by
// a wide margin once the pending set outgrows the caches.
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
    place(key);
    ++m_size;
  }

  // Removes and returns the minimum if it is <= limit; otherwise changes nothing.
  std::optional<Key> popIfAtMost(Key limit) {
    return popIfAtMost(limit, [](Key) {});
  }

  // The same, and calls soon(key) for every key of a small bucket (at most kSoonBucketSize keys)
  // that gets redistributed: those keys are the next few to be removed, which gives a caller the
  // lead time to prefetch what they refer to.
  template <typename Soon>
  std::optional<Key> popIfAtMost(Key limit, Soon&& soon) {
    if (m_size == 0) return std::nullopt;
    if (m_equal.empty()) {
      const std::size_t b = lowestNonEmpty();
      std::vector<Key>& from = m_buckets[b];
      Key min = from[0];
      for (const Key k : from) min = k < min ? k : min;
      if (min > limit) return std::nullopt;
      m_last = min;
      markEmpty(b);
      const bool small = from.size() <= kSoonBucketSize;
      for (const Key k : from) {
        if (small) soon(k);
        place(k);  // every key lands in a lower bucket or in m_equal
      }
      from.clear();
    }
    const Key key = m_equal.back();
    if (key > limit) return std::nullopt;
    m_equal.pop_back();
    --m_size;
    return key;
  }

  // A cheap guess at the next minimum, for prefetching: the smallest key of the lowest non-empty
  // bucket when that bucket is small; nullopt when finding it would cost a scan.
  std::optional<Key> likelyNext() const {
    if (m_size == 0) return std::nullopt;
    const std::vector<Key>& bucket = m_equal.empty() ? m_buckets[lowestNonEmpty()] : m_equal;
    if (bucket.size() > 4) return std::nullopt;
    Key min = bucket[0];
    for (const Key k : bucket) min = k < min ? k : min;
    return min;
  }

  // Replaces the contents with the keys `keep` accepts. The last removed key stays the floor.
  template <typename Keep>
  void filter(Keep&& keep) {
    const auto filterOne = [&](std::vector<Key>& bucket) {
      std::size_t out = 0;
      for (const Key k : bucket) {
        if (keep(k)) bucket[out++] = k;
      }
      bucket.resize(out);
      return out;
    };
    m_size = filterOne(m_equal);
    for (std::size_t b = 0; b < m_buckets.size(); ++b) {
      if (m_buckets[b].empty()) continue;
      const std::size_t kept = filterOne(m_buckets[b]);
      m_size += kept;
      if (kept == 0) markEmpty(b);
    }
  }

 private:
  static constexpr int kLevels = 16;  // bytes of a key
  static constexpr std::size_t kSoonBucketSize = 256;
  static constexpr int kDigits = 256;

  void place(Key key) {
    const Key x = key ^ m_last;
    if (x == 0) {
      m_equal.push_back(key);
      return;
    }
    const auto hi = static_cast<std::uint64_t>(x >> 64);
    const int bit = hi != 0 ? 127 - __builtin_clzll(hi) : 63 - __builtin_clzll(static_cast<std::uint64_t>(x));
    const int level = bit >> 3;
    const auto digit = static_cast<std::size_t>(static_cast<std::uint64_t>(key >> (level * 8)) & 0xff);
    const std::size_t b = static_cast<std::size_t>(level) * kDigits + digit;
    m_buckets[b].push_back(key);
    m_digitMask[b >> 6] |= std::uint64_t{1} << (b & 63);
    m_levelMask |= 1u << level;
  }

  void markEmpty(std::size_t b) {
    m_digitMask[b >> 6] &= ~(std::uint64_t{1} << (b & 63));
    const std::size_t level = b / kDigits;
    const std::size_t word = level * (kDigits / 64);
    if ((m_digitMask[word] | m_digitMask[word + 1] | m_digitMask[word + 2] | m_digitMask[word + 3]) == 0) {
      m_levelMask &= ~(1u << level);
    }
  }

  std::size_t lowestNonEmpty() const {
    const auto level = static_cast<std::size_t>(__builtin_ctz(m_levelMask));
    for (std::size_t w = level * (kDigits / 64);; ++w) {
      if (m_digitMask[w] != 0) return w * 64 + static_cast<std::size_t>(__builtin_ctzll(m_digitMask[w]));
    }
  }

  std::array<std::vector<Key>, kLevels * kDigits> m_buckets;
  std::vector<Key> m_equal;  // keys equal to the last removed one (unique keys: at most one)
  std::array<std::uint64_t, kLevels * kDigits / 64> m_digitMask{};
  std::uint32_t m_levelMask = 0;
  Key m_last = 0;
  std::size_t m_size = 0;
};

}  // namespace wirelab::sim
