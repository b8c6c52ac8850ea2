#include "sim/core/units.h"

#include <gtest/gtest.h>

#include <limits>
#include <stdexcept>
#include <string>

#include "sim/core/random.h"

namespace wirelab::sim {
namespace {

// The error of a parse that must fail (fails the test, with the parsed value, if it succeeded).
template <class T>
ParseError errorOf(const ParseResult<T>& r) {
  EXPECT_FALSE(r.ok());
  if (r.ok()) return ParseError{};
  return r.error();
}

std::int64_t ns(std::string_view text) { return parseDuration(text).value().nanoseconds(); }
std::int64_t bps(std::string_view text) { return parseDataRate(text).value().bitsPerSecond(); }
std::int64_t bytes(std::string_view text) { return parseByteCount(text).value().bytes(); }

TEST(ParseDuration, EveryUnit) {
  EXPECT_EQ(ns("12ns"), 12);
  EXPECT_EQ(ns("250us"), 250'000);
  EXPECT_EQ(ns("20ms"), 20'000'000);
  EXPECT_EQ(ns("3s"), 3'000'000'000);
  EXPECT_EQ(ns("2min"), 120'000'000'000);
  EXPECT_EQ(ns("1h"), 3'600'000'000'000);
  EXPECT_EQ(ns("0s"), 0);
  EXPECT_EQ(ns("007ms"), 7'000'000);
}

TEST(ParseDuration, DecimalsAreExactIntegers) {
  EXPECT_EQ(ns("0.1s"), 100'000'000);
  EXPECT_EQ(ns("1.5s"), 1'500'000'000);
  EXPECT_EQ(ns("1.500s"), 1'500'000'000);
  EXPECT_EQ(ns("0.000000001s"), 1);
  EXPECT_EQ(ns("1.5min"), 90'000'000'000);
  EXPECT_EQ(ns("0.1h"), 360'000'000'000);
  EXPECT_EQ(ns("2.5us"), 2'500);
}

TEST(ParseDuration, NineDecimalSecondsRoundTripExactlyOverTheWholeRange) {
  // Random nanosecond counts up to 2^62, written as "<s>.<9 digits>s": a double carries only 53
  // bits, so any conversion through floating point would get most of these wrong.
  RandomStream rng(11);
  for (int i = 0; i < 2000; ++i) {
    const auto value = static_cast<std::int64_t>(rng.nextU64() >> 2);
    std::string fraction = std::to_string(value % 1'000'000'000);
    fraction.insert(0, 9 - fraction.size(), '0');
    const std::string text = std::to_string(value / 1'000'000'000) + "." + fraction + "s";
    ASSERT_EQ(ns(text), value) << text;
  }
}

TEST(ParseDuration, RoundTripsThroughToString) {
  for (const Duration d : {Seconds(30), Milliseconds(1500), Microseconds(120), Nanoseconds(1234567),
                           Nanoseconds(12), Duration::zero(), Seconds(86'400)}) {
    EXPECT_EQ(parseDuration(toString(d)).value(), d) << toString(d);
  }
}

TEST(ParseDuration, OneOptionalSpaceBeforeTheUnit) {
  EXPECT_EQ(ns("20 ms"), 20'000'000);
  EXPECT_EQ(errorOf(parseDuration("20  ms")).offset, 3u);
  EXPECT_EQ(errorOf(parseDuration("20\tms")).offset, 2u);
  EXPECT_EQ(errorOf(parseDuration(" 20ms")).offset, 0u);
  EXPECT_EQ(errorOf(parseDuration("20ms ")).offset, 4u);
}

TEST(ParseDuration, MissingUnitNamesTheChoices) {
  const ParseError e = errorOf(parseDuration("20"));
  EXPECT_EQ(e.offset, 2u);
  EXPECT_EQ(e.message, R"(expected a unit after "20" (one of ns, us, ms, s, min, h))");
  EXPECT_EQ(errorOf(parseDuration("20 ")).offset, 3u);
}

TEST(ParseDuration, UnknownUnitsGetASuggestionWhenClose) {
  ParseError e = errorOf(parseDuration("20mss"));
  EXPECT_EQ(e.offset, 2u);
  EXPECT_EQ(e.message, R"(unknown unit "mss" in "20mss"; did you mean "ms"?)");
  EXPECT_EQ(errorOf(parseDuration("5sec")).message, R"(unknown unit "sec" in "5sec"; did you mean "s"?)");
  EXPECT_EQ(errorOf(parseDuration("20MS")).message, R"(unknown unit "MS" in "20MS"; did you mean "ms"?)");
  EXPECT_EQ(errorOf(parseDuration("3m")).message, R"(unknown unit "m" in "3m"; did you mean "min"?)");
  e = errorOf(parseDuration("20parsecs"));
  EXPECT_EQ(e.message, R"(unknown unit "parsecs" in "20parsecs" (expected one of ns, us, ms, s, min, h))");
}

TEST(ParseDuration, RejectsGarbageWithTheOffsetOfTheProblem) {
  ParseError e = errorOf(parseDuration("20 ms ms"));
  EXPECT_EQ(e.offset, 5u);
  EXPECT_EQ(e.message, R"(unexpected trailing text " ms" in "20 ms ms")");
  e = errorOf(parseDuration("abc"));
  EXPECT_EQ(e.offset, 0u);
  EXPECT_EQ(e.message, R"(expected a number at the start of "abc", like "20ms")");
  EXPECT_EQ(errorOf(parseDuration("1.s")).offset, 2u);
  EXPECT_EQ(errorOf(parseDuration(".5s")).offset, 0u);
  EXPECT_EQ(errorOf(parseDuration("1.2.3s")).offset, 3u);
  EXPECT_EQ(errorOf(parseDuration("+5ms")).offset, 0u);
  EXPECT_EQ(errorOf(parseDuration("1e3ms")).offset, 1u);
}

TEST(ParseDuration, RejectsEmptyAndNegative) {
  ParseError e = errorOf(parseDuration(""));
  EXPECT_EQ(e.offset, 0u);
  EXPECT_EQ(e.message, R"(empty text; expected a duration like "20ms")");
  e = errorOf(parseDuration("-5ms"));
  EXPECT_EQ(e.offset, 0u);
  EXPECT_EQ(e.message, R"(negative durations are not allowed: "-5ms")");
}

TEST(ParseDuration, OverflowIsAnErrorNotAWrapAround) {
  EXPECT_EQ(ns("9223372036854775807ns"), std::numeric_limits<std::int64_t>::max());
  EXPECT_FALSE(parseDuration("9223372036854775808ns").ok());
  EXPECT_EQ(ns("2562047h"), 2'562'047 * 3'600'000'000'000);
  const ParseError e = errorOf(parseDuration("2562048h"));  // 9.2233728e18 ns > 2^63 - 1
  EXPECT_EQ(e.offset, 0u);
  EXPECT_NE(e.message.find("too large for a duration"), std::string::npos) << e.message;
  EXPECT_FALSE(parseDuration("99999999999999999999999999s").ok());
}

TEST(ParseDuration, FinerThanANanosecondIsAnError) {
  EXPECT_EQ(errorOf(parseDuration("0.5ns")).message, R"("0.5ns" is not a whole number of nanoseconds)");
  EXPECT_FALSE(parseDuration("0.0000000001s").ok());
  EXPECT_FALSE(parseDuration("0.000000000000000000001h").ok());
  EXPECT_EQ(ns("0.0000000010s"), 1);  // trailing zeros do not count as precision
  EXPECT_FALSE(parseDuration("0.0000000000000000000000001s").ok());  // 25 significant decimals
}

TEST(ParseDataRate, BitRates) {
  EXPECT_EQ(bps("8bps"), 8);
  EXPECT_EQ(bps("10kbps"), 10'000);
  EXPECT_EQ(bps("10Kbps"), 10'000);
  EXPECT_EQ(bps("100Mbps"), 100'000'000);
  EXPECT_EQ(bps("1.5Gbps"), 1'500'000'000);
  EXPECT_EQ(bps("2.048 Mbps"), 2'048'000);
  EXPECT_EQ(parseDataRate("100Mbps").value(), Mbps(100));
}

TEST(ParseDataRate, ByteRatesAreEightTimesAndCaseMatters) {
  EXPECT_EQ(bps("1Bps"), 8);
  EXPECT_EQ(bps("1.5KBps"), 12'000);
  EXPECT_EQ(bps("1.5kBps"), 12'000);
  EXPECT_EQ(bps("1MBps"), 8'000'000);
  EXPECT_EQ(bps("1GBps"), 8'000'000'000);
  EXPECT_EQ(bps("12.5MBps"), bps("100Mbps"));
  EXPECT_EQ(bps("1MBps"), 8 * bps("1Mbps"));
}

TEST(ParseDataRate, ErrorsAndSuggestions) {
  ParseError e = errorOf(parseDataRate("20mbs"));
  EXPECT_EQ(e.offset, 2u);
  EXPECT_EQ(e.message, R"(unknown unit "mbs" in "20mbs"; did you mean "Mbps"?)");
  // Both Mbps and MBps are one case-blind edit away; the exact spelling decides.
  EXPECT_EQ(errorOf(parseDataRate("20mbps")).message,
            R"(unknown unit "mbps" in "20mbps"; did you mean "Mbps"?)");
  EXPECT_EQ(errorOf(parseDataRate("20mBps")).message,
            R"(unknown unit "mBps" in "20mBps"; did you mean "MBps"?)");
  EXPECT_EQ(errorOf(parseDataRate("1Mbit/s")).message,
            R"(unknown unit "Mbit/s" in "1Mbit/s"; did you mean "Mbps"?)");
  e = errorOf(parseDataRate("100"));
  EXPECT_EQ(e.offset, 3u);
  EXPECT_EQ(
      e.message,
      R"(expected a unit after "100" (one of bps, kbps, Kbps, Mbps, Gbps, Bps, kBps, KBps, MBps, GBps))");
  EXPECT_EQ(errorOf(parseDataRate("0.5bps")).message, R"("0.5bps" is not a whole number of bits per second)");
  EXPECT_EQ(errorOf(parseDataRate("-1Mbps")).message, R"(negative data rates are not allowed: "-1Mbps")");
  EXPECT_FALSE(parseDataRate("1152921504606846976GBps").ok());  // 2^60 * 8e9 overflows
}

TEST(ParseByteCount, UnitsAndBareIntegers) {
  EXPECT_EQ(bytes("1500B"), 1500);
  EXPECT_EQ(bytes("1500"), 1500);
  EXPECT_EQ(bytes("64KiB"), 65'536);
  EXPECT_EQ(bytes("64KB"), 64'000);
  EXPECT_EQ(bytes("1.5KB"), 1'500);
  EXPECT_EQ(bytes("1.5MiB"), 1'572'864);
  EXPECT_EQ(bytes("2MB"), 2'000'000);
  EXPECT_EQ(bytes("1GiB"), 1'073'741'824);
  EXPECT_EQ(bytes("3GB"), 3'000'000'000);
  EXPECT_EQ(bytes("0.00000095367431640625GiB"), 1024);  // 2^-20 GiB: exact despite 20 decimals
  EXPECT_EQ(parseByteCount("64 KiB").value(), KiB(64));
}

TEST(ParseByteCount, Errors) {
  EXPECT_EQ(errorOf(parseByteCount("1.1KiB")).message, R"("1.1KiB" is not a whole number of bytes)");
  EXPECT_FALSE(parseByteCount("1.5").ok());
  EXPECT_EQ(errorOf(parseByteCount("10 bytes")).message,
            R"(unknown unit "bytes" in "10 bytes"; did you mean "B"?)");
  EXPECT_EQ(errorOf(parseByteCount("64kib")).message,
            R"(unknown unit "kib" in "64kib"; did you mean "KiB"?)");
  EXPECT_EQ(errorOf(parseByteCount("1500 ")).offset, 4u);
  EXPECT_EQ(bytes("9223372036854775807"), std::numeric_limits<std::int64_t>::max());
  EXPECT_FALSE(parseByteCount("8589934592GiB").ok());  // 2^33 GiB = 2^63 B
  EXPECT_FALSE(parseByteCount("").ok());
}

TEST(ParseRatio, PlainAndPercentGiveTheNearestDouble) {
  EXPECT_EQ(parseRatio("0.5%").value(), 0.005);
  EXPECT_EQ(parseRatio("0.005").value(), 0.005);
  EXPECT_EQ(parseRatio("0.1%").value(), 0.001);  // 0.1 / 100.0 would round twice
  EXPECT_EQ(parseRatio("33.3%").value(), 0.333);
  EXPECT_EQ(parseRatio("0.7%").value(), 0.007);
  EXPECT_EQ(parseRatio("5 %").value(), 0.05);
  EXPECT_EQ(parseRatio("0").value(), 0.0);
  EXPECT_EQ(parseRatio("1").value(), 1.0);
  EXPECT_EQ(parseRatio("1.000").value(), 1.0);
  EXPECT_EQ(parseRatio("100%").value(), 1.0);
}

TEST(ParseRatio, PercentMatchesTheDecimalLiteralForEveryTenthOfAPercent) {
  // "k/10 %" must equal the double the compiler makes of the decimal k/1000, for all k.
  for (int k = 0; k <= 1000; ++k) {
    const std::string percent = std::to_string(k / 10) + "." + std::to_string(k % 10) + "%";
    const double expected =
        std::stod(std::to_string(k / 1000) + "." + std::string(k % 1000 < 100 ? "0" : "") +
                  std::string(k % 1000 < 10 ? "0" : "") + std::to_string(k % 1000));
    ASSERT_EQ(parseRatio(percent).value(), expected) << percent;
  }
}

TEST(ParseRatio, OutOfRangeAndErrors) {
  ParseError e = errorOf(parseRatio("5"));
  EXPECT_EQ(e.offset, 0u);
  EXPECT_EQ(e.message, R"("5" is outside the ratio range [0, 1]; for a percentage write "5%")");
  EXPECT_EQ(errorOf(parseRatio("100.5%")).message,
            R"("100.5%" is outside the ratio range [0, 1] (at most 100%))");
  EXPECT_FALSE(parseRatio("1.0000000000000000001").ok());  // rounds to 1.0 as a double, still > 1
  EXPECT_FALSE(parseRatio("12345678901234567890").ok());
  EXPECT_EQ(errorOf(parseRatio("-0.1")).message, R"(negative ratios are not allowed: "-0.1")");
  EXPECT_EQ(errorOf(parseRatio("5pct")).message, R"(unknown unit "pct" in "5pct"; did you mean "%"?)");
  EXPECT_FALSE(parseRatio("").ok());
  EXPECT_FALSE(parseRatio("%").ok());
}

TEST(ParseCount, PacketsAndBareIntegers) {
  EXPECT_EQ(parseCount("100pkt").value(), 100);
  EXPECT_EQ(parseCount("100 pkts").value(), 100);
  EXPECT_EQ(parseCount("100").value(), 100);
  EXPECT_EQ(parseCount("1.0pkt").value(), 1);
  EXPECT_EQ(errorOf(parseCount("1.5pkt")).message, R"("1.5pkt" is not a whole number of items)");
  EXPECT_EQ(errorOf(parseCount("100 packets")).message,
            R"(unknown unit "packets" in "100 packets"; did you mean "pkts"?)");
  EXPECT_EQ(errorOf(parseCount("-3")).message, R"(negative counts are not allowed: "-3")");
}

TEST(ParseResult, AccessorsAndFormatting) {
  const ParseResult<Duration> good = parseDuration("5ms");
  ASSERT_TRUE(good);
  EXPECT_EQ(*good, Milliseconds(5));
  EXPECT_THROW((void)good.error(), std::logic_error);

  const ParseResult<Duration> bad = parseDuration("20mbs");
  ASSERT_FALSE(bad);
  EXPECT_EQ(bad.valueOr(Seconds(1)), Seconds(1));
  try {
    (void)bad.value();
    FAIL() << "value() of a failed parse must throw";
  } catch (const std::logic_error& ex) {
    EXPECT_NE(std::string(ex.what()).find("unknown unit \"mbs\""), std::string::npos) << ex.what();
  }
  EXPECT_EQ(formatParseError("20mbs", bad.error()), "20mbs\n  ^ " + bad.error().message);
}

}  // namespace
}  // namespace wirelab::sim
