// File: sim/core/units.h
// Parsing of human-written quantities ("20ms", "1.5Gbps", "64KiB", "0.5%", "100pkt") into the strong
// types. Decimals are read digit by digit into integers, never through a double, so "0.1s" is
// exactly 100'000'000 ns; a value that is not a whole number of the base unit ("0.5ns", "1.1KiB") is
// an error rather than a silent rounding.
//
// Grammar, the same for every quantity: digits ["." digits] [" "] unit. No sign (negative values
// are rejected with their own message), no exponent, no surrounding whitespace, at most one space
// before the unit. Units are case-sensitive because case carries meaning ("Mbps" is megabits,
// "MBps" megabytes); a near miss gets a "did you mean" suggestion.
//
//   Duration rtt = parseDuration("40ms").value();
//   ParseResult<DataRate> r = parseDataRate("20mbs");  // error: ... did you mean "Mbps"?
#pragma once

#include <cstdint>
#include <string_view>

#include "sim/core/parse_result.h"
#include "sim/core/quantity.h"
#include "sim/core/time.h"

namespace wirelab::sim {

// Units: ns, us, ms, s, min, h. A unit is required ("20" alone is ambiguous).
ParseResult<Duration> parseDuration(std::string_view text);

// Bit rates: bps, kbps (or Kbps), Mbps, Gbps (decimal prefixes: 1 kbps = 1000 bit/s).
// Byte rates: Bps, kBps (or KBps), MBps, GBps, each 8 times the bit rate of the same prefix.
// A unit is required.
ParseResult<DataRate> parseDataRate(std::string_view text);

// Units: B, KB (1000 B), KiB (1024 B), MB, MiB, GB, GiB. A bare integer is a number of bytes.
ParseResult<ByteCount> parseByteCount(std::string_view text);

// A fraction in [0, 1]: plain ("0.005") or a percentage ("0.5%"). The double is the one nearest to
// the exact decimal value (so "0.5%" == 0.005 exactly as the compiler reads 0.005).
ParseResult<double> parseRatio(std::string_view text);

// A whole number of items, bare ("100") or in packets ("100pkt", "100pkts").
ParseResult<std::int64_t> parseCount(std::string_view text);

}  // namespace wirelab::sim
