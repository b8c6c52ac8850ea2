#include "sim/core/distributions.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>
#include <functional>
#include <limits>
#include <numbers>
#include <stdexcept>
#include <vector>

namespace wirelab::sim {
namespace {

// Every statistical check below uses a fixed seed, so it is deterministic; the tolerances are set
// so that a correct implementation would fail for fewer than about 1 seed in a million (5 standard
// errors, two-sided: 5.7e-7), while a wrong formula (a mean off by a few percent, a variance off by a
// factor) is far outside them at these sample counts.
constexpr double kSigmas = 5.0;

std::vector<double> draw(const Distribution& d, std::uint64_t seed, int n) {
  RandomStream rng(seed);
  std::vector<double> out(static_cast<std::size_t>(n));
  for (double& x : out) x = d.sample(rng);
  return out;
}

// Sample quantile, linear interpolation between order statistics (Hyndman-Fan type 7).
double sampleQuantile(std::vector<double> sorted, double p) {
  std::sort(sorted.begin(), sorted.end());
  const double h = (static_cast<double>(sorted.size()) - 1.0) * p;
  const auto lo = static_cast<std::size_t>(std::floor(h));
  const std::size_t hi = std::min(lo + 1, sorted.size() - 1);
  return sorted[lo] + (h - std::floor(h)) * (sorted[hi] - sorted[lo]);
}

double fractionAtOrBelow(const std::vector<double>& xs, double limit) {
  const auto count = std::count_if(xs.begin(), xs.end(), [limit](double x) { return x <= limit; });
  return static_cast<double>(count) / static_cast<double>(xs.size());
}

struct Case {
  const char* name;
  Distribution dist;
  double centralFourthMoment;  // E[(X - mean)^4], sets the standard error of the sample variance
};

double paretoCentralFourth(double xm, double a) {
  // Raw moments E[X^k] = a xm^k / (a - k) for a > k.
  const double m1 = a * xm / (a - 1), m2 = a * xm * xm / (a - 2), m3 = a * std::pow(xm, 3) / (a - 3),
               m4 = a * std::pow(xm, 4) / (a - 4);
  return m4 - 4 * m1 * m3 + 6 * m1 * m1 * m2 - 3 * std::pow(m1, 4);
}

double lognormalCentralFourth(double sigma, double variance) {
  const double s2 = sigma * sigma;
  return variance * variance * (std::exp(4 * s2) + 2 * std::exp(3 * s2) + 3 * std::exp(2 * s2) - 3);
}

double empiricalCentralFourth(const EmpiricalCdf& cdf) {
  // Uniform on [a, b] with weight w: w ((b - m)^5 - (a - m)^5) / (5 (b - a)); point masses directly.
  const double m = cdf.mean();
  const auto& pts = cdf.points();
  double sum = pts.front().probability * std::pow(pts.front().value - m, 4);
  for (std::size_t i = 1; i < pts.size(); ++i) {
    const double w = pts[i].probability - pts[i - 1].probability;
    const double a = pts[i - 1].value, b = pts[i].value;
    sum += a == b ? w * std::pow(a - m, 4) : w * (std::pow(b - m, 5) - std::pow(a - m, 5)) / (5 * (b - a));
  }
  return sum;
}

EmpiricalCdf flowSizes() { return EmpiricalCdf({{0, 0}, {1, 0.5}, {10, 0.9}, {100, 1.0}}); }

std::vector<Case> finiteVarianceCases() {
  const LogNormal ln = LogNormal::fromMeanAndStddev(10, 5);
  return {
      {"Uniform", Uniform(-2, 6), std::pow(8.0, 4) / 80},
      {"Exponential", Exponential(0.25), 9 * std::pow(0.25, 4)},
      {"Normal", Normal(3, 2), 3 * std::pow(2.0, 4)},
      {"LogNormal", ln, lognormalCentralFourth(ln.sigma(), ln.variance())},
      {"Pareto(shape=6)", Pareto(2, 6), paretoCentralFourth(2, 6)},  // shape > 4: finite 4th moment
      {"EmpiricalCdf", flowSizes(), empiricalCentralFourth(flowSizes())},
  };
}

TEST(Distributions, SampleMeanAndVarianceMatchTheClosedForms) {
  const int n = 400'000;
  for (const Case& c : finiteVarianceCases()) {
    const std::vector<double> xs = draw(c.dist, 1234, n);
    double sum = 0;
    for (const double x : xs) sum += x;
    const double mean = sum / n;
    double ss = 0;
    for (const double x : xs) ss += (x - mean) * (x - mean);
    const double variance = ss / (n - 1);

    const double trueVar = c.dist.variance();
    // SE(mean) = sqrt(Var / n); SE(sample variance) = sqrt((mu4 - Var^2) / n).
    const double seMean = std::sqrt(trueVar / n);
    const double seVar = std::sqrt((c.centralFourthMoment - trueVar * trueVar) / n);
    EXPECT_NEAR(mean, c.dist.mean(), kSigmas * seMean) << c.name;
    EXPECT_NEAR(variance, trueVar, kSigmas * seVar) << c.name;
  }
}

TEST(Distributions, FractionBelowEachQuantileIsItsProbability) {
  // The shape check: P(X <= q(p)) = p at several p. The count is Binomial(n, p): SE sqrt(p(1-p)/n).
  const int n = 200'000;
  std::vector<Case> cases = finiteVarianceCases();
  cases.push_back({"Pareto(shape=1.5)", Pareto(1, 1.5), 0});
  for (const Case& c : cases) {
    const std::vector<double> xs = draw(c.dist, 77, n);
    for (const double p : {0.01, 0.1, 0.25, 0.5, 0.75, 0.9, 0.99}) {
      EXPECT_NEAR(fractionAtOrBelow(xs, c.dist.quantile(p)), p, kSigmas * std::sqrt(p * (1 - p) / n))
          << c.name << " p=" << p;
    }
  }
}

TEST(Distributions, HeavyTailQuantilesMatchClosedForms) {
  // p50 and p90 within 2%: at n = 200k the standard error of the sample p90 is 0.45% of the value
  // for Pareto(1, 1.5) and 0.38% for LogNormal(0, 1), so 2% is over 4 standard errors. Further out
  // the density is too thin for 2%, so p99 and p99.9 use 5 standard errors of the order statistic,
  // sqrt(p(1-p)/n) / f(q), with f the closed-form density.
  const int n = 200'000;
  const Pareto pareto(1, 1.5);
  const LogNormal lognormal(0, 1);
  const auto paretoPdf = [&](double x) { return 1.5 / std::pow(x, 2.5); };
  const auto lognormalPdf = [](double x) {
    return std::exp(-0.5 * std::log(x) * std::log(x)) / (x * std::sqrt(2 * std::numbers::pi));
  };
  struct Tail {
    const char* name;
    Distribution dist;
    std::function<double(double)> pdf;
  };
  for (const Tail& t : {Tail{"Pareto", pareto, paretoPdf}, Tail{"LogNormal", lognormal, lognormalPdf}}) {
    const std::vector<double> xs = draw(t.dist, 2024, n);
    for (const double p : {0.5, 0.9}) {
      const double exact = t.dist.quantile(p);
      EXPECT_NEAR(sampleQuantile(xs, p), exact, 0.02 * exact) << t.name << " p=" << p;
    }
    for (const double p : {0.99, 0.999}) {
      const double exact = t.dist.quantile(p);
      const double se = std::sqrt(p * (1 - p) / n) / t.pdf(exact);
      EXPECT_NEAR(sampleQuantile(xs, p), exact, kSigmas * se) << t.name << " p=" << p;
    }
  }
  EXPECT_NEAR(pareto.quantile(0.9), std::pow(0.1, -1 / 1.5), 1e-12);
  EXPECT_NEAR(lognormal.quantile(0.9), std::exp(1.2815515655446008), 1e-12);
}

TEST(Distributions, ClosedFormsForDerivedParameters) {
  const Pareto p = Pareto::fromMeanAndShape(50'000, 1.2);
  EXPECT_NEAR(p.mean(), 50'000, 1e-9);
  EXPECT_NEAR(p.scale(), 50'000.0 / 6, 1e-9);
  EXPECT_EQ(p.variance(), std::numeric_limits<double>::infinity());
  EXPECT_EQ(Pareto(1, 0.9).mean(), std::numeric_limits<double>::infinity());
  EXPECT_NEAR(Pareto(1, 3).mean(), 1.5, 1e-12);
  EXPECT_NEAR(Pareto(1, 3).variance(), 0.75, 1e-12);  // 3 / (2^2 * 1)

  const LogNormal ln = LogNormal::fromMeanAndStddev(10, 5);
  EXPECT_NEAR(ln.mean(), 10, 1e-12);
  EXPECT_NEAR(std::sqrt(ln.variance()), 5, 1e-12);
  EXPECT_NEAR(ln.quantile(0.5), std::exp(ln.mu()), 1e-12);  // the median of a lognormal is e^mu

  EXPECT_NEAR(Exponential(2).quantile(0.5), 2 * std::numbers::ln2, 1e-15);
  EXPECT_DOUBLE_EQ(Uniform(2, 4).quantile(0.25), 2.5);
  EXPECT_DOUBLE_EQ(Normal(1, 2).quantile(0.975), 1 + 2 * 1.9599639845400536);
}

TEST(StandardNormalQuantile, KnownValues) {
  // Reference values from Python's statistics.NormalDist (Wichura's AS241, double precision).
  EXPECT_NEAR(standardNormalQuantile(0.975), 1.9599639845400536, 1e-14);
  EXPECT_NEAR(standardNormalQuantile(0.9), 1.2815515655446008, 1e-14);
  EXPECT_EQ(standardNormalQuantile(0.5), 0.0);
  EXPECT_NEAR(standardNormalQuantile(0.001), -3.090232306167813, 1e-13);
  EXPECT_NEAR(standardNormalQuantile(1e-10), -6.361340902404056, 1e-12);
  EXPECT_NEAR(standardNormalQuantile(0.999999), 4.753424308817089, 1e-9);  // 1 - p keeps 10 digits only
  for (const double p : {1e-6, 0.02, 0.3, 0.6, 0.98}) {
    EXPECT_NEAR(standardNormalQuantile(p), -standardNormalQuantile(1 - p), 1e-9) << p;
    EXPECT_NEAR(standardNormalCdf(standardNormalQuantile(p)), p, 1e-15 + 1e-13 * p) << p;
  }
  EXPECT_THROW(standardNormalQuantile(0.0), std::invalid_argument);
  EXPECT_THROW(standardNormalQuantile(1.0), std::invalid_argument);
}

TEST(EmpiricalCdf, ReproducesItsOwnQuantilesAndPoints) {
  const EmpiricalCdf cdf = flowSizes();
  EXPECT_DOUBLE_EQ(cdf.quantile(0.0), 0);
  EXPECT_DOUBLE_EQ(cdf.quantile(0.25), 0.5);
  EXPECT_DOUBLE_EQ(cdf.quantile(0.5), 1);
  // 0.7 - 0.5 and 0.95 - 0.9 are not exact in binary: allow 1e-12 relative.
  EXPECT_NEAR(cdf.quantile(0.7), 5.5, 1e-12 * 5.5);
  EXPECT_DOUBLE_EQ(cdf.quantile(0.9), 10);
  EXPECT_NEAR(cdf.quantile(0.95), 55, 1e-12 * 55);
  EXPECT_DOUBLE_EQ(cdf.quantile(1.0), 100);
  EXPECT_DOUBLE_EQ(cdf.mean(), 0.5 * 0.5 + 0.4 * 5.5 + 0.1 * 55);

  const int n = 200'000;
  const std::vector<double> xs = draw(cdf, 5, n);
  // Each table point: the fraction of samples at or below its value is its probability
  // (Binomial SE sqrt(p(1-p)/n)).
  for (const auto& pt : cdf.points()) {
    const double p = pt.probability;
    EXPECT_NEAR(fractionAtOrBelow(xs, pt.value), p, kSigmas * std::sqrt(p * (1 - p) / n) + 1e-12) << pt.value;
  }
  // Sample quantiles: SE sqrt(p(1-p)/n) / f, f the segment density (the smaller one at a kink).
  const double densityUpTo1 = 0.5, densityUpTo10 = 0.4 / 9, densityUpTo100 = 0.1 / 90;
  struct Q {
    double p;
    double density;
  };
  for (const Q q : {Q{0.25, densityUpTo1}, Q{0.5, densityUpTo10}, Q{0.7, densityUpTo10},
                    Q{0.9, densityUpTo100}, Q{0.95, densityUpTo100}}) {
    const double se = std::sqrt(q.p * (1 - q.p) / n) / q.density;
    EXPECT_NEAR(sampleQuantile(xs, q.p), cdf.quantile(q.p), kSigmas * se) << q.p;
  }
}

TEST(EmpiricalCdf, PointMasses) {
  // 30% exactly 2, the rest uniform on [2, 4].
  const EmpiricalCdf cdf({{2, 0.3}, {4, 1.0}});
  EXPECT_DOUBLE_EQ(cdf.mean(), 0.3 * 2 + 0.7 * 3);
  const int n = 100'000;
  const std::vector<double> xs = draw(cdf, 8, n);
  const double atTwo =
      static_cast<double>(std::count(xs.begin(), xs.end(), 2.0)) / static_cast<double>(xs.size());
  EXPECT_NEAR(atTwo, 0.3, kSigmas * std::sqrt(0.3 * 0.7 / n));

  // A vertical step in the middle: equal values at rising probabilities.
  const EmpiricalCdf step({{0, 0}, {1, 0.2}, {1, 0.8}, {2, 1}});
  EXPECT_DOUBLE_EQ(step.quantile(0.5), 1);
  EXPECT_DOUBLE_EQ(step.quantile(0.9), 1.5);
}

TEST(EmpiricalCdf, RejectsInvalidTables) {
  using P = EmpiricalCdf::Point;
  EXPECT_THROW(EmpiricalCdf(std::vector<P>{}), std::invalid_argument);
  EXPECT_THROW(EmpiricalCdf({{1, 0.5}, {0, 1}}), std::invalid_argument);            // values decrease
  EXPECT_THROW(EmpiricalCdf({{0, 0.6}, {1, 0.5}, {2, 1}}), std::invalid_argument);  // probs decrease
  EXPECT_THROW(EmpiricalCdf({{0, 0}, {1, 0.9}}), std::invalid_argument);            // does not reach 1
  EXPECT_THROW(EmpiricalCdf({{0, -0.1}, {1, 1}}), std::invalid_argument);
  EXPECT_THROW(EmpiricalCdf({{0, 0}, {1, 1.5}}), std::invalid_argument);
  EXPECT_THROW(EmpiricalCdf({{0, 0}, {std::nan(""), 1}}), std::invalid_argument);
  // Rounding in a table file is tolerated and snapped.
  const EmpiricalCdf almost({{0, 0}, {1, 0.9999999999}});
  EXPECT_EQ(almost.points().back().probability, 1.0);
}

TEST(Distributions, RejectInvalidParameters) {
  EXPECT_THROW(Uniform(2, 1), std::invalid_argument);
  EXPECT_THROW(Exponential(0), std::invalid_argument);
  EXPECT_THROW(Exponential(-1), std::invalid_argument);
  EXPECT_THROW(Pareto(0, 1), std::invalid_argument);
  EXPECT_THROW(Pareto(1, 0), std::invalid_argument);
  EXPECT_THROW(Pareto::fromMeanAndShape(10, 1.0), std::invalid_argument);
  EXPECT_THROW(LogNormal(0, -1), std::invalid_argument);
  EXPECT_THROW(LogNormal::fromMeanAndStddev(0, 1), std::invalid_argument);
  EXPECT_THROW(Normal(0, -1), std::invalid_argument);
  EXPECT_THROW(Constant(std::numeric_limits<double>::infinity()), std::invalid_argument);
  EXPECT_THROW((void)Exponential(1).quantile(1.5), std::invalid_argument);
}

std::vector<Distribution> everyKind() {
  return {Constant(4),     Uniform(0, 1), Exponential(1), Pareto(1, 1.5),
          LogNormal(0, 1), Normal(0, 1),  flowSizes()};
}

TEST(Distributions, SameSeedSameSamplesAndCopiesDrawAlike) {
  for (const Distribution& d : everyKind()) {
    const Distribution copy = d;
    EXPECT_EQ(draw(d, 42, 1000), draw(copy, 42, 1000)) << d.describe();
    if (d.variance() > 0) {
      EXPECT_NE(draw(d, 42, 10), draw(d, 43, 10)) << d.describe();
    }
  }
}

TEST(Distributions, EachSampleConsumesAFixedNumberOfDraws) {
  // Documented counts; a stream's position must not depend on the values drawn.
  const std::vector<int> expected = {0, 1, 1, 1, 2, 2, 1};
  const std::vector<Distribution> kinds = everyKind();
  for (std::size_t k = 0; k < kinds.size(); ++k) {
    RandomStream used(9);
    RandomStream reference(9);
    for (int i = 0; i < 100; ++i) {
      (void)kinds[k].sample(used);
      for (int j = 0; j < expected[k]; ++j) (void)reference.nextU64();
    }
    EXPECT_EQ(used.nextU64(), reference.nextU64()) << kinds[k].describe();
  }
}

TEST(Distribution, DescribeMeanAndDefault) {
  EXPECT_EQ(Distribution().describe(), "Constant(0)");
  EXPECT_EQ(Distribution(Exponential(0.5)).describe(), "Exponential(mean=0.5)");
  EXPECT_EQ(Distribution(Pareto(1, 1.5)).describe(), "Pareto(scale=1, shape=1.5)");
  EXPECT_EQ(Distribution(LogNormal(0, 0.1)).describe(), "LogNormal(mu=0, sigma=0.1)");
  EXPECT_EQ(Distribution(Normal(3, 2)).describe(), "Normal(mean=3, stddev=2)");
  EXPECT_EQ(Distribution(Uniform(0, 10)).describe(), "Uniform(min=0, max=10)");
  EXPECT_EQ(Distribution(flowSizes()).describe(), "EmpiricalCdf(4 points, 0..100)");

  const Distribution heavy = Pareto(1, 0.8);
  EXPECT_EQ(heavy.mean(), std::numeric_limits<double>::infinity());
  const Distribution c = Constant(7);
  RandomStream rng(1);
  EXPECT_EQ(c.sample(rng), 7);
  EXPECT_EQ(c.mean(), 7);
  EXPECT_TRUE(std::holds_alternative<Constant>(c.kind()));
}

}  // namespace
}  // namespace wirelab::sim
