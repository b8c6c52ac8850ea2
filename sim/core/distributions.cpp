// File: sim/core/distributions.cpp
// Sampling by inverse transform where the quantile has a closed form (one draw per sample, and the
// sample is a monotone function of the draw, which keeps common-random-number comparisons aligned),
// Box-Muller for the normal family. Parameter checks throw at construction, so a model never
// holds a distribution that would produce NaN later in a run.
#include "sim/core/distributions.h"

#include <algorithm>
#include <charconv>
#include <cmath>
#include <limits>
#include <numbers>
#include <stdexcept>

namespace wirelab::sim {

namespace {

constexpr double kInfinity = std::numeric_limits<double>::infinity();

// Shortest text that reads back as the same double: "0.1", not "0.100000".
std::string formatNumber(double x) {
  char buf[32];
  const auto result = std::to_chars(buf, buf + sizeof buf, x);
  return std::string(buf, result.ptr);
}

void require(bool condition, const char* what) {
  if (!condition) throw std::invalid_argument(what);
}

void requireProbability(double p) { require(p >= 0.0 && p <= 1.0, "quantile: p must lie in [0, 1]"); }

// One standard normal deviate from two draws (Box-Muller, cosine branch). uniformOpen01 keeps the
// logarithm finite.
double standardNormal(RandomStream& rng) {
  const double radius = std::sqrt(-2.0 * std::log(rng.uniformOpen01()));
  const double angle = 2.0 * std::numbers::pi * rng.uniform01();
  return radius * std::cos(angle);
}

}  // namespace

double standardNormalCdf(double x) { return 0.5 * std::erfc(-x / std::numbers::sqrt2); }

double standardNormalQuantile(double p) {
  if (!(p > 0.0 && p < 1.0)) throw std::invalid_argument("standardNormalQuantile: p must lie in (0, 1)");
  // P. J. Acklam's approximation (relative error below 1.2e-9), coefficients as published.
  static constexpr double a[] = {-3.969683028665376e+01, 2.209460984245205e+02,  -2.759285104469687e+02,
                                 1.383577518672690e+02,  -3.066479806614716e+01, 2.506628277459239e+00};
  static constexpr double b[] = {-5.447609879822406e+01, 1.615858368580409e+02, -1.556989798598866e+02,
                                 6.680131188771972e+01, -1.328068155288572e+01};
  static constexpr double c[] = {-7.784894002430293e-03, -3.223964580411365e-01, -2.400758277161838e+00,
                                 -2.549732539343734e+00, 4.374664141464968e+00,  2.938163982698783e+00};
  static constexpr double d[] = {7.784695709041462e-03, 3.224671290700398e-01, 2.445134137142996e+00,
                                 3.754408661907416e+00};
  constexpr double kLow = 0.02425;
  double x = 0;
  if (p < kLow) {
    const double q = std::sqrt(-2.0 * std::log(p));
    x = (((((c[0] * q + c[1]) * q + c[2]) * q + c[3]) * q + c[4]) * q + c[5]) /
        ((((d[0] * q + d[1]) * q + d[2]) * q + d[3]) * q + 1.0);
  } else if (p <= 1.0 - kLow) {
    const double q = p - 0.5;
    const double r = q * q;
    x = (((((a[0] * r + a[1]) * r + a[2]) * r + a[3]) * r + a[4]) * r + a[5]) * q /
        (((((b[0] * r + b[1]) * r + b[2]) * r + b[3]) * r + b[4]) * r + 1.0);
  } else {
    const double q = std::sqrt(-2.0 * std::log1p(-p));
    x = -(((((c[0] * q + c[1]) * q + c[2]) * q + c[3]) * q + c[4]) * q + c[5]) /
        ((((d[0] * q + d[1]) * q + d[2]) * q + d[3]) * q + 1.0);
  }
  // One Halley step on Phi(x) - p brings the error to rounding level.
  const double e = standardNormalCdf(x) - p;
  const double u = e * std::sqrt(2.0 * std::numbers::pi) * std::exp(x * x / 2.0);
  return x - u / (1.0 + x * u / 2.0);
}

// ---- Constant

Constant::Constant(double value) : m_value(value) {
  require(std::isfinite(value), "Constant: value must be finite");
}
double Constant::quantile(double p) const {
  requireProbability(p);
  return m_value;
}
std::string Constant::describe() const { return "Constant(" + formatNumber(m_value) + ")"; }

// ---- Uniform

Uniform::Uniform(double min, double max) : m_min(min), m_max(max) {
  require(std::isfinite(min) && std::isfinite(max), "Uniform: bounds must be finite");
  require(min <= max, "Uniform: min must not exceed max");
}
double Uniform::sample(RandomStream& rng) const { return m_min + (m_max - m_min) * rng.uniform01(); }
double Uniform::mean() const { return 0.5 * (m_min + m_max); }
double Uniform::variance() const { return (m_max - m_min) * (m_max - m_min) / 12.0; }
double Uniform::quantile(double p) const {
  requireProbability(p);
  return m_min + (m_max - m_min) * p;
}
std::string Uniform::describe() const {
  return "Uniform(min=" + formatNumber(m_min) + ", max=" + formatNumber(m_max) + ")";
}

// ---- Exponential

Exponential::Exponential(double mean) : m_mean(mean) {
  require(std::isfinite(mean) && mean > 0.0, "Exponential: mean must be positive and finite");
}
double Exponential::sample(RandomStream& rng) const { return -m_mean * std::log(rng.uniformOpen01()); }
double Exponential::quantile(double p) const {
  requireProbability(p);
  return -m_mean * std::log1p(-p);
}
std::string Exponential::describe() const { return "Exponential(mean=" + formatNumber(m_mean) + ")"; }

// ---- Pareto

Pareto::Pareto(double scale, double shape) : m_scale(scale), m_shape(shape) {
  require(std::isfinite(scale) && scale > 0.0, "Pareto: scale must be positive and finite");
  require(std::isfinite(shape) && shape > 0.0, "Pareto: shape must be positive and finite");
}
Pareto Pareto::fromMeanAndShape(double mean, double shape) {
  require(std::isfinite(shape) && shape > 1.0,
          "Pareto::fromMeanAndShape: shape must exceed 1 for a finite mean");
  require(std::isfinite(mean) && mean > 0.0, "Pareto::fromMeanAndShape: mean must be positive and finite");
  return Pareto(mean * (shape - 1.0) / shape, shape);
}
// U in (0, 1] stands for 1 - p: the draw U = 1 gives the scale itself, and U never reaches 0.
double Pareto::sample(RandomStream& rng) const {
  return m_scale * std::pow(rng.uniformOpen01(), -1.0 / m_shape);
}
double Pareto::mean() const { return m_shape > 1.0 ? m_shape * m_scale / (m_shape - 1.0) : kInfinity; }
double Pareto::variance() const {
  if (m_shape <= 2.0) return kInfinity;
  const double a1 = m_shape - 1.0;
  return m_scale * m_scale * m_shape / (a1 * a1 * (m_shape - 2.0));
}
double Pareto::quantile(double p) const {
  requireProbability(p);
  return m_scale * std::pow(1.0 - p, -1.0 / m_shape);
}
std::string Pareto::describe() const {
  return "Pareto(scale=" + formatNumber(m_scale) + ", shape=" + formatNumber(m_shape) + ")";
}

// ---- LogNormal

LogNormal::LogNormal(double mu, double sigma) : m_mu(mu), m_sigma(sigma) {
  require(std::isfinite(mu), "LogNormal: mu must be finite");
  require(std::isfinite(sigma) && sigma >= 0.0, "LogNormal: sigma must be non-negative and finite");
}
LogNormal LogNormal::fromMeanAndStddev(double mean, double stddev) {
  require(std::isfinite(mean) && mean > 0.0,
          "LogNormal::fromMeanAndStddev: mean must be positive and finite");
  require(std::isfinite(stddev) && stddev >= 0.0,
          "LogNormal::fromMeanAndStddev: stddev must be non-negative and finite");
  // E = exp(mu + s^2/2), Var = (exp(s^2) - 1) E^2  =>  s^2 = log(1 + Var/E^2).
  const double ratio = stddev / mean;
  const double sigma2 = std::log1p(ratio * ratio);
  return LogNormal(std::log(mean) - 0.5 * sigma2, std::sqrt(sigma2));
}
double LogNormal::sample(RandomStream& rng) const { return std::exp(m_mu + m_sigma * standardNormal(rng)); }
double LogNormal::mean() const { return std::exp(m_mu + 0.5 * m_sigma * m_sigma); }
double LogNormal::variance() const {
  const double s2 = m_sigma * m_sigma;
  return std::expm1(s2) * std::exp(2.0 * m_mu + s2);
}
double LogNormal::quantile(double p) const {
  requireProbability(p);
  if (p == 0.0) return 0.0;
  if (p == 1.0) return kInfinity;
  return std::exp(m_mu + m_sigma * standardNormalQuantile(p));
}
std::string LogNormal::describe() const {
  return "LogNormal(mu=" + formatNumber(m_mu) + ", sigma=" + formatNumber(m_sigma) + ")";
}

// ---- Normal

Normal::Normal(double mean, double stddev) : m_mean(mean), m_stddev(stddev) {
  require(std::isfinite(mean), "Normal: mean must be finite");
  require(std::isfinite(stddev) && stddev >= 0.0, "Normal: stddev must be non-negative and finite");
}
double Normal::sample(RandomStream& rng) const { return m_mean + m_stddev * standardNormal(rng); }
double Normal::quantile(double p) const {
  requireProbability(p);
  if (p == 0.0) return -kInfinity;
  if (p == 1.0) return kInfinity;
  return m_mean + m_stddev * standardNormalQuantile(p);
}
std::string Normal::describe() const {
  return "Normal(mean=" + formatNumber(m_mean) + ", stddev=" + formatNumber(m_stddev) + ")";
}

// ---- EmpiricalCdf

EmpiricalCdf::EmpiricalCdf(std::vector<Point> points) : m_points(std::move(points)) {
  require(!m_points.empty(), "EmpiricalCdf: needs at least one point");
  for (std::size_t i = 0; i < m_points.size(); ++i) {
    const Point& pt = m_points[i];
    require(std::isfinite(pt.value), "EmpiricalCdf: values must be finite");
    require(pt.probability >= 0.0 && pt.probability <= 1.0 + 1e-9,
            "EmpiricalCdf: cumulative probabilities must lie in [0, 1]");
    if (i > 0) {
      require(pt.value >= m_points[i - 1].value, "EmpiricalCdf: values must be non-decreasing");
      require(pt.probability >= m_points[i - 1].probability,
              "EmpiricalCdf: cumulative probabilities must be non-decreasing");
    }
  }
  // Tables read from files often sum to 0.9999999999; anything further from 1 is a real mistake.
  require(std::abs(m_points.back().probability - 1.0) <= 1e-9,
          "EmpiricalCdf: the last probability must be 1");
  m_points.back().probability = 1.0;
}

double EmpiricalCdf::quantile(double p) const {
  requireProbability(p);
  const auto it = std::lower_bound(m_points.begin(), m_points.end(), p,
                                   [](const Point& pt, double prob) { return pt.probability < prob; });
  if (it == m_points.begin()) return it->value;
  if (it == m_points.end()) return m_points.back().value;  // p above 1 - 1e-9 rounding; unreachable
  const Point& lo = *(it - 1);
  const Point& hi = *it;
  // lo.probability < p <= hi.probability, so the denominator is positive.
  const double fraction = (p - lo.probability) / (hi.probability - lo.probability);
  return lo.value + fraction * (hi.value - lo.value);
}

double EmpiricalCdf::sample(RandomStream& rng) const { return quantile(rng.uniform01()); }

double EmpiricalCdf::mean() const {
  double sum = m_points.front().probability * m_points.front().value;
  for (std::size_t i = 1; i < m_points.size(); ++i) {
    const double weight = m_points[i].probability - m_points[i - 1].probability;
    sum += weight * 0.5 * (m_points[i - 1].value + m_points[i].value);
  }
  return sum;
}

double EmpiricalCdf::variance() const {
  // E[X^2]: the point mass at the first value, then uniform segments with E[X^2] = (a^2+ab+b^2)/3.
  const double first = m_points.front().value;
  double secondMoment = m_points.front().probability * first * first;
  for (std::size_t i = 1; i < m_points.size(); ++i) {
    const double weight = m_points[i].probability - m_points[i - 1].probability;
    const double a = m_points[i - 1].value;
    const double b = m_points[i].value;
    secondMoment += weight * (a * a + a * b + b * b) / 3.0;
  }
  const double m = mean();
  return std::max(0.0, secondMoment - m * m);
}

std::string EmpiricalCdf::describe() const {
  return "EmpiricalCdf(" + std::to_string(m_points.size()) + " points, " +
         formatNumber(m_points.front().value) + ".." + formatNumber(m_points.back().value) + ")";
}

// ---- Distribution

double Distribution::sample(RandomStream& rng) const {
  return std::visit([&rng](const auto& d) { return d.sample(rng); }, m_kind);
}
double Distribution::mean() const {
  return std::visit([](const auto& d) { return d.mean(); }, m_kind);
}
double Distribution::variance() const {
  return std::visit([](const auto& d) { return d.variance(); }, m_kind);
}
double Distribution::quantile(double p) const {
  return std::visit([p](const auto& d) { return d.quantile(p); }, m_kind);
}
std::string Distribution::describe() const {
  return std::visit([](const auto& d) { return d.describe(); }, m_kind);
}

}  // namespace wirelab::sim
