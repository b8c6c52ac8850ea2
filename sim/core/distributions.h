// File: sim/core/distributions.h
// Probability distributions for workload and link models (think times, flow sizes, jitter), drawn
// from a RandomStream by inverse transform or Box-Muller, never through std:: distributions,
// whose algorithms differ between standard libraries and would change results across platforms.
// Each kind also gives its closed-form mean, variance and quantile, for tests and for reports.
//
// Every sample consumes a fixed number of 64-bit draws (Constant 0; Uniform, Exponential, Pareto,
// EmpiricalCdf 1; Normal, LogNormal 2), so a stream's position never depends on the values drawn.
// Transcendental functions (log, exp, pow, cos) come from the C library; results are bit-identical
// for a given libm, and may differ in the last bit between libms.
//
//   Distribution think = Exponential(/*mean=*/0.5);
//   Distribution size = Pareto::fromMeanAndShape(/*mean=*/50'000, /*shape=*/1.2);
//   double seconds = think.sample(stream);
#pragma once

#include <string>
#include <type_traits>
#include <utility>
#include <variant>
#include <vector>

#include "sim/core/random.h"

namespace wirelab::sim {

// Inverse of the standard normal CDF, for p in (0, 1) (throws std::invalid_argument otherwise).
// Acklam's rational approximation refined by one Halley step: about 1e-15 relative error.
double standardNormalQuantile(double p);
double standardNormalCdf(double x);

// Constructors throw std::invalid_argument for parameters outside the documented domain.

class Constant {
 public:
  explicit Constant(double value);
  double sample(RandomStream&) const { return m_value; }
  double mean() const { return m_value; }
  double variance() const { return 0.0; }
  double quantile(double p) const;
  std::string describe() const;
  double value() const { return m_value; }

 private:
  double m_value;
};

// Continuous uniform on [min, max); min <= max.
class Uniform {
 public:
  Uniform(double min, double max);
  double sample(RandomStream& rng) const;
  double mean() const;
  double variance() const;
  double quantile(double p) const;
  std::string describe() const;
  double min() const { return m_min; }
  double max() const { return m_max; }

 private:
  double m_min;
  double m_max;
};

// Exponential with the given mean > 0 (rate 1/mean).
class Exponential {
 public:
  explicit Exponential(double mean);
  double sample(RandomStream& rng) const;
  double mean() const { return m_mean; }
  double variance() const { return m_mean * m_mean; }
  double quantile(double p) const;
  std::string describe() const;

 private:
  double m_mean;
};

// Pareto type I: P(X > x) = (scale / x)^shape for x >= scale > 0, shape > 0. The mean is infinite
// for shape <= 1, the variance for shape <= 2.
class Pareto {
 public:
  Pareto(double scale, double shape);
  // The Pareto of the given mean; needs shape > 1 (otherwise no finite mean exists).
  static Pareto fromMeanAndShape(double mean, double shape);
  double sample(RandomStream& rng) const;
  double mean() const;
  double variance() const;
  double quantile(double p) const;
  std::string describe() const;
  double scale() const { return m_scale; }
  double shape() const { return m_shape; }

 private:
  double m_scale;
  double m_shape;
};

// exp(N(mu, sigma^2)); sigma >= 0.
class LogNormal {
 public:
  LogNormal(double mu, double sigma);
  // The lognormal whose own mean and standard deviation are given (mean > 0, stddev >= 0).
  static LogNormal fromMeanAndStddev(double mean, double stddev);
  double sample(RandomStream& rng) const;
  double mean() const;
  double variance() const;
  double quantile(double p) const;
  std::string describe() const;
  double mu() const { return m_mu; }
  double sigma() const { return m_sigma; }

 private:
  double m_mu;
  double m_sigma;
};

// N(mean, stddev^2); stddev >= 0. Box-Muller keeping only the cosine branch: caching the sine
// value for the next call would make a draw depend on the object's history, not just the stream.
class Normal {
 public:
  Normal(double mean, double stddev);
  double sample(RandomStream& rng) const;
  double mean() const { return m_mean; }
  double variance() const { return m_stddev * m_stddev; }
  double quantile(double p) const;
  std::string describe() const;
  double stddev() const { return m_stddev; }

 private:
  double m_mean;
  double m_stddev;
};

// A distribution given by points of its CDF, linear in between (so uniform within each segment), as
// measured distributions are usually published. Values and probabilities must be non-decreasing,
// probabilities in [0, 1], the last exactly 1 (within 1e-9, then snapped). A first probability above
// 0 is a point mass at the first value; equal values at rising probabilities are a point mass too.
class EmpiricalCdf {
 public:
  struct Point {
    double value;
    double probability;  // P(X <= value)
  };
  explicit EmpiricalCdf(std::vector<Point> points);
  double sample(RandomStream& rng) const;
  double mean() const;
  double variance() const;
  // The smallest x with F(x) >= p, F the piecewise-linear CDF; p in [0, 1].
  double quantile(double p) const;
  std::string describe() const;
  const std::vector<Point>& points() const { return m_points; }

 private:
  std::vector<Point> m_points;
};

// "A distribution" as a value, for models configured from files: one of the kinds above.
class Distribution {
 public:
  using Variant = std::variant<Constant, Uniform, Exponential, Pareto, LogNormal, Normal, EmpiricalCdf>;

  // Constant(0): a default that draws nothing and is obviously a placeholder in describe().
  Distribution() : m_kind(Constant(0.0)) {}
  // Implicit from each kind, so `Distribution d = Exponential(0.5);` reads naturally.
  template <class D>
  requires(!std::is_same_v<std::remove_cvref_t<D>, Distribution> && std::is_constructible_v<Variant, D> &&
           !std::is_arithmetic_v<std::remove_cvref_t<D>>) Distribution(D&& kind)
      : m_kind(std::forward<D>(kind)) {}

  double sample(RandomStream& rng) const;
  // Closed forms; +infinity where the moment does not exist (Pareto with a small shape).
  double mean() const;
  double variance() const;
  double quantile(double p) const;
  // "Exponential(mean=0.5)", "Pareto(scale=1, shape=1.5)", ... for logs and run metadata.
  std::string describe() const;

  const Variant& kind() const { return m_kind; }

 private:
  Variant m_kind;
};

}  // namespace wirelab::sim
