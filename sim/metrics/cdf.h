// File: sim/metrics/cdf.h
// Empirical CDF points for charts. A CDF of a million latencies needs a few hundred points on
// screen, not a million, so the points are thinned to at most maxPoints, evenly spaced in
// probability (every part of the curve's height gets the same resolution), always keeping the
// minimum and the maximum so that the plotted range is the true range. Every point returned lies
// exactly on the empirical CDF: thinning picks corners, it never interpolates.
//
//   std::vector<CdfPoint> line = empiricalCdfPoints(latencies, 500);
#pragma once

#include <cstddef>
#include <span>
#include <vector>

#include "sim/metrics/histogram.h"

namespace wirelab::sim {

struct CdfPoint {
  double x;
  double probability;  // fraction of samples <= x
  bool operator==(const CdfPoint&) const = default;
};

// One point per distinct value (x, fraction <= x), ascending, thinned as described above.
// maxPoints >= 2 (throws std::invalid_argument); NaN samples throw too; no samples, no points.
std::vector<CdfPoint> empiricalCdfPoints(std::span<const double> samples, std::size_t maxPoints);
std::vector<CdfPoint> empiricalCdfPoints(const ExactQuantiles& samples, std::size_t maxPoints);

}  // namespace wirelab::sim
