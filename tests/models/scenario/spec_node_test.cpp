// Typed reads from a scenario document: values with units, ranges, choices, and one diagnostic per
// problem with its line, column and key path.
#include "models/scenario/spec_node.h"

#include <gtest/gtest.h>

namespace wirelab::models::scenario {
namespace {

using namespace wirelab::sim;

struct Doc {
  explicit Doc(const std::string& text) : root(YAML::Load(text), "", "s.yaml", diagnostics) {}
  Diagnostics diagnostics;
  SpecNode root;
};

TEST(SpecNode, ReadsValuesWithUnits) {
  Doc d(
      "link:\n"
      "  rate: 50Mbps\n"
      "  delay: 20ms\n"
      "  queue: 64KiB\n"
      "  loss: 0.5%\n"
      "  count: 12\n"
      "  weight: 0.25\n"
      "  sack: true\n"
      "  cc: cubic\n");
  SpecNode link = d.root["link"];
  EXPECT_EQ(link.rate("rate"), Mbps(50));
  EXPECT_EQ(link.duration("delay"), Milliseconds(20));
  EXPECT_EQ(link.bytes("queue"), ByteCount(64 * 1024));
  EXPECT_DOUBLE_EQ(link.ratio("loss"), 0.005);
  EXPECT_EQ(link.integer("count", std::nullopt, 1, 100), 12);
  EXPECT_DOUBLE_EQ(link.number("weight"), 0.25);
  EXPECT_TRUE(link.flag("sack"));
  EXPECT_EQ(link.choice("cc", {"newreno", "cubic"}), "cubic");
  EXPECT_EQ(link.duration("jitter", Milliseconds(1)), Milliseconds(1));  // absent: the fallback
  EXPECT_TRUE(d.diagnostics.empty()) << d.diagnostics.formatAll();
}

TEST(SpecNode, AUnitErrorPointsAtTheCharacterItConcerns) {
  Doc d("link:\n  delay: 20mss\n  rate: \"5 Mbs\"\n");
  d.root["link"].duration("delay");
  d.root["link"].rate("rate");
  ASSERT_EQ(d.diagnostics.size(), 2u) << d.diagnostics.formatAll();
  const Diagnostic& delay = d.diagnostics.items()[0];
  EXPECT_EQ(delay.keyPath, "link.delay");
  EXPECT_EQ(delay.where.line, 2);
  EXPECT_EQ(delay.where.column, 12);  // "  delay: " is 9 columns, "20" 2 more: the unit starts at 12
  const Diagnostic& rate = d.diagnostics.items()[1];
  EXPECT_EQ(rate.where.line, 3);
  EXPECT_EQ(rate.where.column, 12);  // after the opening quote and "5 "
}

TEST(SpecNode, UnknownKeysGetADidYouMean) {
  Doc d("link:\n  rate: 1Mbps\n  dealy: 5ms\n");
  d.root["link"].checkKeys({"rate", "delay", "loss"});
  ASSERT_EQ(d.diagnostics.size(), 1u);
  EXPECT_EQ(format(d.diagnostics.items()[0]),
            "s.yaml:3:3: link.dealy: unknown key \"dealy\"; did you mean \"delay\"?");
}

TEST(SpecNode, WrongTypesRangesAndMissingKeysAreEachReported) {
  Doc d(
      "client:\n"
      "  connections: 0\n"
      "  pipelining: maybe\n"
      "  protocol: http4\n"
      "  origins: {a: 1}\n");
  SpecNode c = d.root["client"];
  EXPECT_EQ(c.integer("connections", 6, 1, 256), 6);  // out of range: the fallback
  c.flag("pipelining", false);
  c.choice("protocol", {"http1", "http2", "http3"});
  c.items();  // a map is not a list...
  c["origins"].items();
  c.duration("interval");  // required and missing
  const std::string all = d.diagnostics.formatAll();
  EXPECT_NE(all.find("s.yaml:2:16: client.connections: must be at least 1, got 0"), std::string::npos) << all;
  EXPECT_NE(all.find("s.yaml:3:15: client.pipelining: expected true or false, got \"maybe\""),
            std::string::npos)
      << all;
  EXPECT_NE(all.find("client.protocol: unknown value \"http4\"; did you mean \"http1\"?"), std::string::npos)
      << all;
  EXPECT_NE(all.find("client.origins: expected a list, got a map"), std::string::npos) << all;
  EXPECT_NE(all.find("client.interval: missing required key \"interval\""), std::string::npos) << all;
}

TEST(SpecNode, ListElementsCarryTheirIndexInThePath) {
  Doc d("links:\n  - {delay: 1ms}\n  - {delay: -3ms}\n");
  auto links = d.root["links"].items();
  ASSERT_EQ(links.size(), 2u);
  EXPECT_EQ(links[0].duration("delay"), Milliseconds(1));
  links[1].duration("delay");
  ASSERT_EQ(d.diagnostics.size(), 1u);
  EXPECT_EQ(d.diagnostics.items()[0].keyPath, "links[1].delay");
  EXPECT_EQ(d.diagnostics.items()[0].where.line, 3);
}

}  // namespace
}  // namespace wirelab::models::scenario
