// File: sim/core/radix_heap.h
// The scheduler's event queue: a radix heap (Ahuja, Mehlhorn, Orlin & Tarjan 1990) over 128-bit
// keys, with base-256 digits. It exploits what every discrete-event simulator guarantees: keys
// only grow (no event is scheduled before the last one dispatched). A key lives in the bucket
// named by the highest byte in which it differs from the base (the smallest key of the last
// bucket split) and by its value in that byte. push appends to a bucket (O(1)). When the next
// keys are needed, the lowest non-empty bucket, which holds the smallest keys, is either split
// into lower buckets (each key moves at most 16 times, once per byte) or, once it holds a few
// keys only, sorted into the run: the next kRunSize keys or fewer, removed from its end one by
// one. The run after it is sorted at the same time when it lies close ahead, so that the keys of
// both are known (and announced to the caller, for prefetching) a run in advance. A key pushed
// below a run's largest goes to a small min-heap that pops merge with the runs. Every access is
// an append, a sequential scan or a short sort, which is why it beats binary and 4-ary heaps by a
// wide margin once the pending set outgrows the caches.
#pragma once

#include <algorithm>
#include <array>
#include <cstdint>
#include <functional>
#include <optional>
#include <vector>

namespace wirelab::sim {

class RadixHeap {
 public:
  __extension__ using Key = unsigned __int128;

  bool empty() const { return m_size == 0; }
  std::size_t size() const { return m_size; }

  // Precondition: key >= the last key removed (monotone use). Returns true when the key joined the
  // run (it is among the next few to be removed): the caller learns of it as of a soon() key.
  bool push(Key key) {
    ++m_size;
    if ((!m_run.empty() && key < m_run.front()) || (!m_next.empty() && key < m_next.front())) {
      pushEarly(key);
      return true;
    }
    place(key);
    return false;
  }

  // Removes and returns the minimum if it is <= limit; otherwise changes nothing.
  std::optional<Key> popIfAtMost(Key limit) {
    return popIfAtMost(limit, [](Key) {});
  }

  // The same, and calls soon(key) once for every key that joins the run from a bucket, in
  // ascending order: those keys are the next few to be removed, which gives a caller the lead time
  // to prefetch what they refer to.
  template <typename Soon>
  std::optional<Key> popIfAtMost(Key limit, Soon&& soon) {
    if (m_size == 0) return std::nullopt;
    if (m_run.empty()) m_run.swap(m_next);
    if (m_run.empty() && m_levelMask != 0) fillRun(m_run, lowestNonEmpty(), soon);
    // The run after this one is formed (and announced) as soon as this one is, when it is near (its
    // keys within 16.8 ms): its first keys get a whole run of lead instead of none. A far one would
    // send every key scheduled before it to m_early.
    if (m_next.empty() && !m_run.empty() && m_levelMask != 0) {
      const std::size_t b = lowestNonEmpty();
      if (timeOf(m_buckets[b][0]) - timeOf(m_run.front()) < kNearNanoseconds) fillRun(m_next, b, soon);
    }
    if (earlyIsNext()) {
      const Key key = m_early.front();
      if (key > limit) return std::nullopt;
      std::pop_heap(m_early.begin(), m_early.end(), std::greater<>());
      m_early.pop_back();
      --m_size;
      return key;
    }
    const Key key = m_run.back();
    if (key > limit) return std::nullopt;
    m_run.pop_back();
    --m_size;
    return key;
  }

  // A cheap guess at the next minimum, for prefetching: exact while the run lasts; else the
  // smallest key of the lowest non-empty bucket when that bucket is small; nullopt when finding it
  // would cost a scan.
  std::optional<Key> likelyNext() const {
    if (m_size == 0) return std::nullopt;
    if (earlyIsNext()) return m_early.front();
    if (!m_run.empty()) return m_run.back();
    if (!m_next.empty()) return m_next.back();
    const std::vector<Key>& bucket = m_buckets[lowestNonEmpty()];
    if (bucket.size() > 4) return std::nullopt;
    Key min = bucket[0];
    for (const Key k : bucket) min = k < min ? k : min;
    return min;
  }

  // Replaces the contents with the keys `keep` accepts. The base stays.
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
    m_size = filterOne(m_run) + filterOne(m_next) + filterOne(m_early);
    std::make_heap(m_early.begin(), m_early.end(), std::greater<>());
    for (std::size_t b = 0; b < m_buckets.size(); ++b) {
      if (m_buckets[b].empty()) continue;
      const std::size_t kept = filterOne(m_buckets[b]);
      m_size += kept;
      if (kept == 0) markEmpty(b);
    }
  }

 private:
  static constexpr int kLevels = 16;  // bytes of a key
  static constexpr int kDigits = 256;
  // A lowest bucket of at most this many keys is sorted into the run rather than split: a pending
  // set of hundreds of thousands of events spread over seconds leaves a dozen or so in each
  // 65.5 us bucket, which are then sorted once instead of moved one level further each (16 to 256
  // gave the same times on the many-client benchmarks; bench/README.md, seventh pass).
  static constexpr std::size_t kRunSize = 64;
  // A bucket split with room for more than this many keys (8 KiB) gives its storage back. The
  // buckets of the high levels (a level-12 bucket spans 4.3 s) each fill once, with every event
  // that far ahead, and are split once; kept, the 4,096 vectors held 5.8 million keys' room (93 MB)
  // for at most 418,000 pending events with 100,000 polling clients (bench/README.md, ninth pass).
  // The low levels' buckets, split and refilled all the time, hold a few dozen keys and keep their
  // storage. A limit of 4,096 kept 11-17 MiB more of those runs; a pool of fixed-size chunks
  // instead of vectors saved 4-6 MiB more but made small heaps (tcp_bulk, 1,000 pending) 4-8%
  // slower.
  static constexpr std::size_t kKeptCapacity = 512;
  // A next run whose first key lies within this many nanoseconds of the run's last is formed early.
  static constexpr std::uint64_t kNearNanoseconds = std::uint64_t{1} << 24;  // 16.8 ms

  static std::uint64_t timeOf(Key k) { return static_cast<std::uint64_t>(k >> 64); }

  // Below a run's largest key: into a small min-heap of its own, merged with the runs when popping
  // (a sorted insert into a run would go quadratic when a fan-out schedules thousands at once).
  void pushEarly(Key key) {
    m_early.push_back(key);
    std::push_heap(m_early.begin(), m_early.end(), std::greater<>());
  }
  // Whether the next key to remove is m_early's (the runs' keys are below every bucket's).
  bool earlyIsNext() const { return !m_early.empty() && (m_run.empty() || m_early.front() < m_run.back()); }

  // Insertion sort: a run is short (at most kRunSize keys), and std::sort's set-up and
  // partitioning cost more than they save at these sizes.
  static void sortDescending(std::vector<Key>& run) {
    Key* const a = run.data();
    const std::size_t n = run.size();
    for (std::size_t i = 1; i < n; ++i) {
      const Key k = a[i];
      std::size_t j = i;
      while (j > 0 && a[j - 1] < k) {
        a[j] = a[j - 1];
        --j;
      }
      a[j] = k;
    }
  }

  // Empties bucket `b`, the lowest non-empty one, into the empty `run` or into lower buckets.
  template <typename Soon>
  void fillRun(std::vector<Key>& run, std::size_t b, Soon& soon) {
    std::vector<Key>& from = m_buckets[b];
    markEmpty(b);
    if (from.size() <= kRunSize) {
      // Every key of the lowest bucket is below every other bucket's: they are the next ones.
      run.swap(from);  // `from` keeps the run's old (empty) storage
      sortDescending(run);
      for (auto it = run.rbegin(); it != run.rend(); ++it) soon(*it);
      return;
    }
    Key min = from[0];
    for (const Key k : from) min = k < min ? k : min;
    m_base = min;
    for (const Key k : from) {
      if (k == min) {
        run.push_back(k);  // the base itself: below every key in the buckets
      } else {
        place(k);  // every other key lands in a lower bucket
      }
    }
    from.clear();
    if (from.capacity() > kKeptCapacity) std::vector<Key>().swap(from);
  }

  void place(Key key) {
    const Key x = key ^ m_base;
    if (x == 0) {  // a duplicate of the base (the scheduler's keys are unique): among the next
      pushEarly(key);
      return;
    }
    // The highest differing byte, found in whichever 64-bit half holds it (no 128-bit shifts).
    const auto xHigh = static_cast<std::uint64_t>(x >> 64);
    const bool inHigh = xHigh != 0;
    const std::uint64_t differing = inHigh ? xHigh : static_cast<std::uint64_t>(x);
    const std::uint64_t half =
        inHigh ? static_cast<std::uint64_t>(key >> 64) : static_cast<std::uint64_t>(key);
    const int byteInHalf = (63 - __builtin_clzll(differing)) >> 3;
    const std::size_t level = static_cast<std::size_t>(byteInHalf) + (inHigh ? 8 : 0);
    const std::size_t b = level * kDigits + static_cast<std::size_t>((half >> (byteInHalf * 8)) & 0xff);
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
  std::vector<Key> m_run;   // the next keys to be removed, sorted descending (the next one last)
  std::vector<Key> m_next;  // the keys after m_run's, likewise (empty when no bucket is left)
  // Keys pushed below a run's largest: a min-heap (std::greater), below every bucket's keys.
  std::vector<Key> m_early;
  std::array<std::uint64_t, kLevels * kDigits / 64> m_digitMask{};
  std::uint32_t m_levelMask = 0;
  Key m_base = 0;  // the keys in the buckets are placed relative to it, and are above it
  std::size_t m_size = 0;
};

}  // namespace wirelab::sim
