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

#include "sim/core/range_set.h"

namespace wirelab::models::transport::tcp {

class OutOfOrderRanges {
 public:
  using Range = sim::ByteRange;  // [start, end)

  bool empty() const { return !m_state || m_state->ranges.empty(); }
  std::size_t size() const { return m_state ? m_state->ranges.rangeCount() : 0; }
  // Precondition: !empty() for the two below.
  const Range& operator[](std::size_t i) const { return m_state->ranges.ranges()[i]; }
  const Range& back() const { return m_state->ranges.back(); }
  const Range* begin() const { return m_state ? m_state->ranges.ranges().data() : nullptr; }
  const Range* end() const { return begin() + size(); }

  // A data segment starting at `seq` arrived (in order or not). Only the latest matters, and only
  // while ranges are held: before the first out-of-order segment nothing is kept.
  void noteSegment(std::uint64_t seq) {
    if (m_state) m_state->latestSegmentStart = seq;
  }
  // Where the latest data segment started, once add() has run.
  std::uint64_t latestSegmentStart() const { return m_state ? m_state->latestSegmentStart : 0; }
  // Whether one held range covers all of [seq, end).
  bool covers(std::uint64_t seq, std::uint64_t end) const {
    return m_state && m_state->ranges.covers(seq, end);
  }

  // Holds [seq, end), the latest segment, merged with the ranges it overlaps or touches.
  void add(std::uint64_t seq, std::uint64_t end) {
    if (!m_state) m_state = std::make_unique<State>();
    m_state->latestSegmentStart = seq;
    m_state->ranges.add(seq, end);
  }

  // Gives up the ranges that data delivered up to `rcvNxt` made contiguous, and returns the new
  // rcv.nxt: the end of the last of them, or `rcvNxt` if none.
  std::uint64_t pullContiguous(std::uint64_t rcvNxt) {
    if (!m_state) return rcvNxt;
    sim::RangeSet& ranges = m_state->ranges;
    while (!ranges.empty() && ranges.front().start <= rcvNxt) {
      rcvNxt = std::max(rcvNxt, ranges.front().end);
      ranges.removeBelow(rcvNxt);
    }
    return rcvNxt;
  }

 private:
  struct State {
    sim::RangeSet ranges;
    std::uint64_t latestSegmentStart = 0;
  };
  std::unique_ptr<State> m_state;
};

}  // namespace wirelab::models::transport::tcp
