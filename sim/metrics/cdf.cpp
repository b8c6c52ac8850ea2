// File: sim/metrics/cdf.cpp
// Thinning by rank: the k-th of maxPoints targets the sample of rank round(k (n-1) / (maxPoints-1)),
// and the point drawn is the CDF corner of that sample's value (the last rank holding the value),
// so ties collapse into one point and the count never exceeds maxPoints.
#include "sim/metrics/cdf.h"

#include <algorithm>
#include <cmath>
#include <stdexcept>

namespace wirelab::sim {

namespace {

std::vector<CdfPoint> fromSorted(std::span<const double> sorted, std::size_t maxPoints) {
  if (maxPoints < 2) throw std::invalid_argument("empiricalCdfPoints: maxPoints must be at least 2");
  std::vector<CdfPoint> points;
  const std::size_t n = sorted.size();
  if (n == 0) return points;
  const auto total = static_cast<double>(n);
  const std::size_t targets = std::min(maxPoints, n);
  points.reserve(targets);
  std::size_t nextRank = 0;  // ranks below this are already covered by the last point
  for (std::size_t k = 0; k < targets; ++k) {
    // Integer rounding of k (n-1) / (targets-1); for targets == 1 (n == 1) the only rank is 0.
    const std::size_t rank = targets == 1 ? 0 : (k * (n - 1) + (targets - 1) / 2) / (targets - 1);
    if (rank < nextRank) continue;  // its value's corner was already emitted
    const double x = sorted[rank];
    const auto upper =
        static_cast<std::size_t>(std::upper_bound(sorted.begin(), sorted.end(), x) - sorted.begin());
    points.push_back(CdfPoint{x, static_cast<double>(upper) / total});
    nextRank = upper;
  }
  return points;
}

}  // namespace

std::vector<CdfPoint> empiricalCdfPoints(std::span<const double> samples, std::size_t maxPoints) {
  std::vector<double> sorted(samples.begin(), samples.end());
  if (std::any_of(sorted.begin(), sorted.end(), [](double x) { return std::isnan(x); })) {
    throw std::invalid_argument("empiricalCdfPoints: NaN sample");
  }
  std::sort(sorted.begin(), sorted.end());
  return fromSorted(sorted, maxPoints);
}

std::vector<CdfPoint> empiricalCdfPoints(const ExactQuantiles& samples, std::size_t maxPoints) {
  return fromSorted(samples.sorted(), maxPoints);
}

}  // namespace wirelab::sim
