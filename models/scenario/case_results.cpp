#include "models/scenario/case_results.h"

#include <cmath>

#include "sim/metrics/summary.h"

namespace wirelab::models::scenario {

CaseResults aggregate(const std::vector<RunResults>& runs) {
  CaseResults c;
  c.replications = runs.size();
  std::map<std::string, std::vector<double>> pooled;
  std::map<std::string, sim::ReplicationSummary> perRunMeans;
  for (const RunResults& r : runs) {
    c.simulatedEvents += r.simulatedEvents;
    for (const auto& [name, m] : r.metrics()) {
      AggregatedMetric& a = c.metrics[name];
      a.unit = m.unit;
      a.distribution = m.distribution;
      ++a.replications;
      std::vector<double>& all = pooled[name];
      if (m.distribution) {
        all.insert(all.end(), m.samples.begin(), m.samples.end());
        if (!m.samples.empty()) perRunMeans[name].add(summarize(m.samples).mean);
      } else {
        all.push_back(m.value);
        perRunMeans[name].add(m.value);
      }
    }
  }
  for (auto& [name, a] : c.metrics) {
    a.pooled = summarize(std::move(pooled[name]));
    const sim::ReplicationSummary& s = perRunMeans[name];
    if (s.count() >= 2) {
      a.ciLow = s.lower();
      a.ciHigh = s.upper();
    } else {
      a.ciLow = a.ciHigh = std::nan("");
    }
  }
  return c;
}

const std::vector<std::string>& statisticNames() {
  static const std::vector<std::string> names = {"mean", "p50",   "p90",    "p99",    "min",
                                                 "max",  "count", "ci_low", "ci_high"};
  return names;
}

std::optional<double> statistic(const AggregatedMetric& m, const std::string& name) {
  if (name == "mean") return m.pooled.mean;
  if (name == "p50") return m.pooled.p50;
  if (name == "p90") return m.pooled.p90;
  if (name == "p99") return m.pooled.p99;
  if (name == "min") return m.pooled.min;
  if (name == "max") return m.pooled.max;
  if (name == "count") return static_cast<double>(m.pooled.count);
  if (name == "ci_low") return m.ciLow;
  if (name == "ci_high") return m.ciHigh;
  return std::nullopt;
}

}  // namespace wirelab::models::scenario
