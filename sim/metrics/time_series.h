// File: sim/metrics/time_series.h
// A piecewise-constant signal over simulated time, such as queue occupancy or congestion window:
// each sample holds from its time until the next sample. valueAt() reads the step function and
// timeAverage() integrates it, which is the right mean for occupancy (a queue that held 10 packets
// for 1 s and 0 for 9 s averaged 1, however many samples each period produced).
//
//   TimeSeries queue;
//   queue.append(sched.now(), static_cast<double>(q.size()));
//   double avg = queue.timeAverage(SimTime::zero(), sched.now());
#pragma once

#include <cstddef>
#include <vector>

#include "sim/core/time.h"

namespace wirelab::sim {

class TimeSeries {
 public:
  struct Sample {
    SimTime time;
    double value;
  };

  // Times must not decrease (throws std::invalid_argument). Several samples at the same time are
  // kept in order and the last one is the value from then on: a queue that grew and shrank within
  // one instant ends at its final size and the instant itself has zero weight in averages.
  void append(SimTime time, double value);

  // The value of the last sample at or before `t`; the last value holds forever after. Throws
  // std::out_of_range for t before the first sample (or an empty series): the signal is unknown
  // there, and silently inventing a 0 would bias averages.
  double valueAt(SimTime t) const;

  // Time-weighted mean of the step function over [from, to]. from must not precede the first
  // sample (std::out_of_range) and to must not precede from (std::invalid_argument); an empty
  // interval (from == to) gives valueAt(from).
  double timeAverage(SimTime from, SimTime to) const;

  const std::vector<Sample>& samples() const { return m_samples; }
  std::size_t size() const { return m_samples.size(); }
  bool empty() const { return m_samples.empty(); }

 private:
  // Index of the last sample with time <= t; requires t >= the first sample's time.
  std::size_t indexAt(SimTime t) const;

  std::vector<Sample> m_samples;
};

}  // namespace wirelab::sim
