#include "models/scenario/spec_node.h"

#include <charconv>
#include <cmath>
#include <sstream>

#include "sim/core/units.h"

namespace wirelab::models::scenario {

namespace {

std::string childPath(const std::string& parent, const std::string& key) {
  return parent.empty() ? key : parent + "." + key;
}

std::string describe(const YAML::Node& n) {
  if (n.IsMap()) return "a map";
  if (n.IsSequence()) return "a list";
  if (n.IsScalar()) return "\"" + n.Scalar() + "\"";
  return "nothing";
}

std::string quoteList(const std::vector<std::string>& words) {
  std::string out;
  for (std::size_t i = 0; i < words.size(); ++i) out += (i ? ", " : "") + ("\"" + words[i] + "\"");
  return out;
}

}  // namespace

SpecNode::SpecNode(YAML::Node node, std::string path, std::string file, Diagnostics& diagnostics,
                   const std::map<std::string, std::string>* sectionFiles)
    : m_node(std::move(node)),
      m_path(std::move(path)),
      m_file(std::move(file)),
      m_diagnostics(&diagnostics),
      m_sectionFiles(sectionFiles) {}

SourceLocation SpecNode::location() const {
  const YAML::Mark mark = m_node.IsDefined() ? m_node.Mark() : YAML::Mark::null_mark();
  if (mark.is_null()) return SourceLocation{m_file, 0, 0};
  return SourceLocation{m_file, mark.line + 1, mark.column + 1};
}

bool SpecNode::has(const std::string& key) const {
  return m_node.IsMap() && m_node[key].IsDefined() && !m_node[key].IsNull();
}

SpecNode SpecNode::operator[](const std::string& key) const {
  // yaml-cpp's const operator[] never inserts; an absent key gives an undefined node whose
  // location falls back to its parent's.
  const YAML::Node& self = m_node;
  const YAML::Node found =
      self.IsDefined() && self.IsMap() ? self[key] : YAML::Node(YAML::NodeType::Undefined);
  // A missing key gives a "zombie" node that throws on any question but IsDefined() (even on
  // assignment); keep an honest undefined node instead.
  YAML::Node child = found.IsDefined() ? found : YAML::Node(YAML::NodeType::Undefined);
  std::string file = m_file;
  if (m_sectionFiles != nullptr) {
    if (auto it = m_sectionFiles->find(key); it != m_sectionFiles->end()) file = it->second;
  }
  return SpecNode(child, childPath(m_path, key), file, *m_diagnostics);
}

std::vector<SpecNode> SpecNode::items() const {
  std::vector<SpecNode> out;
  if (!defined()) return out;
  if (!m_node.IsSequence()) {
    error("expected a list, got " + describe(m_node));
    return out;
  }
  for (std::size_t i = 0; i < m_node.size(); ++i) {
    out.emplace_back(m_node[i], m_path + "[" + std::to_string(i) + "]", m_file, *m_diagnostics);
  }
  return out;
}

std::vector<std::pair<std::string, SpecNode>> SpecNode::entries() const {
  std::vector<std::pair<std::string, SpecNode>> out;
  if (!defined()) return out;
  if (!m_node.IsMap()) {
    error("expected a map, got " + describe(m_node));
    return out;
  }
  for (const auto& kv : m_node) {
    const std::string key = kv.first.Scalar();
    out.emplace_back(key, SpecNode(kv.second, childPath(m_path, key), m_file, *m_diagnostics));
  }
  return out;
}

void SpecNode::checkKeys(const std::vector<std::string>& known) const {
  if (!defined()) return;
  if (!m_node.IsMap()) {
    error("expected a map, got " + describe(m_node));
    return;
  }
  for (const auto& kv : m_node) {
    const std::string key = kv.first.Scalar();
    bool ok = false;
    for (const std::string& k : known) ok = ok || k == key;
    if (ok) continue;
    std::string message = "unknown key \"" + key + "\"";
    const std::string hint = closestMatch(key, known);
    message += hint.empty() ? "; expected one of " + quoteList(known) : "; did you mean \"" + hint + "\"?";
    const YAML::Mark mark = kv.first.Mark();
    m_diagnostics->add(SourceLocation{m_file, mark.line + 1, mark.column + 1}, childPath(m_path, key),
                       message);
  }
}

void SpecNode::error(const std::string& message) const { m_diagnostics->add(location(), m_path, message); }

void SpecNode::valueError(std::size_t offset, const std::string& message) const {
  SourceLocation where = location();
  // A quoted scalar's mark is its opening quote (yaml-cpp tags plain scalars "?", others "!").
  if (where.column > 0) where.column += static_cast<int>(offset) + (m_node.Tag() == "!" ? 1 : 0);
  m_diagnostics->add(where, m_path, message);
}

std::optional<SpecNode> SpecNode::scalarAt(const std::string& key, bool hasFallback) const {
  SpecNode child = (*this)[key];
  if (!child.defined()) {
    if (!hasFallback) m_diagnostics->add(location(), child.path(), "missing required key \"" + key + "\"");
    return std::nullopt;
  }
  if (!child.isScalar()) {
    child.error("expected a single value, got " + describe(child.m_node));
    return std::nullopt;
  }
  return child;
}

std::string SpecNode::asText() const { return m_node.IsScalar() ? m_node.Scalar() : std::string(); }

std::string SpecNode::text(const std::string& key, std::optional<std::string> fallback) const {
  auto s = scalarAt(key, fallback.has_value());
  return s ? s->asText() : fallback.value_or("");
}

std::string SpecNode::choice(const std::string& key, const std::vector<std::string>& allowed,
                             std::optional<std::string> fallback) const {
  auto s = scalarAt(key, fallback.has_value());
  if (!s) return fallback.value_or(allowed.empty() ? "" : allowed.front());
  const std::string value = s->asText();
  for (const std::string& a : allowed) {
    if (a == value) return value;
  }
  const std::string hint = closestMatch(value, allowed);
  s->error("unknown value \"" + value + "\"; " +
           (hint.empty() ? "expected one of " + quoteList(allowed) : "did you mean \"" + hint + "\"?"));
  return fallback.value_or(allowed.empty() ? "" : allowed.front());
}

bool SpecNode::flag(const std::string& key, std::optional<bool> fallback) const {
  auto s = scalarAt(key, fallback.has_value());
  if (!s) return fallback.value_or(false);
  const std::string v = s->asText();
  if (v == "true" || v == "yes" || v == "on") return true;
  if (v == "false" || v == "no" || v == "off") return false;
  s->error("expected true or false, got \"" + v + "\"");
  return fallback.value_or(false);
}

std::int64_t SpecNode::integer(const std::string& key, std::optional<std::int64_t> fallback, std::int64_t min,
                               std::int64_t max) const {
  auto s = scalarAt(key, fallback.has_value());
  if (!s) return fallback.value_or(min > 0 ? min : 0);
  const std::string v = s->asText();
  std::int64_t out = 0;
  const auto [end, ec] = std::from_chars(v.data(), v.data() + v.size(), out);
  if (ec != std::errc() || end != v.data() + v.size()) {
    s->error("expected a whole number, got \"" + v + "\"");
    return fallback.value_or(min > 0 ? min : 0);
  }
  if (out < min || out > max) {
    s->error(out < min ? "must be at least " + std::to_string(min) + ", got " + v
                       : "must be at most " + std::to_string(max) + ", got " + v);
    return fallback.value_or(out < min ? min : max);
  }
  return out;
}

double SpecNode::number(const std::string& key, std::optional<double> fallback, double min,
                        double max) const {
  auto s = scalarAt(key, fallback.has_value());
  if (!s) return fallback.value_or(0.0);
  const std::string v = s->asText();
  double out = 0;
  const auto [end, ec] = std::from_chars(v.data(), v.data() + v.size(), out);
  if (ec != std::errc() || end != v.data() + v.size() || !std::isfinite(out)) {
    s->error("expected a number, got \"" + v + "\"");
    return fallback.value_or(0.0);
  }
  if (out < min || out > max) {
    std::ostringstream m;
    m << (out < min ? "must be at least " : "must be at most ") << (out < min ? min : max) << ", got " << v;
    s->error(m.str());
    return fallback.value_or(out < min ? min : max);
  }
  return out;
}

sim::Duration SpecNode::duration(const std::string& key, std::optional<sim::Duration> fallback,
                                 sim::Duration min) const {
  auto s = scalarAt(key, fallback.has_value());
  if (!s) return fallback.value_or(min);
  const auto r = sim::parseDuration(s->asText());
  if (!r) {
    s->valueError(r.error().offset, r.error().message);
    return fallback.value_or(min);
  }
  if (*r < min) {
    s->error("must be at least " + sim::toString(min) + ", got " + s->asText());
    return fallback.value_or(min);
  }
  return *r;
}

sim::DataRate SpecNode::rate(const std::string& key, std::optional<sim::DataRate> fallback) const {
  auto s = scalarAt(key, fallback.has_value());
  if (!s) return fallback.value_or(sim::DataRate());
  const auto r = sim::parseDataRate(s->asText());
  if (!r) {
    s->valueError(r.error().offset, r.error().message);
    return fallback.value_or(sim::DataRate());
  }
  return *r;
}

sim::ByteCount SpecNode::bytes(const std::string& key, std::optional<sim::ByteCount> fallback) const {
  auto s = scalarAt(key, fallback.has_value());
  if (!s) return fallback.value_or(sim::ByteCount());
  const auto r = sim::parseByteCount(s->asText());
  if (!r) {
    s->valueError(r.error().offset, r.error().message);
    return fallback.value_or(sim::ByteCount());
  }
  return *r;
}

std::int64_t SpecNode::count(const std::string& key, std::optional<std::int64_t> fallback,
                             std::int64_t min) const {
  auto s = scalarAt(key, fallback.has_value());
  if (!s) return fallback.value_or(min);
  const auto r = sim::parseCount(s->asText());
  if (!r) {
    s->valueError(r.error().offset, r.error().message);
    return fallback.value_or(min);
  }
  if (*r < min) {
    s->error("must be at least " + std::to_string(min) + ", got " + s->asText());
    return fallback.value_or(min);
  }
  return *r;
}

double SpecNode::ratio(const std::string& key, std::optional<double> fallback) const {
  auto s = scalarAt(key, fallback.has_value());
  if (!s) return fallback.value_or(0.0);
  const auto r = sim::parseRatio(s->asText());
  if (!r) {
    s->valueError(r.error().offset, r.error().message);
    return fallback.value_or(0.0);
  }
  return *r;
}

}  // namespace wirelab::models::scenario
