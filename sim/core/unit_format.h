// File: sim/core/unit_format.h
// One formatter for every strong quantity: the value in the largest unit in which it is exact to
// three decimals, trailing zeros trimmed ("1.5s", "64KiB", "100Mbps"), so logs, traces and reports
// print quantities the way scenario files write them.
#pragma once

#include <cstdint>
#include <span>
#include <string>

namespace wirelab::sim {

struct UnitScale {
  std::int64_t scale;  // base units per one of this unit
  const char* suffix;
};

// `units` from largest to smallest; the last must have scale 1. Zero prints in the last unit's
// suffix unless `zeroSuffix` is given.
std::string formatInLargestExactUnit(std::int64_t value, std::span<const UnitScale> units,
                                     const char* zeroSuffix = nullptr);

}  // namespace wirelab::sim
