// File: sim/core/range_set.cpp
#include "sim/core/range_set.h"

#include <algorithm>

namespace wirelab::sim {

std::uint64_t RangeSet::add(std::uint64_t start, std::uint64_t end) {
  if (start >= end) return 0;
  // Fast path: appending at or after the last range (in-order arrival).
  if (m_ranges.empty() || start > m_ranges.back().end) {
    m_ranges.push_back({start, end});
    return end - start;
  }
  // First range whose end reaches start (touching ranges merge).
  auto first = std::lower_bound(m_ranges.begin(), m_ranges.end(), start,
                                [](const ByteRange& r, std::uint64_t v) { return r.end < v; });
  auto last = first;
  std::uint64_t covered = 0;
  std::uint64_t newStart = start;
  std::uint64_t newEnd = end;
  while (last != m_ranges.end() && last->start <= end) {
    const std::uint64_t overlapStart = std::max(last->start, start);
    const std::uint64_t overlapEnd = std::min(last->end, end);
    if (overlapEnd > overlapStart) covered += overlapEnd - overlapStart;
    newStart = std::min(newStart, last->start);
    newEnd = std::max(newEnd, last->end);
    ++last;
  }
  if (first == last) {
    m_ranges.insert(first, {start, end});
    return end - start;
  }
  *first = {newStart, newEnd};
  m_ranges.erase(first + 1, last);
  return (end - start) - covered;
}

void RangeSet::remove(std::uint64_t start, std::uint64_t end) {
  if (start >= end || m_ranges.empty()) return;
  auto it = std::lower_bound(m_ranges.begin(), m_ranges.end(), start,
                             [](const ByteRange& r, std::uint64_t v) { return r.end <= v; });
  while (it != m_ranges.end() && it->start < end) {
    if (it->start < start && it->end > end) {  // split
      const ByteRange upper{end, it->end};
      it->end = start;
      m_ranges.insert(it + 1, upper);
      return;
    }
    if (it->start < start) {
      it->end = start;
      ++it;
    } else if (it->end > end) {
      it->start = end;
      return;
    } else {
      it = m_ranges.erase(it);
    }
  }
}

bool RangeSet::contains(std::uint64_t value) const {
  auto it = std::upper_bound(m_ranges.begin(), m_ranges.end(), value,
                             [](std::uint64_t v, const ByteRange& r) { return v < r.start; });
  if (it == m_ranges.begin()) return false;
  --it;
  return value < it->end;
}

bool RangeSet::covers(std::uint64_t start, std::uint64_t end) const {
  if (start >= end) return true;
  auto it = std::upper_bound(m_ranges.begin(), m_ranges.end(), start,
                             [](std::uint64_t v, const ByteRange& r) { return v < r.start; });
  if (it == m_ranges.begin()) return false;
  --it;
  return it->end >= end;
}

void RangeSet::keepHighest(std::size_t maxRanges) {
  if (m_ranges.size() <= maxRanges) return;
  m_ranges.erase(m_ranges.begin(), m_ranges.end() - static_cast<std::ptrdiff_t>(maxRanges));
}

}  // namespace wirelab::sim
