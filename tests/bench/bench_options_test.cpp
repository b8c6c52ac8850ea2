// The benchmark programs' option parsing (bench/bench_options.h): numbers are read whole or not
// at all, and a bad option ends the program with one message naming it and exit status 2.
#include "bench/bench_options.h"

#include <gtest/gtest.h>

#include <vector>

namespace wirelab::bench {
namespace {

TEST(BenchOptions, ParsesANumberOnlyWhenTheWholeTextIsOne) {
  EXPECT_EQ(parseNumber("0.02"), 0.02);
  EXPECT_EQ(parseNumber("-3"), -3.0);
  EXPECT_EQ(parseNumber("1e3"), 1000.0);
  EXPECT_FALSE(parseNumber(""));
  EXPECT_FALSE(parseNumber("abc"));
  EXPECT_FALSE(parseNumber("2x"));
  EXPECT_FALSE(parseNumber("inf"));
  EXPECT_FALSE(parseNumber("nan"));
  EXPECT_FALSE(parseNumber("1e999"));  // out of double's range
}

TEST(BenchOptions, ParsesAWholeNumberOnlyFromDigits) {
  EXPECT_EQ(parseWholeNumber("100000"), 100000u);
  EXPECT_EQ(parseWholeNumber("0"), 0u);
  EXPECT_FALSE(parseWholeNumber(""));
  EXPECT_FALSE(parseWholeNumber("-1"));  // strtoull would wrap it
  EXPECT_FALSE(parseWholeNumber("+1"));
  EXPECT_FALSE(parseWholeNumber("1.5"));
  EXPECT_FALSE(parseWholeNumber("99999999999999999999"));  // over 2^64
}

TEST(BenchOptions, ReadsAWholeNumberInARangeOrSaysWhatIsWrong) {
  EXPECT_EQ(wholeNumberIn("7", 1, 10).value, 7u);
  EXPECT_TRUE(wholeNumberIn("7", 1, 10).problem.empty());
  EXPECT_EQ(wholeNumberIn("0", 1, 10).problem, "must be in [1, 10]");
  EXPECT_EQ(wholeNumberIn("11", 1, 10).problem, "must be in [1, 10]");
  EXPECT_EQ(wholeNumberIn("x", 1, 10).problem, "is not a whole number");
}

TEST(BenchOptions, SplitsAnOptionAtItsFirstEqualsSign) {
  EXPECT_EQ(splitOption("--seeds=20").option, "--seeds");
  EXPECT_EQ(splitOption("--seeds=20").value, "20");
  EXPECT_EQ(splitOption("--only=a=b").value, "a=b");
  EXPECT_EQ(splitOption("--only=").value, "");
  EXPECT_EQ(splitOption("--seeds").option, "--seeds");
  EXPECT_FALSE(splitOption("--seeds").value);
  EXPECT_FALSE(splitOption("x=1").value);  // a value, not an option
  EXPECT_EQ(splitOption("x=1").option, "x=1");
}

// Runs a program's option handling on `args` (argv[0] included).
BenchOptions options(std::vector<const char*> args) {
  return BenchOptions(static_cast<int>(args.size()), const_cast<char**>(args.data()), "bench",
                      {"clients", "loss"});
}

TEST(BenchOptions, ReadsTheOptionsGivenAndFallsBackForTheOthers) {
  const BenchOptions o = options({"bench", "--clients=1000"});
  EXPECT_EQ(o.count("clients", 5, 1, 10'000), 1000u);
  EXPECT_EQ(o.number("loss", 0.5, 0, 1), 0.5);
}

TEST(BenchOptionsDeathTest, ABadOptionEndsTheProgramWithOneMessageNamingIt) {
  EXPECT_EXIT(options({"bench", "--client=10"}), testing::ExitedWithCode(2), "--client=10: unknown option");
  EXPECT_EXIT(options({"bench", "--clients"}), testing::ExitedWithCode(2), "--clients: needs a value");
  EXPECT_EXIT(options({"bench", "--clients=ten"}).count("clients", 5, 1, 10'000), testing::ExitedWithCode(2),
              "--clients=ten: is not a whole number");
  EXPECT_EXIT(options({"bench", "--clients=0"}).count("clients", 5, 1, 10'000), testing::ExitedWithCode(2),
              "--clients=0: must be in \\[1, 10000\\]");
  EXPECT_EXIT(options({"bench", "--loss=2%"}).number("loss", 0.5, 0, 1), testing::ExitedWithCode(2),
              "--loss=2%: is not a number");
}

TEST(BenchOptions, TakesAValueAfterAnEqualsSignOrAsTheNextWord) {
  const BenchOptions o = options({"bench", "--clients", "1000", "--loss=0.25"});
  EXPECT_EQ(o.count("clients", 5, 1, 10'000), 1000u);
  EXPECT_EQ(o.number("loss", 0.5, 0, 1), 0.25);
}

// A command line of a program with two valued options and a flag.
CommandLine line(std::vector<const char*> args) {
  return CommandLine(static_cast<int>(args.size()), const_cast<char**>(args.data()), "bench",
                     {"seeds", "only"}, {"per-run"});
}

TEST(CommandLine, GivesTheOptionsInOrderWithTheirValues) {
  const CommandLine c = line({"bench", "--seeds", "5", "--per-run", "--only=a b", "--seeds=7"});
  ASSERT_EQ(c.options().size(), 4u);
  EXPECT_EQ(c.options()[0].name, "seeds");
  EXPECT_EQ(c.options()[0].value, "5");
  EXPECT_EQ(c.options()[1].name, "per-run");
  EXPECT_FALSE(c.options()[1].value);
  EXPECT_EQ(c.options()[2].value, "a b");
  EXPECT_EQ(c.options()[3].value, "7");
  EXPECT_EQ(line({"bench", "--only", "--per-run"}).options()[0].value,
            "--per-run");  // a value, whatever it looks like
}

TEST(CommandLineDeathTest, ABadWordEndsTheProgramWithOneMessageNamingIt) {
  EXPECT_EXIT(line({"bench", "--per-run=1"}), testing::ExitedWithCode(2),
              "bench: --per-run=1: takes no value");
  EXPECT_EXIT(line({"bench", "--seeds"}), testing::ExitedWithCode(2), "bench: --seeds: needs a value");
  EXPECT_EXIT(line({"bench", "--seed=3"}), testing::ExitedWithCode(2), "bench: --seed=3: unknown option");
  EXPECT_EXIT(line({"bench", "5"}), testing::ExitedWithCode(2), "bench: 5: unknown option");
  EXPECT_EXIT(line({"bench", "--seeds=x"}).fail("seeds", "x", "is not a whole number"),
              testing::ExitedWithCode(2), "bench: --seeds=x: is not a whole number");
  EXPECT_EXIT(line({"bench", "--help"}), testing::ExitedWithCode(0), "");
}

}  // namespace
}  // namespace wirelab::bench
