// File: models/scenario/expectation.h
// Assertions on a case's results, written as one comparison:
//   h2.page_load_time.p50 < h1.page_load_time.p50
//   sse.notification_latency.p99 < 300ms
//   pub.lost == 0
// An operand is a metric ("<workload>.<metric>" with an optional statistic: mean, p50, p90, p99,
// min, max, count, ci_low, ci_high; the mean by default) or a number with an optional unit (a
// duration is compared in seconds, a rate in bit/s, a size in bytes, a percentage as a fraction).
#pragma once

#include <optional>
#include <string>

#include "models/scenario/case_results.h"

namespace wirelab::models::scenario {

struct Operand {
  bool isMetric = false;
  std::string metric, stat;  // metric operands
  double value = 0;          // constants, in base units
  std::string text;
};

struct Expectation {
  Operand lhs, rhs;
  std::string op;  // <, <=, >, >=, ==, !=
  std::string text;
};

// Parses; nullopt with `error` (and the character offset in it) for a malformed expectation.
std::optional<Expectation> parseExpectation(const std::string& text, std::string& error);

// Evaluates against a case; a metric the run did not produce fails with a did-you-mean message.
ExpectationResult evaluate(const Expectation& e, const CaseResults& results);

}  // namespace wirelab::models::scenario
