#include "models/scenario/expectation.h"

#include <algorithm>
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

}  // namespace

std::optional<double> parseConstant(const std::string& t) {
  double d = 0;
  const auto [end, ec] = std::from_chars(t.data(), t.data() + t.size(), d);
  if (ec == std::errc() && end == t.data() + t.size()) return d;
  if (auto r = sim::parseDuration(t)) return r->seconds();
  if (auto r = sim::parseDataRate(t)) return static_cast<double>(r->bitsPerSecond());
  if (auto r = sim::parseByteCount(t)) return static_cast<double>(r->bytes());
  if (auto r = sim::parseRatio(t)) return *r;
  return std::nullopt;
}

namespace {

bool parseOperand(const std::string& raw, Operand& out, std::string& error) {
  std::string t = trim(raw);
  out.text = t;
  if (t.empty()) {
    error = "an operand is missing";
    return false;
  }
  if (auto c = parseConstant(t)) {
    out.value = *c;
    return true;
  }
  // Case selector: metric[axis=value, ...]
  if (const auto open = t.find('['); open != std::string::npos) {
    if (t.back() != ']') {
      error = "a case selector ends with ']' in \"" + t + "\"";
      return false;
    }
    std::string inside = t.substr(open + 1, t.size() - open - 2);
    t = trim(t.substr(0, open));
    std::size_t pos = 0;
    while (pos <= inside.size()) {
      const auto comma = inside.find(',', pos);
      const std::string item =
          trim(inside.substr(pos, comma == std::string::npos ? std::string::npos : comma - pos));
      const auto eq = item.find('=');
      if (eq == std::string::npos || eq == 0 || eq + 1 == item.size()) {
        error = "a case selector is [axis=value, ...], got \"[" + inside + "]\"";
        return false;
      }
      out.selector.emplace_back(trim(item.substr(0, eq)), trim(item.substr(eq + 1)));
      if (comma == std::string::npos) break;
      pos = comma + 1;
    }
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

// An axis named by its full path or by its last key ("protocol" for "workloads[0].protocol").
bool axisMatches(const std::string& path, const std::string& name) {
  if (path == name) return true;
  const auto dot = path.find_last_of('.');
  return dot != std::string::npos && path.substr(dot + 1) == name;
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

std::optional<std::string> checkSelectors(const Expectation& e, const std::vector<SweepAxis>& axes) {
  if (e.lhs.isMetric && e.rhs.isMetric && e.lhs.selector.empty() != e.rhs.selector.empty()) {
    return "give both metrics a case selector [axis=value], or neither";
  }
  for (const Operand* o : {&e.lhs, &e.rhs}) {
    for (const auto& [name, value] : o->selector) {
      const SweepAxis* axis = nullptr;
      for (const SweepAxis& a : axes) {
        if (axisMatches(a.path, name)) axis = &a;
      }
      if (axis == nullptr)
        return "\"" + name + "\" in [" + name + "=" + value + "] is not an axis of the sweep";
      bool known = false;
      for (const std::string& l : axis->labels) known = known || l == value;
      if (!known) return "\"" + value + "\" is not a value of the sweep axis " + axis->path;
    }
  }
  return std::nullopt;
}

namespace {

std::string caseScope(const CasePlan& c, const std::vector<std::size_t>& axes) {
  std::string s;
  for (const std::size_t a : axes) {
    const auto& [path, value] = c.parameters[a];
    const auto dot = path.find_last_of('.');
    s += (s.empty() ? "" : ", ") + (dot == std::string::npos ? path : path.substr(dot + 1)) + "=" + value;
  }
  return s;
}

bool selected(const CasePlan& c, const Operand& o) {
  for (const auto& [name, value] : o.selector) {
    bool ok = false;
    for (const auto& [path, v] : c.parameters) ok = ok || (axisMatches(path, name) && v == value);
    if (!ok) return false;
  }
  return true;
}

std::optional<double> resolve(const Operand& o, const CaseResults* r, std::string& message) {
  if (!o.isMetric) return o.value;
  if (r == nullptr) {
    message = "no case matches " + o.text;
    return std::nullopt;
  }
  if (r->replications == 0) {
    message = "no run of " + r->id + " finished";
    return std::nullopt;
  }
  auto it = r->metrics.find(o.metric);
  if (it == r->metrics.end()) {
    std::vector<std::string> names;
    for (const auto& [name, m] : r->metrics) names.push_back(name);
    const std::string hint = closestMatch(o.metric, names);
    message = "no metric \"" + o.metric + "\" in the results" +
              (hint.empty() ? "" : "; did you mean \"" + hint + "\"?");
    return std::nullopt;
  }
  return statistic(it->second, o.stat);
}

ExpectationResult compare(const Expectation& e, const CaseResults* left, const CaseResults* right) {
  ExpectationResult out;
  out.text = e.text;
  auto lhs = resolve(e.lhs, left, out.message);
  auto rhs = lhs ? resolve(e.rhs, right, out.message) : std::nullopt;
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

}  // namespace

std::vector<ExpectationResult> evaluate(const Expectation& e, const ScenarioPlan& plan,
                                        const std::vector<CaseResults>& cases) {
  std::vector<ExpectationResult> out;
  const std::size_t axisCount = plan.sweepPaths.size();
  // The axes no selector picks: the comparison is made once per combination of their values.
  std::vector<std::size_t> free;
  for (std::size_t a = 0; a < axisCount; ++a) {
    bool picked = false;
    for (const Operand* o : {&e.lhs, &e.rhs}) {
      for (const auto& [name, value] : o->selector) picked = picked || axisMatches(plan.sweepPaths[a], name);
    }
    if (!picked) free.push_back(a);
  }
  const bool perCase = e.lhs.selector.empty() && e.rhs.selector.empty();
  std::vector<std::string> seen;
  for (std::size_t c = 0; c < plan.cases.size(); ++c) {
    const std::string scope = caseScope(plan.cases[c], free);
    if (!perCase) {
      if (std::find(seen.begin(), seen.end(), scope) != seen.end()) continue;
      seen.push_back(scope);
    }
    // The case of each operand within this group.
    const auto pick = [&](const Operand& o) -> const CaseResults* {
      if (perCase) return &cases[c];
      for (std::size_t k = 0; k < plan.cases.size(); ++k) {
        if (caseScope(plan.cases[k], free) == scope && selected(plan.cases[k], o)) return &cases[k];
      }
      return nullptr;
    };
    ExpectationResult r = compare(e, pick(e.lhs), pick(e.rhs));
    r.scope = perCase ? cases[c].id + (scope.empty() ? "" : " (" + scope + ")") : scope;
    out.push_back(std::move(r));
  }
  return out;
}

}  // namespace wirelab::models::scenario
