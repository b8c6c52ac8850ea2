#include "models/scenario/kinds/kind_reading.h"

#include <charconv>
#include <cmath>

#include "models/scenario/kinds/tcp_settings.h"
#include "sim/core/units.h"

namespace wirelab::models::scenario {

double readPerSecond(const SpecNode& parent, const std::string& key, std::optional<double> fallback) {
  if (!parent.has(key) && fallback) return *fallback;
  const std::string text = parent.text(key);
  if (text.empty()) return fallback.value_or(1.0);
  const auto slash = text.find('/');
  const std::string numberPart = text.substr(0, slash);
  double value = 0;
  const auto [end, ec] = std::from_chars(numberPart.data(), numberPart.data() + numberPart.size(), value);
  if (ec != std::errc() || end != numberPart.data() + numberPart.size() || !std::isfinite(value)) {
    parent[key].error(
        "expected events per second: a number, or a number with /s, /min or /h (\"2/s\"), got \"" + text +
        "\"");
    return fallback.value_or(1.0);
  }
  if (slash != std::string::npos) {
    const std::string unit = text.substr(slash + 1);
    if (unit == "min") {
      value /= 60.0;
    } else if (unit == "h") {
      value /= 3600.0;
    } else if (unit != "s") {
      parent[key].error("unknown time unit \"" + unit + "\" in a rate (use /s, /min or /h)");
      return fallback.value_or(1.0);
    }
  }
  if (!(value > 0)) {
    parent[key].error("must be positive, got " + text);
    return fallback.value_or(1.0);
  }
  return value;
}

sim::Distribution readBytesDistribution(const SpecNode& parent, const std::string& key,
                                        double fallbackBytes) {
  const SpecNode node = parent[key];
  if (!node.defined()) return sim::Constant(fallbackBytes);
  if (node.isScalar()) {
    return sim::Constant(static_cast<double>(
        parent.bytes(key, sim::ByteCount(static_cast<std::int64_t>(fallbackBytes))).bytes()));
  }
  const sim::Distribution d = readDistribution(parent, key, fallbackBytes);
  if (d.quantile(0.0) < 0.0) node.error("a size must not take negative values, got " + d.describe());
  return d;
}

std::vector<sim::Duration> readDurationList(const SpecNode& parent, const std::string& key) {
  std::vector<sim::Duration> out;
  const SpecNode list = parent[key];
  if (!list.defined()) return out;
  for (const SpecNode& item : list.items()) {
    const auto d = sim::parseDuration(item.asText());
    if (!d) {
      item.error(d.error().message);
      continue;
    }
    out.push_back(*d);
  }
  return out;
}

namespace {

// SpecNode is never assigned (a YAML::Node assignment would write into the document): recurse.
bool reportAtPath(const SpecNode& at, const std::string& path, const std::string& why) {
  if (path.empty()) {
    at.error(why);
    return true;
  }
  const auto dot = path.find('.');
  const std::string part = path.substr(0, dot);
  if (!at.isMap() || !at.has(part)) return false;
  return reportAtPath(at[part], dot == std::string::npos ? "" : path.substr(dot + 1), why);
}

}  // namespace

void reportModelError(const SpecNode& section, const std::invalid_argument& error) {
  const std::string message = error.what();
  const auto colon = message.find(": ");
  if (colon != std::string::npos &&
      reportAtPath(section, message.substr(0, colon), message.substr(colon + 2)))
    return;
  section.error(message);
}

}  // namespace wirelab::models::scenario
