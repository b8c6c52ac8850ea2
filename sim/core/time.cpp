#include "sim/core/time.h"

#include <cmath>
#include <cstdio>
#include <cstdlib>

namespace wirelab::sim {

Duration SecondsF(double s) { return Duration::fromNanoseconds(std::llround(s * 1e9)); }

namespace {
// Prints ns in the largest unit where the value has at most 3 decimals, trimming trailing zeros.
std::string formatNanoseconds(std::int64_t ns) {
  struct Unit {
    std::int64_t scale;
    const char* suffix;
  };
  static constexpr Unit kUnits[] = {{1'000'000'000, "s"}, {1'000'000, "ms"}, {1'000, "us"}, {1, "ns"}};
  const std::int64_t magnitude = ns < 0 ? -ns : ns;
  for (const Unit& unit : kUnits) {
    if (magnitude >= unit.scale && (magnitude * 1000) % unit.scale == 0) {
      char buf[48];
      std::snprintf(buf, sizeof buf, "%.3f", static_cast<double>(ns) / static_cast<double>(unit.scale));
      std::string text(buf);
      while (text.back() == '0') text.pop_back();
      if (text.back() == '.') text.pop_back();
      return text + unit.suffix;
    }
  }
  if (ns == 0) return "0s";
  return std::to_string(ns) + "ns";
}
}  // namespace

std::string toString(Duration d) { return formatNanoseconds(d.nanoseconds()); }
std::string toString(SimTime t) { return formatNanoseconds(t.nanoseconds()); }

}  // namespace wirelab::sim
