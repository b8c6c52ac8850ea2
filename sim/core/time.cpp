#include "sim/core/time.h"

#include <cmath>

#include "sim/core/unit_format.h"

namespace wirelab::sim {

Duration SecondsF(double s) { return Duration::fromNanoseconds(std::llround(s * 1e9)); }

namespace {
constexpr UnitScale kTimeUnits[] = {{1'000'000'000, "s"}, {1'000'000, "ms"}, {1'000, "us"}, {1, "ns"}};
}  // namespace

std::string toString(Duration d) { return formatInLargestExactUnit(d.nanoseconds(), kTimeUnits, "s"); }
std::string toString(SimTime t) { return formatInLargestExactUnit(t.nanoseconds(), kTimeUnits, "s"); }

}  // namespace wirelab::sim
