// File: models/transport/tcp/out_of_order_ranges.h
// What a TCP receiver holds beyond rcv.nxt (RFC 9293 3.10.7.4: segments "held for later
// processing"): disjoint, sorted [start, end) ranges of sequence numbers, and where the latest
// data segment started, for the SACK block that must come first (RFC 2018 section 4).
//
// Why a class of its own: most connections never receive a segment out of order, and a run holds
// them by the hundred thousand. The state is made on the first out-of-order segment; until then a
// connection carries one null pointer instead of a vector and a sequence number (32 bytes).
#pragma once

#include <algorithm>
#include <cstdint>
#include <memory>
#include <utility>
#include <vector>

namespace wirelab::models::transport::tcp {

class OutOfOrderRanges {
 public:
  using Range = std::pair<std::uint64_t, std::uint64_t>;  // [start, end)

  bool empty() const { return !m_state || m_state->ranges.empty(); }
  std::size_t size() const { return m_state ? m_state->ranges.size() : 0; }
  // Precondition: !empty() for the two below.
  const Range& operator[](std::size_t i) const { return m_state->ranges[i]; }
  const Range& back() const { return m_state->ranges.back(); }
  const Range* begin() const { return m_state ? m_state->ranges.data() : nullptr; }
  const Range* end() const { return m_state ? m_state->ranges.data() + m_state->ranges.size() : nullptr; }

  // A data segment starting at `seq` arrived (in order or not). Only the latest matters, and only
  // while ranges are held: before the first out-of-order segment nothing is kept.
  void noteSegment(std::uint64_t seq) {
    if (m_state) m_state->latestSegmentStart = seq;
  }
  // Where the latest data segment started, once add() has run.
  std::uint64_t latestSegmentStart() const { return m_state ? m_state->latestSegmentStart : 0; }

  // Holds [seq, end), the latest segment, merged with the ranges it overlaps or touches.
  void add(std::uint64_t seq, std::uint64_t end) {
    if (!m_state) m_state = std::make_unique<State>();
    m_state->latestSegmentStart = seq;
    std::vector<Range>& ranges = m_state->ranges;
    ranges.insert(std::lower_bound(ranges.begin(), ranges.end(), Range{seq, seq}), Range{seq, end});
    std::size_t out = 0;
    for (std::size_t i = 1; i < ranges.size(); ++i) {
      if (ranges[i].first <= ranges[out].second) {
        ranges[out].second = std::max(ranges[out].second, ranges[i].second);
      } else {
        ranges[++out] = ranges[i];
      }
    }
    ranges.resize(out + 1);
  }

  // Gives up the ranges that data delivered up to `rcvNxt` made contiguous, and returns the new
  // rcv.nxt: the end of the last of them, or `rcvNxt` if none.
  std::uint64_t pullContiguous(std::uint64_t rcvNxt) {
    if (!m_state) return rcvNxt;
    std::vector<Range>& ranges = m_state->ranges;
    std::size_t consumed = 0;
    for (const Range& r : ranges) {
      if (r.first > rcvNxt) break;
      rcvNxt = std::max(rcvNxt, r.second);
      ++consumed;
    }
    ranges.erase(ranges.begin(), ranges.begin() + static_cast<std::ptrdiff_t>(consumed));
    return rcvNxt;
  }

 private:
  struct State {
    std::vector<Range> ranges;
    std::uint64_t latestSegmentStart = 0;
  };
  std::unique_ptr<State> m_state;
};

}  // namespace wirelab::models::transport::tcp
