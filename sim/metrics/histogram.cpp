// File: sim/metrics/histogram.cpp
// LogHistogram buckets come straight from the binary representation: frexp gives the octave, and
// the top bits of the mantissa the sub-bucket, so mapping a value to its bucket involves no
// logarithm and no rounding.
#include "sim/metrics/histogram.h"

#include <algorithm>
#include <cmath>
#include <limits>
#include <stdexcept>

namespace wirelab::sim {

namespace {

constexpr double kNaN = std::numeric_limits<double>::quiet_NaN();

void requireProbability(double p) {
  if (!(p >= 0.0 && p <= 1.0)) throw std::invalid_argument("quantile: p must lie in [0, 1]");
}

}  // namespace

// ---- ExactQuantiles

void ExactQuantiles::add(double x) {
  if (!std::isfinite(x)) throw std::invalid_argument("ExactQuantiles::add: value must be finite");
  if (m_samples.empty()) {
    m_min = m_max = x;
  } else {
    m_min = std::min(m_min, x);
    m_max = std::max(m_max, x);
  }
  if (m_sorted && !m_samples.empty() && x < m_samples.back()) m_sorted = false;
  m_samples.push_back(x);
  m_sum += x;
}

void ExactQuantiles::clear() {
  m_samples.clear();
  m_sorted = true;
  m_sum = 0;
}

double ExactQuantiles::min() const { return m_samples.empty() ? kNaN : m_min; }
double ExactQuantiles::max() const { return m_samples.empty() ? kNaN : m_max; }
double ExactQuantiles::mean() const {
  return m_samples.empty() ? kNaN : m_sum / static_cast<double>(m_samples.size());
}

const std::vector<double>& ExactQuantiles::sorted() const {
  if (!m_sorted) {
    std::sort(m_samples.begin(), m_samples.end());
    m_sorted = true;
  }
  return m_samples;
}

double ExactQuantiles::quantile(double p) const {
  requireProbability(p);
  const std::vector<double>& xs = sorted();
  if (xs.empty()) return kNaN;
  const double h = static_cast<double>(xs.size() - 1) * p;
  const auto lo = static_cast<std::size_t>(h);
  if (lo + 1 >= xs.size()) return xs.back();
  return xs[lo] + (h - static_cast<double>(lo)) * (xs[lo + 1] - xs[lo]);
}

// ---- LogHistogram

LogHistogram::LogHistogram(double relativeError) {
  if (!(relativeError >= 1e-6 && relativeError <= 0.5)) {
    throw std::invalid_argument("LogHistogram: relativeError must lie in [1e-6, 0.5]");
  }
  m_subBucketBits = 0;
  while (1.0 / (2.0 * std::ldexp(1.0, m_subBucketBits) + 1.0) > relativeError) ++m_subBucketBits;
}

double LogHistogram::relativeErrorBound() const {
  return 1.0 / (2.0 * std::ldexp(1.0, m_subBucketBits) + 1.0);
}

LogHistogram::Position LogHistogram::positionOf(double x) const {
  int octave = 0;
  const double mantissa = std::frexp(x, &octave);  // [0.5, 1)
  // (mantissa - 0.5) is exact (Sterbenz) and scaling by 2S = 2^(bits+1) is exact, so the floor
  // puts values on a bucket edge into the bucket they start.
  const auto sub = static_cast<int>(std::ldexp(mantissa - 0.5, m_subBucketBits + 1));
  return Position{octave, sub};
}

double LogHistogram::representative(std::size_t bucketIndex) const {
  const std::size_t perOctave = std::size_t{1} << m_subBucketBits;
  const int octave = m_lowestOctave + static_cast<int>(bucketIndex / perOctave);
  const auto sub = static_cast<double>(bucketIndex % perOctave);
  // Bucket edges as mantissas in [0.5, 1]; scaling by 2^octave only at the end keeps the top
  // bucket, whose upper edge 2^1024 is not a double, finite.
  const double lower = 0.5 + std::ldexp(sub, -(m_subBucketBits + 1));
  const double upper = 0.5 + std::ldexp(sub + 1.0, -(m_subBucketBits + 1));
  // The point with equal relative distance to both edges: minimises the worst relative error.
  return std::ldexp(2.0 * lower * upper / (lower + upper), octave);
}

void LogHistogram::ensureOctaves(int lowest, int highest) {
  const std::size_t perOctave = std::size_t{1} << m_subBucketBits;
  if (m_counts.empty()) {
    m_lowestOctave = lowest;
    m_counts.assign(static_cast<std::size_t>(highest - lowest + 1) * perOctave, 0);
    return;
  }
  if (lowest < m_lowestOctave) {
    m_counts.insert(m_counts.begin(), static_cast<std::size_t>(m_lowestOctave - lowest) * perOctave, 0);
    m_lowestOctave = lowest;
  }
  const int highestHeld = m_lowestOctave + static_cast<int>(m_counts.size() / perOctave) - 1;
  if (highest > highestHeld) {
    m_counts.resize(m_counts.size() + static_cast<std::size_t>(highest - highestHeld) * perOctave, 0);
  }
}

void LogHistogram::add(double x, std::uint64_t times) {
  if (!(std::isfinite(x) && x >= 0.0)) {
    throw std::invalid_argument("LogHistogram::add: value must be finite and non-negative");
  }
  if (times == 0) return;
  if (m_count == 0) {
    m_min = m_max = x;
  } else {
    m_min = std::min(m_min, x);
    m_max = std::max(m_max, x);
  }
  m_count += times;
  m_sum += x * static_cast<double>(times);
  if (x == 0.0) {
    m_zeroCount += times;
    return;
  }
  const Position pos = positionOf(x);
  ensureOctaves(pos.octave, pos.octave);
  const std::size_t index = (static_cast<std::size_t>(pos.octave - m_lowestOctave) << m_subBucketBits) +
                            static_cast<std::size_t>(pos.subBucket);
  m_counts[index] += times;
}

void LogHistogram::merge(const LogHistogram& other) {
  if (other.m_subBucketBits != m_subBucketBits) {
    throw std::invalid_argument("LogHistogram::merge: histograms have different relative errors");
  }
  if (other.m_count == 0) return;
  if (m_count == 0) {
    m_min = other.m_min;
    m_max = other.m_max;
  } else {
    m_min = std::min(m_min, other.m_min);
    m_max = std::max(m_max, other.m_max);
  }
  m_count += other.m_count;
  m_sum += other.m_sum;
  m_zeroCount += other.m_zeroCount;
  if (other.m_counts.empty()) return;
  const std::size_t perOctave = std::size_t{1} << m_subBucketBits;
  const int otherHighest = other.m_lowestOctave + static_cast<int>(other.m_counts.size() / perOctave) - 1;
  ensureOctaves(other.m_lowestOctave, otherHighest);
  const std::size_t offset = static_cast<std::size_t>(other.m_lowestOctave - m_lowestOctave) * perOctave;
  for (std::size_t i = 0; i < other.m_counts.size(); ++i) m_counts[offset + i] += other.m_counts[i];
}

double LogHistogram::min() const { return m_count == 0 ? kNaN : m_min; }
double LogHistogram::max() const { return m_count == 0 ? kNaN : m_max; }
double LogHistogram::mean() const { return m_count == 0 ? kNaN : m_sum / static_cast<double>(m_count); }

double LogHistogram::quantile(double p) const {
  requireProbability(p);
  if (m_count == 0) return kNaN;
  const double h = static_cast<double>(m_count - 1) * p;
  // Ranks beyond 2^53 lose precision in h; irrelevant below ~10^15 samples.
  const auto rank = std::min(static_cast<std::uint64_t>(h), m_count - 1);
  const double fraction = h - static_cast<double>(rank);
  const std::uint64_t nextRank = std::min(rank + 1, m_count - 1);

  // The smallest and largest samples are known exactly; every other rank is read from buckets,
  // walking the cumulative counts once for both ranks.
  const auto exactOr = [&](std::uint64_t r, double fromBucket) {
    return r == 0 ? m_min : (r == m_count - 1 ? m_max : fromBucket);
  };
  double atRank = 0.0;
  double atNextRank = 0.0;
  bool haveRank = false;
  std::uint64_t below = m_zeroCount;  // samples in buckets before the current one
  if (rank < below) haveRank = true;  // atRank stays 0: zero is exact
  if (nextRank >= below) {
    for (std::size_t i = 0; i < m_counts.size(); ++i) {
      if (m_counts[i] == 0) continue;
      below += m_counts[i];
      if (!haveRank && rank < below) {
        atRank = representative(i);
        haveRank = true;
      }
      if (nextRank < below) {
        atNextRank = representative(i);
        break;
      }
    }
  }
  atRank = exactOr(rank, atRank);
  atNextRank = exactOr(nextRank, atNextRank);
  const double value = atRank + fraction * (atNextRank - atRank);
  return std::clamp(value, m_min, m_max);
}

}  // namespace wirelab::sim
