// File: models/scenario/case_results.h
// One case of a scenario (one point of its sweep) aggregated over its replications: for each
// metric the pooled distribution of every sample of every replication (count, mean, quantiles)
// and a Student-t 95% confidence interval of the mean from the per-replication means, which are
// independent where the samples within one run are not.
#pragma once

#include <map>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "models/scenario/run_results.h"

namespace wirelab::models::scenario {

struct AggregatedMetric {
  std::string unit;
  bool distribution = false;
  SampleSummary pooled;          // every sample (distribution) or every per-run value (single value)
  std::size_t replications = 0;  // runs that reported it
  double ciLow = 0, ciHigh = 0;  // 95% CI of the mean over replications (NaN with one replication)
};

struct ExpectationResult {
  std::string text;
  std::string scope;  // the case ("case-1 (loss=1%)") or group ("loss=1%") it was checked in
  bool passed = false;
  double lhs = 0, rhs = 0;
  std::string message;  // why it failed, or what it compared
};

struct CaseResults {
  std::string id;                                               // "case-0", "case-1", ...
  std::vector<std::pair<std::string, std::string>> parameters;  // sweep path -> value, in axis order
  std::map<std::string, AggregatedMetric> metrics;
  std::size_t replications = 0;
  std::uint64_t simulatedEvents = 0;
};

CaseResults aggregate(const std::vector<RunResults>& runs);

// A statistic of a metric by name: mean, p50, p90, p99, min, max, count, ci_low, ci_high. nullopt
// for an unknown statistic.
std::optional<double> statistic(const AggregatedMetric& m, const std::string& name);
const std::vector<std::string>& statisticNames();

}  // namespace wirelab::models::scenario
