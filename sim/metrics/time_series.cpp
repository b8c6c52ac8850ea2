// File: sim/metrics/time_series.cpp
// Lookups by binary search; the average walks the samples inside the window, weighting each value
// by integer nanoseconds so the weights themselves carry no rounding.
#include "sim/metrics/time_series.h"

#include <algorithm>
#include <stdexcept>

namespace wirelab::sim {

void TimeSeries::append(SimTime time, double value) {
  if (!m_samples.empty() && time < m_samples.back().time) {
    throw std::invalid_argument("TimeSeries::append: samples must be appended in time order");
  }
  m_samples.push_back(Sample{time, value});
}

std::size_t TimeSeries::indexAt(SimTime t) const {
  if (m_samples.empty() || t < m_samples.front().time) {
    throw std::out_of_range("TimeSeries: no value before the first sample");
  }
  // upper_bound: past every sample at time t, so the last of several same-time samples wins.
  const auto it = std::upper_bound(m_samples.begin(), m_samples.end(), t,
                                   [](SimTime time, const Sample& s) { return time < s.time; });
  return static_cast<std::size_t>(it - m_samples.begin()) - 1;
}

double TimeSeries::valueAt(SimTime t) const { return m_samples[indexAt(t)].value; }

double TimeSeries::timeAverage(SimTime from, SimTime to) const {
  if (to < from) throw std::invalid_argument("TimeSeries::timeAverage: `to` precedes `from`");
  std::size_t i = indexAt(from);
  if (to == from) return m_samples[i].value;

  double weighted = 0;
  SimTime segmentStart = from;
  while (true) {
    const bool hasNext = i + 1 < m_samples.size() && m_samples[i + 1].time < to;
    const SimTime segmentEnd = hasNext ? m_samples[i + 1].time : to;
    weighted += m_samples[i].value * static_cast<double>((segmentEnd - segmentStart).nanoseconds());
    if (!hasNext) break;
    segmentStart = segmentEnd;
    ++i;
  }
  return weighted / static_cast<double>((to - from).nanoseconds());
}

}  // namespace wirelab::sim
