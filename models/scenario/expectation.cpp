#include "models/scenario/expectation.h"

#include <charconv>
#include <cmath>
#include <sstream>

#include "models/scenario/diagnostics.h"
#include "sim/core/units.h"

namespace wirelab::models::scenario {

namespace {

std::string trim(const std::string& s) {
  const auto b = s.find_first_not_of(" \t");
  if (b == std::string::npos) return "";
  return s.substr(b, s.find_last_not_of(" \t") - b + 1);
}

// A constant: a plain number, or a duration, rate, size or percentage with its unit.
std::optional<double> constant(const std::string& t) {
  double d = 0;
  const auto [end, ec] = std::from_chars(t.data(), t.data() + t.size(), d);
  if (ec == std::errc() && end == t.data() + t.size()) return d;
  if (auto r = sim::parseDuration(t)) return r->seconds();
  if (auto r = sim::parseDataRate(t)) return static_cast<double>(r->bitsPerSecond());
  if (auto r = sim::parseByteCount(t)) return static_cast<double>(r->bytes());
  if (auto r = sim::parseRatio(t)) return *r;
  return std::nullopt;
}

bool parseOperand(const std::string& raw, Operand& out, std::string& error) {
  const std::string t = trim(raw);
  out.text = t;
  if (t.empty()) {
    error = "an operand is missing";
    return false;
  }
  if (auto c = constant(t)) {
    out.value = *c;
    return true;
  }
  // A metric: <workload>.<metric>[.<stat>]
  const auto first = t.find('.');
  if (first == std::string::npos || first == 0) {
    error =
        "\"" + t + "\" is neither a number (with a unit) nor a metric (<workload>.<metric>[.<statistic>])";
    return false;
  }
  out.isMetric = true;
  const auto last = t.rfind('.');
  const std::string tail = t.substr(last + 1);
  bool isStat = last != first;
  if (isStat) {
    isStat = false;
    for (const std::string& s : statisticNames()) isStat = isStat || s == tail;
    if (!isStat) {
      error = "unknown statistic \"" + tail + "\" in \"" + t + "\"";
      const std::string hint = closestMatch(tail, statisticNames());
      error += hint.empty() ? "" : "; did you mean \"" + hint + "\"?";
      return false;
    }
  }
  out.metric = isStat ? t.substr(0, last) : t;
  out.stat = isStat ? tail : "mean";
  return true;
}

}  // namespace

std::optional<Expectation> parseExpectation(const std::string& text, std::string& error) {
  static const char* const ops[] = {"<=", ">=", "==", "!=", "<", ">"};
  for (const char* op : ops) {
    const auto at = text.find(op);
    if (at == std::string::npos) continue;
    Expectation e;
    e.op = op;
    e.text = text;
    if (!parseOperand(text.substr(0, at), e.lhs, error) ||
        !parseOperand(text.substr(at + e.op.size()), e.rhs, error)) {
      return std::nullopt;
    }
    if (!e.lhs.isMetric && !e.rhs.isMetric) {
      error = "compares two constants; name a metric on one side";
      return std::nullopt;
    }
    return e;
  }
  error = "expected a comparison (<, <=, >, >=, ==, !=) between a metric and a value or another metric";
  return std::nullopt;
}

namespace {

std::optional<double> resolve(const Operand& o, const CaseResults& r, std::string& message) {
  if (!o.isMetric) return o.value;
  auto it = r.metrics.find(o.metric);
  if (it == r.metrics.end()) {
    std::vector<std::string> names;
    for (const auto& [name, m] : r.metrics) names.push_back(name);
    const std::string hint = closestMatch(o.metric, names);
    message = "no metric \"" + o.metric + "\" in the results" +
              (hint.empty() ? "" : "; did you mean \"" + hint + "\"?");
    return std::nullopt;
  }
  return statistic(it->second, o.stat);
}

}  // namespace

ExpectationResult evaluate(const Expectation& e, const CaseResults& results) {
  ExpectationResult out;
  out.text = e.text;
  auto lhs = resolve(e.lhs, results, out.message);
  auto rhs = lhs ? resolve(e.rhs, results, out.message) : std::nullopt;
  if (!lhs || !rhs) return out;
  out.lhs = *lhs;
  out.rhs = *rhs;
  if (std::isnan(out.lhs) || std::isnan(out.rhs)) {
    out.message = "a side has no value (no samples in the run)";
    return out;
  }
  if (e.op == "<") out.passed = out.lhs < out.rhs;
  if (e.op == "<=") out.passed = out.lhs <= out.rhs;
  if (e.op == ">") out.passed = out.lhs > out.rhs;
  if (e.op == ">=") out.passed = out.lhs >= out.rhs;
  if (e.op == "==") out.passed = out.lhs == out.rhs;
  if (e.op == "!=") out.passed = out.lhs != out.rhs;
  std::ostringstream m;
  m.precision(6);
  m << e.lhs.text << " = " << out.lhs << ", " << e.rhs.text << " = " << out.rhs;
  out.message = m.str();
  return out;
}

}  // namespace wirelab::models::scenario
