// File: sim/core/units.cpp
// One scanner for the shared grammar (number, optional single space, unit), one exact decimal to
// integer conversion, and per-quantity unit tables. Error messages quote the whole input because
// they usually end up in a log far away from the config line that produced them.
#include "sim/core/units.h"

#include <algorithm>
#include <charconv>
#include <limits>
#include <optional>
#include <span>
#include <string>
#include <vector>

namespace wirelab::sim {

namespace {

constexpr std::int64_t kInt64Max = std::numeric_limits<std::int64_t>::max();

struct Unit {
  std::string_view name;
  std::int64_t scale;  // base units (ns, bit/s, bytes, items) per one of this unit
};

// Spellings we do not accept but recognise, so that the error can say what to write instead.
struct Alias {
  std::string_view typed;
  std::string_view canonical;
};

struct QuantityKind {
  std::string_view noun;        // "duration"
  std::string_view nounPlural;  // "durations"
  std::string_view example;     // "20ms"
  std::string_view baseUnits;   // "nanoseconds": what a value must be a whole number of
  std::string_view limitText;   // how large a value may be, for the overflow message
  std::span<const Unit> units;
  std::span<const Alias> aliases;
  bool bareNumberAllowed;
};

constexpr Unit kDurationUnits[] = {
    {"ns", 1},
    {"us", 1'000},
    {"ms", 1'000'000},
    {"s", 1'000'000'000},
    {"min", 60'000'000'000},
    {"h", 3'600'000'000'000},
};
constexpr Alias kDurationAliases[] = {
    {"nsec", "ns"}, {"usec", "us"},  {"\xC2\xB5s", "us"}, {"msec", "ms"},
    {"sec", "s"},   {"secs", "s"},   {"second", "s"},     {"seconds", "s"},
    {"m", "min"},   {"mins", "min"}, {"minute", "min"},   {"minutes", "min"},
    {"hr", "h"},    {"hrs", "h"},    {"hour", "h"},       {"hours", "h"},
};

constexpr Unit kDataRateUnits[] = {
    {"bps", 1}, {"kbps", 1'000}, {"Kbps", 1'000}, {"Mbps", 1'000'000}, {"Gbps", 1'000'000'000},
    {"Bps", 8}, {"kBps", 8'000}, {"KBps", 8'000}, {"MBps", 8'000'000}, {"GBps", 8'000'000'000},
};
constexpr Alias kDataRateAliases[] = {
    {"bit/s", "bps"}, {"b/s", "bps"},     {"kbit/s", "kbps"}, {"kb/s", "kbps"}, {"Mbit/s", "Mbps"},
    {"Mb/s", "Mbps"}, {"Gbit/s", "Gbps"}, {"Gb/s", "Gbps"},   {"B/s", "Bps"},   {"kB/s", "kBps"},
    {"KB/s", "KBps"}, {"MB/s", "MBps"},   {"GB/s", "GBps"},
};

constexpr Unit kByteUnits[] = {
    {"B", 1},           {"KB", 1'000},         {"KiB", 1'024},         {"MB", 1'000'000},
    {"MiB", 1'048'576}, {"GB", 1'000'000'000}, {"GiB", 1'073'741'824},
};
constexpr Alias kByteAliases[] = {
    {"byte", "B"}, {"bytes", "B"}, {"kB", "KB"}, {"kiB", "KiB"}, {"kib", "KiB"},
};

constexpr Unit kRatioUnits[] = {{"%", 1}};
constexpr Alias kRatioAliases[] = {{"pct", "%"}, {"percent", "%"}};

constexpr Unit kCountUnits[] = {{"pkt", 1}, {"pkts", 1}};
constexpr Alias kCountAliases[] = {{"packet", "pkt"}, {"packets", "pkts"}, {"p", "pkt"}};

constexpr QuantityKind kDuration{"duration",
                                 "durations",
                                 "20ms",
                                 "nanoseconds",
                                 "at most 9223372036854775807 ns, about 292 years",
                                 kDurationUnits,
                                 kDurationAliases,
                                 false};
constexpr QuantityKind kDataRate{
    "data rate",    "data rates",     "100Mbps", "bits per second", "at most 9223372036854775807 bit/s",
    kDataRateUnits, kDataRateAliases, false};
constexpr QuantityKind kByteCount{
    "byte count", "byte counts", "64KiB", "bytes", "at most 9223372036854775807 B, just under 8 EiB",
    kByteUnits,   kByteAliases,  true};
constexpr QuantityKind kRatio{"ratio", "ratios", "0.5%", "", "", kRatioUnits, kRatioAliases, true};
constexpr QuantityKind kCount{"count",     "counts",      "100pkt", "items", "at most 9223372036854775807",
                              kCountUnits, kCountAliases, true};

std::string quoted(std::string_view s) {
  std::string out;
  out.reserve(s.size() + 2);
  out += '"';
  out += s;
  out += '"';
  return out;
}

bool isDigit(char c) { return c >= '0' && c <= '9'; }
bool isSpace(char c) { return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f' || c == '\v'; }
char lower(char c) { return (c >= 'A' && c <= 'Z') ? static_cast<char>(c - 'A' + 'a') : c; }

std::string unitList(const QuantityKind& kind) {
  std::string out;
  for (const Unit& unit : kind.units) {
    if (!out.empty()) out += ", ";
    out += unit.name;
  }
  return out;
}

// Levenshtein distance; with foldCase, letters differing only in case count as equal.
std::size_t editDistance(std::string_view a, std::string_view b, bool foldCase) {
  std::vector<std::size_t> row(b.size() + 1);
  for (std::size_t j = 0; j <= b.size(); ++j) row[j] = j;
  for (std::size_t i = 1; i <= a.size(); ++i) {
    std::size_t diagonal = row[0];
    row[0] = i;
    for (std::size_t j = 1; j <= b.size(); ++j) {
      const bool same = foldCase ? lower(a[i - 1]) == lower(b[j - 1]) : a[i - 1] == b[j - 1];
      const std::size_t next = std::min({row[j] + 1, row[j - 1] + 1, diagonal + (same ? 0 : 1)});
      diagonal = row[j];
      row[j] = next;
    }
  }
  return row[b.size()];
}

// The closest accepted unit. Ranked by case-insensitive distance first (a wrong case is the most
// common slip), then by exact distance, which settles "mbps": Mbps (one letter off) over MBps (two).
// Only near misses qualify: at most two edits, and fewer edits than the typed unit has characters,
// so "x" does not turn into "s".
std::optional<std::string_view> suggestUnit(std::string_view typed, const QuantityKind& kind) {
  std::optional<std::string_view> best;
  std::size_t bestFolded = 0;
  std::size_t bestExact = 0;
  auto consider = [&](std::string_view candidate, std::string_view canonical) {
    const std::size_t folded = editDistance(typed, candidate, true);
    const std::size_t exact = editDistance(typed, candidate, false);
    if (folded > 2 || folded >= typed.size()) return;
    if (!best || folded < bestFolded || (folded == bestFolded && exact < bestExact)) {
      best = canonical;
      bestFolded = folded;
      bestExact = exact;
    }
  };
  for (const Unit& unit : kind.units) consider(unit.name, unit.name);
  for (const Alias& alias : kind.aliases) consider(alias.typed, alias.canonical);
  return best;
}

struct Scanned {
  std::string_view intDigits;
  std::string_view fracDigits;  // may be empty
  std::string_view number;      // the whole number text, e.g. "1.5"
  std::string_view unit;        // may be empty
  std::size_t unitOffset = 0;
};

ParseError errorAt(std::size_t offset, std::string message) { return ParseError{offset, std::move(message)}; }

// Splits `text` into number and unit token, checking everything that does not depend on the unit
// table's scale.
ParseResult<Scanned> scan(std::string_view text, const QuantityKind& kind) {
  const std::string example = quoted(kind.example);
  if (text.empty())
    return errorAt(0, "empty text; expected a " + std::string(kind.noun) + " like " + example);
  if (text[0] == '-') {
    return errorAt(0, "negative " + std::string(kind.nounPlural) + " are not allowed: " + quoted(text));
  }
  if (isSpace(text[0])) return errorAt(0, "unexpected whitespace at the start of " + quoted(text));
  if (text[0] == '.') return errorAt(0, "expected a digit before the decimal point in " + quoted(text));
  if (!isDigit(text[0])) {
    return errorAt(0, "expected a number at the start of " + quoted(text) + ", like " + example);
  }

  Scanned out;
  std::size_t pos = 0;
  while (pos < text.size() && isDigit(text[pos])) ++pos;
  out.intDigits = text.substr(0, pos);
  if (pos < text.size() && text[pos] == '.') {
    const std::size_t fracStart = ++pos;
    while (pos < text.size() && isDigit(text[pos])) ++pos;
    if (pos == fracStart) return errorAt(pos, "expected a digit after the decimal point in " + quoted(text));
    out.fracDigits = text.substr(fracStart, pos - fracStart);
  }
  out.number = text.substr(0, pos);
  if (pos < text.size() && text[pos] == '.') {
    return errorAt(pos, "unexpected second decimal point in " + quoted(text));
  }

  if (pos < text.size() && isSpace(text[pos])) {
    if (text[pos] != ' ') {
      return errorAt(pos, "only a single space may separate the number and the unit in " + quoted(text));
    }
    ++pos;
    if (pos == text.size()) {
      if (kind.bareNumberAllowed) return errorAt(pos - 1, "unexpected trailing space in " + quoted(text));
      return errorAt(pos, "expected a unit after " + quoted(text) + " (one of " + unitList(kind) + ")");
    }
    if (isSpace(text[pos])) {
      return errorAt(pos, "expected at most one space between the number and the unit in " + quoted(text));
    }
  }

  out.unitOffset = pos;
  while (pos < text.size() && !isSpace(text[pos])) ++pos;
  out.unit = text.substr(out.unitOffset, pos - out.unitOffset);
  if (pos < text.size()) {
    return errorAt(pos, "unexpected trailing text " + quoted(text.substr(pos)) + " in " + quoted(text));
  }
  return out;
}

// The scale of the scanned unit, or the error naming the accepted units (with a suggestion).
ParseResult<std::int64_t> resolveUnit(std::string_view text, const Scanned& scanned, const QuantityKind& kind,
                                      std::int64_t bareScale) {
  if (scanned.unit.empty()) {
    if (kind.bareNumberAllowed) return bareScale;
    return errorAt(text.size(),
                   "expected a unit after " + quoted(scanned.number) + " (one of " + unitList(kind) + ")");
  }
  for (const Unit& unit : kind.units) {
    if (unit.name == scanned.unit) return unit.scale;
  }
  std::string message = "unknown unit " + quoted(scanned.unit) + " in " + quoted(text);
  if (const auto suggestion = suggestUnit(scanned.unit, kind)) {
    message += "; did you mean " + quoted(*suggestion) + "?";
  } else {
    message += " (expected one of " + unitList(kind) + ")";
  }
  return errorAt(scanned.unitOffset, std::move(message));
}

// number x scale as an exact integer: both digit strings are read as integers and the fraction is
// divided out only at the end, so no step rounds. 128-bit intermediates: at most 19 integer digits
// (checked) and 24 significant fraction digits times a scale below 2^43 stay far below 2^127.
ParseResult<std::int64_t> exactValue(std::string_view text, const Scanned& scanned, std::int64_t scale,
                                     const QuantityKind& kind) {
  const auto overflow = [&] {
    return errorAt(0, quoted(text) + " is too large for a " + std::string(kind.noun) + " (" +
                          std::string(kind.limitText) + ")");
  };
  Int128 integer = 0;
  for (const char c : scanned.intDigits) {
    integer = integer * 10 + (c - '0');
    if (integer > kInt64Max) return overflow();
  }

  std::string_view frac = scanned.fracDigits;
  while (!frac.empty() && frac.back() == '0') frac.remove_suffix(1);  // "1.50" is "1.5"
  constexpr std::size_t kMaxFractionDigits = 24;
  if (frac.size() > kMaxFractionDigits) {
    return errorAt(scanned.intDigits.size() + 1 + kMaxFractionDigits,
                   "too many decimal places in " + quoted(text) + " (at most 24 significant)");
  }
  Int128 fraction = 0;
  Int128 denominator = 1;
  for (const char c : frac) {
    fraction = fraction * 10 + (c - '0');
    denominator *= 10;
  }

  const Int128 fractionScaled = fraction * scale;
  if (fractionScaled % denominator != 0) {
    return errorAt(0, quoted(text) + " is not a whole number of " + std::string(kind.baseUnits));
  }
  const Int128 total = integer * scale + fractionScaled / denominator;
  if (total > kInt64Max) return overflow();
  return static_cast<std::int64_t>(total);
}

ParseResult<std::int64_t> parseScaled(std::string_view text, const QuantityKind& kind) {
  auto scanned = scan(text, kind);
  if (!scanned) return scanned.error();
  auto scale = resolveUnit(text, *scanned, kind, 1);
  if (!scale) return scale.error();
  return exactValue(text, *scanned, *scale, kind);
}

}  // namespace

ParseResult<Duration> parseDuration(std::string_view text) {
  auto ns = parseScaled(text, kDuration);
  if (!ns) return ns.error();
  return Duration::fromNanoseconds(*ns);
}

ParseResult<DataRate> parseDataRate(std::string_view text) {
  auto bps = parseScaled(text, kDataRate);
  if (!bps) return bps.error();
  return DataRate(*bps);
}

ParseResult<ByteCount> parseByteCount(std::string_view text) {
  auto bytes = parseScaled(text, kByteCount);
  if (!bytes) return bytes.error();
  return ByteCount(*bytes);
}

ParseResult<std::int64_t> parseCount(std::string_view text) { return parseScaled(text, kCount); }

ParseResult<double> parseRatio(std::string_view text) {
  auto scanned = scan(text, kRatio);
  if (!scanned) return scanned.error();
  auto scale = resolveUnit(text, *scanned, kRatio, 1);
  if (!scale) return scale.error();
  const bool percent = !scanned->unit.empty();

  // Range check on the digits, exactly: "1.0000000000000000001" is above 1 even though the
  // nearest double is 1.0.
  const std::int64_t limit = percent ? 100 : 1;
  std::string_view intDigits = scanned->intDigits;
  while (intDigits.size() > 1 && intDigits.front() == '0') intDigits.remove_prefix(1);
  const bool fractionNonZero = scanned->fracDigits.find_first_not_of('0') != std::string_view::npos;
  bool aboveLimit = intDigits.size() > 3;  // > 999, whatever the limit
  if (!aboveLimit) {
    const std::int64_t integer = std::stoll(std::string(intDigits));
    aboveLimit = integer > limit || (integer == limit && fractionNonZero);
  }
  if (aboveLimit) {
    std::string message = quoted(text) + " is outside the ratio range [0, 1]";
    if (percent) {
      message += " (at most 100%)";
    } else {
      message += "; for a percentage write " + quoted(std::string(scanned->number) + "%");
    }
    return errorAt(0, std::move(message));
  }

  // from_chars rounds the decimal text correctly; the exponent form divides by 100 before that
  // single rounding, where "value / 100.0" would round twice.
  std::string decimal(scanned->number);
  if (percent) decimal += "e-2";
  double value = 0;
  const auto [end, ec] = std::from_chars(decimal.data(), decimal.data() + decimal.size(), value);
  if (ec != std::errc() || end != decimal.data() + decimal.size()) {
    return errorAt(0, "cannot read " + quoted(text) + " as a ratio");  // unreachable after scan()
  }
  return value;
}

}  // namespace wirelab::sim
