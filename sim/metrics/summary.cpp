// File: sim/metrics/summary.cpp
// Student's t through the regularized incomplete beta function (continued fraction, modified Lentz),
// so that every confidence level and every number of replications is exact rather than limited to
// a printed table. The quantile is only needed a few times per sweep, so a plain bisection (robust,
// no derivative, no convergence caveats) is fast enough.
#include "sim/metrics/summary.h"

#include <cmath>
#include <cstdio>
#include <limits>
#include <numbers>
#include <stdexcept>

#include "sim/core/distributions.h"

namespace wirelab::sim {

namespace {

constexpr double kNaN = std::numeric_limits<double>::quiet_NaN();
constexpr double kInfinity = std::numeric_limits<double>::infinity();

// Continued fraction of I_x(a, b), evaluated by the modified Lentz method; converges quickly for
// x < (a + 1) / (a + b + 2) (the caller swaps arguments otherwise).
double betaContinuedFraction(double a, double b, double x) {
  constexpr int kMaxIterations = 20'000;  // convergence takes O(sqrt(max(a, b))) terms
  constexpr double kEpsilon = 1e-16;
  constexpr double kTiny = 1e-300;  // keeps Lentz's ratios away from division by zero
  const auto guard = [](double v) { return std::abs(v) < kTiny ? kTiny : v; };
  double c = 1.0;
  double d = 1.0 / guard(1.0 - (a + b) * x / (a + 1.0));
  double result = d;
  for (int m = 1; m <= kMaxIterations; ++m) {
    const double twoM = 2.0 * m;
    // Even step of the fraction.
    double coefficient = m * (b - m) * x / ((a - 1.0 + twoM) * (a + twoM));
    d = 1.0 / guard(1.0 + coefficient * d);
    c = guard(1.0 + coefficient / c);
    result *= d * c;
    // Odd step.
    coefficient = -(a + m) * (a + b + m) * x / ((a + twoM) * (a + 1.0 + twoM));
    d = 1.0 / guard(1.0 + coefficient * d);
    c = guard(1.0 + coefficient / c);
    const double delta = d * c;
    result *= delta;
    if (std::abs(delta - 1.0) < kEpsilon) break;
  }
  return result;
}

// log B(a, 1/2) = lgamma(a) + lgamma(1/2) - lgamma(a + 1/2). For large a the two lgamma values
// are huge and nearly equal (at df = 1e7 their difference keeps only 8 digits), so there the
// difference comes from Stirling's series, written so that nothing large is subtracted:
//   lgamma(a + 1/2) - lgamma(a) = a log1p(1/(2a)) + log(a)/2 - 1/2 + sum_k c_k ((a + 1/2)^-k - a^-k).
double logBetaHalf(double a) {
  const double logGammaHalf = 0.5 * std::log(std::numbers::pi);
  if (a < 20.0) return std::lgamma(a) + logGammaHalf - std::lgamma(a + 0.5);
  struct Term {
    double coefficient;  // B_2k / (2k (2k - 1))
    double power;
  };
  static constexpr Term kTerms[] = {
      {1.0 / 12, 1}, {-1.0 / 360, 3}, {1.0 / 1260, 5}, {-1.0 / 1680, 7}, {1.0 / 1188, 9}};
  double ratio = a * std::log1p(0.5 / a) + 0.5 * std::log(a) - 0.5;
  for (const Term& t : kTerms) ratio += t.coefficient * (std::pow(a + 0.5, -t.power) - std::pow(a, -t.power));
  return logGammaHalf - ratio;
}

// I_x(a, b) given y = 1 - x separately (x near 1 keeps its precision through log1p(-y)) and
// log B(a, b) from the caller.
double regularizedIncompleteBeta(double a, double b, double x, double y, double logBeta) {
  if (x <= 0.0) return 0.0;
  if (y <= 0.0) return 1.0;
  const double logX = x > 0.5 ? std::log1p(-y) : std::log(x);
  const double logY = y > 0.5 ? std::log1p(-x) : std::log(y);
  const double front = std::exp(a * logX + b * logY - logBeta);
  if (x < (a + 1.0) / (a + b + 2.0)) return front * betaContinuedFraction(a, b, x) / a;
  return 1.0 - front * betaContinuedFraction(b, a, y) / b;
}

// P(T > t) for t >= 0: (1/2) I_{df / (df + t^2)}(df / 2, 1/2). Computed directly, not as 1 - CDF,
// so small tails keep their relative precision.
double upperTail(double t, double df) {
  if (std::isinf(t)) return 0.0;
  const double t2 = t * t;
  const double a = 0.5 * df;
  return 0.5 * regularizedIncompleteBeta(a, 0.5, df / (df + t2), t2 / (df + t2), logBetaHalf(a));
}

void requireDegreesOfFreedom(double df) {
  if (!(df > 0.0)) throw std::invalid_argument("Student t: degrees of freedom must be positive");
}

}  // namespace

// ---- Welford

void Welford::add(double x) {
  ++m_count;
  const double delta = x - m_mean;
  m_mean += delta / static_cast<double>(m_count);
  m_sumSquaredDeviations += delta * (x - m_mean);
}

void Welford::merge(const Welford& other) {
  if (other.m_count == 0) return;
  if (m_count == 0) {
    *this = other;
    return;
  }
  const auto n1 = static_cast<double>(m_count);
  const auto n2 = static_cast<double>(other.m_count);
  const double n = n1 + n2;
  const double delta = other.m_mean - m_mean;
  m_mean += delta * n2 / n;
  m_sumSquaredDeviations += other.m_sumSquaredDeviations + delta * delta * n1 * n2 / n;
  m_count += other.m_count;
}

double Welford::mean() const { return m_count == 0 ? kNaN : m_mean; }
double Welford::variance() const {
  return m_count < 2 ? kNaN : m_sumSquaredDeviations / static_cast<double>(m_count - 1);
}
double Welford::stddev() const { return std::sqrt(variance()); }

// ---- Student t

double studentTCdf(double t, double degreesOfFreedom) {
  requireDegreesOfFreedom(degreesOfFreedom);
  if (std::isnan(t)) return kNaN;
  return t >= 0.0 ? 1.0 - upperTail(t, degreesOfFreedom) : upperTail(-t, degreesOfFreedom);
}

double studentTQuantile(double p, double degreesOfFreedom) {
  requireDegreesOfFreedom(degreesOfFreedom);
  if (!(p > 0.0 && p < 1.0)) throw std::invalid_argument("studentTQuantile: p must lie in (0, 1)");
  if (p == 0.5) return 0.0;
  const double df = degreesOfFreedom;
  // Work with the smaller tail probability q: 1 - p is exact for p >= 0.5 and p itself below.
  const double q = p < 0.5 ? p : 1.0 - p;
  const double sign = p < 0.5 ? -1.0 : 1.0;

  if (df > 1e5) {
    // Cornish-Fisher expansion around the normal quantile (Abramowitz & Stegun 26.7.5); the first
    // omitted term is of order z^11 / df^5, below rounding here.
    const double z = -standardNormalQuantile(q);
    const double z2 = z * z;
    const double g1 = z * (z2 + 1.0) / 4.0;
    const double g2 = z * ((5.0 * z2 + 16.0) * z2 + 3.0) / 96.0;
    const double g3 = z * (((3.0 * z2 + 19.0) * z2 + 17.0) * z2 - 15.0) / 384.0;
    const double g4 = z * ((((79.0 * z2 + 776.0) * z2 + 1482.0) * z2 - 1920.0) * z2 - 945.0) / 92160.0;
    return sign * (z + (g1 + (g2 + (g3 + g4 / df) / df) / df) / df);
  }

  // Bracket: double the upper end until its tail falls to q, then bisect.
  double lo = 0.0;
  double hi = 1.0;
  while (upperTail(hi, df) > q) {
    lo = hi;
    hi *= 2.0;
    if (hi > 1e300) return sign * kInfinity;  // tiny df and tiny q: beyond double range
  }
  for (int i = 0; i < 2000 && hi - lo > 1e-15 * hi; ++i) {
    const double mid = 0.5 * (lo + hi);
    if (upperTail(mid, df) > q) {
      lo = mid;
    } else {
      hi = mid;
    }
  }
  return sign * 0.5 * (lo + hi);
}

// ---- ReplicationSummary

ReplicationSummary::ReplicationSummary(std::span<const double> results) {
  for (const double r : results) add(r);
}

double ReplicationSummary::halfWidth(double level) const {
  if (!(level > 0.0 && level < 1.0))
    throw std::invalid_argument("ReplicationSummary: level must lie in (0, 1)");
  const std::uint64_t n = count();
  if (n < 2) return kInfinity;
  const double t = studentTQuantile(0.5 * (1.0 + level), static_cast<double>(n - 1));
  return t * stddev() / std::sqrt(static_cast<double>(n));
}

double ReplicationSummary::relativeHalfWidth(double level) const {
  return halfWidth(level) / std::abs(mean());
}

std::string ReplicationSummary::describe(double level) const {
  char buf[128];
  std::snprintf(buf, sizeof buf, "%.4g \xC2\xB1 %.4g (%g%% CI, n=%llu)", mean(), halfWidth(level),
                level * 100.0, static_cast<unsigned long long>(count()));
  return buf;
}

}  // namespace wirelab::sim
