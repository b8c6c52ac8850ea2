// File: models/scenario/expectation.h
// Assertions on a scenario's results, written as one comparison:
//   sse.notification_latency.p99 < 300ms                 checked in every case
//   pub.lost == 0
//   page.page_load_time.p50[protocol=http2] < page.page_load_time.p50[protocol=http1]
// An operand is a metric ("<workload>.<metric>" with an optional statistic: mean, p50, p90, p99,
// min, max, count, ci_low, ci_high; the mean by default) or a number with an optional unit (a
// duration is compared in seconds, a rate in bit/s, a size in bytes, a percentage as a fraction).
// A metric may pick cases of the sweep with [axis=value, ...] (an axis by its path or its last
// key); the comparison is then checked once for every combination of the axes it does not pick,
// e.g. once per loss rate when the sweep is protocol x loss.
#pragma once

#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "models/scenario/case_results.h"
#include "models/scenario/plan.h"

namespace wirelab::models::scenario {

struct Operand {
  bool isMetric = false;
  std::string metric, stat;                                   // metric operands
  std::vector<std::pair<std::string, std::string>> selector;  // [axis=value, ...]
  double value = 0;                                           // constants, in base units
  std::string text;
};

struct Expectation {
  Operand lhs, rhs;
  std::string op;  // <, <=, >, >=, ==, !=
  std::string text;
};

// A number with an optional unit, in base units (seconds, bit/s, bytes, fraction); nullopt if
// it is none of those. Also how sweep values become chart coordinates.
std::optional<double> parseConstant(const std::string& text);

// Parses; nullopt with `error` for a malformed expectation.
std::optional<Expectation> parseExpectation(const std::string& text, std::string& error);

// Checks that every selector names an axis of the sweep and one of its values.
std::optional<std::string> checkSelectors(const Expectation& e, const std::vector<SweepAxis>& axes);

// Evaluates against every case, or every group of cases the selectors leave; one result each,
// its scope naming the case or group. A metric a run did not produce fails with a did-you-mean.
std::vector<ExpectationResult> evaluate(const Expectation& e, const ScenarioPlan& plan,
                                        const std::vector<CaseResults>& cases);

}  // namespace wirelab::models::scenario
