// File: sim/metrics/histogram.h
// Quantiles of a sample (latencies, flow completion times). ExactQuantiles keeps every sample: the
// reference, fine for up to millions of values. LogHistogram keeps counts in log-linear buckets
// (HDR-histogram style): memory grows with the logarithm of the data's range, never with the
// count, and every quantile is within a stated relative error of the exact one, for long runs.
//
//   LogHistogram rtt(/*relativeError=*/0.01);
//   rtt.add(sample.seconds());
//   double p99 = rtt.quantile(0.99);   // within 1% of the exact sample p99
#pragma once

#include <cstddef>
#include <cstdint>
#include <vector>

namespace wirelab::sim {

// Quantile definition shared by both classes: Hyndman & Fan type 7 (R's default, NumPy's "linear"):
// with the n sorted samples x_0 <= ... <= x_{n-1} and h = (n - 1) p,
//   Q(p) = x_floor(h) + (h - floor(h)) (x_floor(h)+1 - x_floor(h)).
// So Q(0) is the minimum, Q(1) the maximum, and Q(0.5) the usual median.
// Both return NaN for "no data" (count() == 0) and throw std::invalid_argument for p outside [0, 1].

class ExactQuantiles {
 public:
  // Finite values only (throws std::invalid_argument): one NaN would make every quantile NaN.
  void add(double x);
  void clear();

  std::size_t count() const { return m_samples.size(); }
  double min() const;
  double max() const;
  double mean() const;
  double quantile(double p) const;
  // The samples in ascending order (sorts on first use after an add).
  const std::vector<double>& sorted() const;

 private:
  // Sorting is deferred to the first query so that adding stays O(1); hence mutable. Like the rest
  // of the kernel, not safe to query from two threads at once.
  mutable std::vector<double> m_samples;
  mutable bool m_sorted = true;
  double m_sum = 0;
  double m_min = 0;
  double m_max = 0;
};

class LogHistogram {
 public:
  // relativeError in [1e-6, 0.5]: each octave [2^(e-1), 2^e) is cut into S equal buckets, S the
  // smallest power of two with 1 / (2S + 1) <= relativeError (S = 64 for 1%), and a bucket [L, U)
  // reports 2LU / (L + U), which is within (U - L) / (U + L) <= 1 / (2S + 1) of every value in it.
  // Powers of two keep the bucket arithmetic exact.
  explicit LogHistogram(double relativeError = 0.01);

  // Non-negative finite values (latencies, sizes); throws std::invalid_argument otherwise. Zero is
  // counted exactly in a bucket of its own.
  void add(double x) { add(x, 1); }
  void add(double x, std::uint64_t times);
  // Adds another histogram's counts; both must have the same relativeErrorBound() (throws
  // std::invalid_argument), e.g. to pool the replications of a sweep.
  void merge(const LogHistogram& other);

  std::uint64_t count() const { return m_count; }
  // Exact, tracked beside the buckets.
  double min() const;
  double max() const;
  double mean() const;
  // Type 7 on bucket representatives (the exact min and max for the first and last rank), clamped
  // to [min, max]. Each representative is within relativeErrorBound() of the sample it stands for
  // and type 7 is a convex combination of two samples, so the result is within
  // relativeErrorBound() of the exact type 7 quantile of the same samples.
  double quantile(double p) const;

  // The guarantee actually provided: 1 / (2S + 1), at most the requested relative error.
  double relativeErrorBound() const;
  // Buckets currently allocated: S per octave between the smallest and largest non-zero value.
  std::size_t bucketCount() const { return m_counts.size(); }

 private:
  struct Position {
    int octave;     // exponent e from frexp: x = m 2^e, m in [0.5, 1)
    int subBucket;  // in [0, S)
  };
  Position positionOf(double x) const;
  double representative(std::size_t bucketIndex) const;
  void ensureOctaves(int lowest, int highest);

  int m_subBucketBits;  // S = 2^m_subBucketBits
  int m_lowestOctave = 0;
  std::vector<std::uint64_t> m_counts;  // (octave - m_lowestOctave) * S + subBucket
  std::uint64_t m_zeroCount = 0;
  std::uint64_t m_count = 0;
  double m_sum = 0;
  double m_min = 0;
  double m_max = 0;
};

}  // namespace wirelab::sim
