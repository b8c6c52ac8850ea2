#include "sim/core/quantity.h"

#include "sim/core/unit_format.h"

namespace wirelab::sim {

namespace {
constexpr UnitScale kByteUnits[] = {
    {std::int64_t{1} << 30, "GiB"}, {1 << 20, "MiB"}, {1 << 10, "KiB"}, {1, "B"}};
constexpr UnitScale kRateUnits[] = {
    {1'000'000'000, "Gbps"}, {1'000'000, "Mbps"}, {1'000, "kbps"}, {1, "bps"}};
}  // namespace

std::string toString(ByteCount b) { return formatInLargestExactUnit(b.bytes(), kByteUnits); }

std::string toString(DataRate r) { return formatInLargestExactUnit(r.bitsPerSecond(), kRateUnits); }

}  // namespace wirelab::sim
