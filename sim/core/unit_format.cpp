#include "sim/core/unit_format.h"

#include <cstdio>

namespace wirelab::sim {

std::string formatInLargestExactUnit(std::int64_t value, std::span<const UnitScale> units,
                                     const char* zeroSuffix) {
  if (value == 0) return std::string("0") + (zeroSuffix != nullptr ? zeroSuffix : units.back().suffix);
  const std::int64_t magnitude = value < 0 ? -value : value;
  for (const UnitScale& unit : units) {
    // Exact to 3 decimals: the remainder below one unit is a whole number of thousandths.
    if (magnitude >= unit.scale && ((magnitude % unit.scale) * 1000) % unit.scale == 0) {
      char buf[48];
      std::snprintf(buf, sizeof buf, "%.3f", static_cast<double>(value) / static_cast<double>(unit.scale));
      std::string text(buf);
      while (text.back() == '0') text.pop_back();
      if (text.back() == '.') text.pop_back();
      return text + unit.suffix;
    }
  }
  return std::to_string(value) + units.back().suffix;
}

}  // namespace wirelab::sim
