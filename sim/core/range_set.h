// File: sim/core/range_set.h
// A set of unsigned integers kept as sorted, disjoint, half-open ranges [start, end), touching
// ranges merged: QUIC's received packet numbers, received stream bytes and lost stream bytes
// waiting for retransmission; a TCP receiver's out-of-order data. The ranges sit in one vector,
// so a set that stops fragmenting stops allocating.
#pragma once

#include <cstddef>
#include <cstdint>
#include <vector>

namespace wirelab::sim {

struct ByteRange {
  std::uint64_t start = 0;
  std::uint64_t end = 0;  // exclusive
  std::uint64_t size() const { return end - start; }
  bool operator==(const ByteRange&) const = default;
};

class RangeSet {
 public:
  // Adds [start, end); returns how many of its values were not in the set before.
  std::uint64_t add(std::uint64_t start, std::uint64_t end);
  // Removes [start, end).
  void remove(std::uint64_t start, std::uint64_t end);
  // Removes everything below `value`.
  void removeBelow(std::uint64_t value) { remove(0, value); }
  bool contains(std::uint64_t value) const;
  bool covers(std::uint64_t start, std::uint64_t end) const;  // all of [start, end) present

  bool empty() const { return m_ranges.empty(); }
  std::size_t rangeCount() const { return m_ranges.size(); }
  const ByteRange& front() const { return m_ranges.front(); }
  const ByteRange& back() const { return m_ranges.back(); }
  const std::vector<ByteRange>& ranges() const { return m_ranges; }
  // Drops the lowest ranges until at most `maxRanges` remain.
  void keepHighest(std::size_t maxRanges);
  void clear() { m_ranges.clear(); }

 private:
  std::vector<ByteRange> m_ranges;
};

}  // namespace wirelab::sim
