// File: sim/metrics/summary.h
// Statistics across independent replications of a scenario (same configuration, different `run`
// in RandomStreams): the mean of a per-run result with a Student-t confidence interval. The t
// interval is what makes 5 or 10 replications honest; the normal 1.96 would claim 95% and deliver
// about 92% at n = 10. Welford's accumulator keeps mean and variance in one stable pass.
//
//   ReplicationSummary goodput;
//   for (int run = 0; run < 10; ++run) goodput.add(simulate(run).goodputMbps);
//   std::cout << goodput.describe();   // "94.2 ± 1.3 (95% CI, n=10)"
#pragma once

#include <cstdint>
#include <span>
#include <string>

namespace wirelab::sim {

// Running mean and variance (Welford 1962): no catastrophic cancellation when the values share a
// large offset, unlike sum-of-squares formulas.
class Welford {
 public:
  void add(double x);
  // Pools another accumulator, as if its values had been added here (Chan, Golub & LeVeque).
  void merge(const Welford& other);

  std::uint64_t count() const { return m_count; }
  double mean() const;      // NaN when empty
  double variance() const;  // sample variance, divisor n - 1; NaN for fewer than 2 values
  double stddev() const;    // sqrt(variance())

 private:
  std::uint64_t m_count = 0;
  double m_mean = 0;
  double m_sumSquaredDeviations = 0;
};

// CDF and quantile of Student's t with `degreesOfFreedom` > 0 (need not be an integer). The CDF
// goes through the regularized incomplete beta function; its relative error grows like
// 1e-16 df / t^2 (x = df / (df + t^2) rounds ever closer to 1): negligible for replication counts,
// 3e-10 at df = 1e7. The quantile inverts the CDF by bisection up to df = 1e5 and above uses the
// Cornish-Fisher expansion, exact to rounding there. Both throw std::invalid_argument for df <= 0,
// the quantile also for p outside (0, 1).
double studentTCdf(double t, double degreesOfFreedom);
double studentTQuantile(double p, double degreesOfFreedom);

class ReplicationSummary {
 public:
  ReplicationSummary() = default;
  explicit ReplicationSummary(std::span<const double> results);

  // One replication's result: each must come from an independent run.
  void add(double result) { m_stats.add(result); }

  std::uint64_t count() const { return m_stats.count(); }
  double mean() const { return m_stats.mean(); }
  double stddev() const { return m_stats.stddev(); }  // sample standard deviation
  // Half-width of the two-sided confidence interval for the mean at `level` (in (0, 1)):
  // t_{(1+level)/2, n-1} s / sqrt(n). +infinity for fewer than 2 replications: one run says
  // nothing about the spread. Assumes the per-run results are roughly normal (they usually are
  // averages over a run, so the central limit theorem applies).
  double halfWidth(double level = 0.95) const;
  double lower(double level = 0.95) const { return mean() - halfWidth(level); }
  double upper(double level = 0.95) const { return mean() + halfWidth(level); }
  // halfWidth / |mean|, the usual stopping rule for sequential replications ("until within 5%").
  double relativeHalfWidth(double level = 0.95) const;
  // "94.2 ± 1.3 (95% CI, n=10)", with 4 significant digits.
  std::string describe(double level = 0.95) const;

  const Welford& statistics() const { return m_stats; }

 private:
  Welford m_stats;
};

}  // namespace wirelab::sim
