// File: sim/metrics/counter.h
// A monotone event or byte counter (packets sent, drops, bytes delivered). Integer, so totals are
// exact however long the run; rates are derived afterwards by dividing by a Duration.
//
//   Counter drops;
//   drops.add();            // one more
//   bytes.add(pkt.size().bytes());
#pragma once

#include <cstdint>

namespace wirelab::sim {

class Counter {
 public:
  // n >= 0 by convention; not checked, because counters sit on per-packet paths.
  void add(std::int64_t n = 1) { m_value += n; }
  std::int64_t value() const { return m_value; }
  void reset() { m_value = 0; }

 private:
  std::int64_t m_value = 0;
};

}  // namespace wirelab::sim
