// File: tests/app/cli/cli_options_test.cpp
// The command-line parser: every verb and option, and every error case naming the offending
// argument (main() turns those into exit code 2).
#include "app/cli/cli_options.h"

#include <gtest/gtest.h>

namespace wirelab::app::cli {
namespace {

CliParseResult parse(std::vector<std::string> args, bool display = false) {
  return parseCommandLine(args, display);
}

// Expects a parse error whose message quotes `culprit`.
void expectError(std::vector<std::string> args, const std::string& culprit) {
  SCOPED_TRACE(::testing::PrintToString(args));
  const CliParseResult r = parse(args);
  ASSERT_FALSE(r.ok());
  EXPECT_NE(r.error.find("'" + culprit + "'"), std::string::npos) << r.error;
}

TEST(CliOptionsTest, BareCommandDependsOnTheDisplay) {
  EXPECT_EQ(parse({}, true).options.command, Command::Gui);
  const CliParseResult headless = parse({}, false);
  ASSERT_TRUE(headless.ok());
  EXPECT_EQ(headless.options.command, Command::Showcase);
  EXPECT_EQ(headless.options.showcase.outDir, "wirelab-out/showcase");
  EXPECT_FALSE(headless.options.showcase.seed.has_value());
  EXPECT_FALSE(headless.options.showcase.quick);
}

TEST(CliOptionsTest, HasDisplayNeedsANonEmptyVariable) {
  EXPECT_FALSE(hasDisplay(nullptr, nullptr));
  EXPECT_FALSE(hasDisplay("", ""));
  EXPECT_TRUE(hasDisplay(":0", nullptr));
  EXPECT_TRUE(hasDisplay(nullptr, "wayland-0"));
  EXPECT_TRUE(hasDisplay("", "wayland-0"));
}

TEST(CliOptionsTest, HelpAndVersion) {
  for (const auto& args : std::vector<std::vector<std::string>>{{"--help"},
                                                                {"-h"},
                                                                {"help"},
                                                                {"showcase", "--help"},
                                                                {"showcase", "--seed", "3", "-h"},
                                                                {"gui", "--help"}}) {
    const CliParseResult r = parse(args);
    ASSERT_TRUE(r.ok()) << r.error;
    EXPECT_EQ(r.options.command, Command::Help) << ::testing::PrintToString(args);
  }
  for (const auto& args : std::vector<std::vector<std::string>>{{"--version"}, {"-V"}}) {
    const CliParseResult r = parse(args);
    ASSERT_TRUE(r.ok());
    EXPECT_EQ(r.options.command, Command::Version);
  }
  EXPECT_EQ(versionText(), "wirelab 0.1.0");
}

TEST(CliOptionsTest, UsageListsVerbsOptionsAndExitCodes) {
  const std::string usage = usageText();
  for (const char* needle : {"showcase", "gui", "--out DIR", "--seed N", "--quick", "--help", "--version",
                             "0  success", "1  expectation failed", "2  bad input", "3  internal error"}) {
    EXPECT_NE(usage.find(needle), std::string::npos) << needle;
  }
  EXPECT_EQ(usageHint().find('\n'), std::string::npos) << "the hint is one line";
  EXPECT_NE(usageHint().find("--help"), std::string::npos);
}

TEST(CliOptionsTest, ShowcaseOptions) {
  const CliParseResult r = parse({"showcase", "--out", "results/q", "--seed", "42", "--quick"});
  ASSERT_TRUE(r.ok()) << r.error;
  EXPECT_EQ(r.options.command, Command::Showcase);
  EXPECT_EQ(r.options.showcase.outDir, "results/q");
  EXPECT_EQ(r.options.showcase.seed, 42u);
  EXPECT_TRUE(r.options.showcase.quick);

  const CliParseResult eq = parse({"showcase", "--seed=18446744073709551615", "--out=x y"});
  ASSERT_TRUE(eq.ok()) << eq.error;
  EXPECT_EQ(eq.options.showcase.seed, 18446744073709551615u);
  EXPECT_EQ(eq.options.showcase.outDir, "x y");

  const CliParseResult last = parse({"showcase", "--seed", "1", "--seed", "2"});
  ASSERT_TRUE(last.ok());
  EXPECT_EQ(last.options.showcase.seed, 2u) << "the last occurrence wins";
  EXPECT_EQ(parse({"showcase", "--seed", "0"}).options.showcase.seed, 0u);
}

TEST(CliOptionsTest, GuiTakesNoArguments) {
  EXPECT_EQ(parse({"gui"}).options.command, Command::Gui);
  expectError({"gui", "--quick"}, "--quick");
  expectError({"gui", "extra"}, "extra");
}

TEST(CliOptionsTest, UnknownCommandOrOption) {
  expectError({"simulate"}, "simulate");
  expectError({"--verbose"}, "--verbose");
  expectError({"-x"}, "-x");
  expectError({"showcase", "--verbose"}, "--verbose");
  expectError({"showcase", "--out-dir", "x"}, "--out-dir");
  expectError({"showcase", "stray"}, "stray");
  expectError({"--version", "extra"}, "extra");
  expectError({"--help", "extra"}, "extra");
}

TEST(CliOptionsTest, ShowcaseOptionsBeforeTheVerbPointToTheVerb) {
  const CliParseResult r = parse({"--seed", "3"});
  ASSERT_FALSE(r.ok());
  EXPECT_NE(r.error.find("'--seed'"), std::string::npos) << r.error;
  EXPECT_NE(r.error.find("wirelab showcase --seed N"), std::string::npos) << r.error;
}

TEST(CliOptionsTest, MissingOrEmptyValue) {
  expectError({"showcase", "--out"}, "--out");
  expectError({"showcase", "--seed"}, "--seed");
  expectError({"showcase", "--out", "--quick"}, "--out");
  expectError({"showcase", "--out="}, "--out");
  expectError({"showcase", "--seed="}, "--seed");
  expectError({"showcase", "--quick=yes"}, "--quick");
}

TEST(CliOptionsTest, NonNumericSeed) {
  for (const char* bad : {"abc", "12x", "-5", "+5", "0x10", " 7", "1.5", "18446744073709551616"}) {
    SCOPED_TRACE(bad);
    const CliParseResult r = parse({"showcase", "--seed", bad});
    ASSERT_FALSE(r.ok());
    EXPECT_NE(r.error.find("'--seed'"), std::string::npos) << r.error;
    EXPECT_NE(r.error.find(std::string("'") + bad + "'"), std::string::npos)
        << "quotes the value: " << r.error;
  }
}

TEST(CliOptionsTest, PcapAndQlogOnRunAndBatch) {
  CliParseResult r = parse({"run", "--pcap", "s.yaml", "--qlog"});
  ASSERT_TRUE(r.ok()) << r.error;
  EXPECT_TRUE(r.options.scenario.pcap);
  EXPECT_TRUE(r.options.scenario.pcapNodes.empty());  // every node
  EXPECT_TRUE(r.options.scenario.qlog);
  EXPECT_EQ(r.options.scenario.inputs, std::vector<std::string>{"s.yaml"});  // not a node list
  r = parse({"batch", "dir", "--pcap=client,server"});
  ASSERT_TRUE(r.ok()) << r.error;
  EXPECT_TRUE(r.options.scenario.pcap);
  EXPECT_EQ(r.options.scenario.pcapNodes, (std::vector<std::string>{"client", "server"}));
  EXPECT_FALSE(r.options.scenario.qlog);
  r = parse({"run", "s.yaml"});
  ASSERT_TRUE(r.ok()) << r.error;
  EXPECT_FALSE(r.options.scenario.pcap);  // off by default
  EXPECT_FALSE(r.options.scenario.qlog);
  expectError({"run", "s.yaml", "--pcap=client,,server"}, "client,,server");
  expectError({"run", "s.yaml", "--pcap="}, "--pcap=");
  expectError({"run", "s.yaml", "--qlog=yes"}, "--qlog");
  expectError({"validate", "s.yaml", "--qlog"}, "--qlog");
  expectError({"merge", "a", "--out", "b", "--pcap"}, "--pcap");
}

}  // namespace
}  // namespace wirelab::app::cli
