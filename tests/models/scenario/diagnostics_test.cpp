#include "models/scenario/diagnostics.h"

#include <gtest/gtest.h>

namespace wirelab::models::scenario {
namespace {

TEST(Diagnostics, FormatsFileLineColumnKeyPathAndMessage) {
  EXPECT_EQ(format(Diagnostic{{"a.yaml", 3, 7}, "links[0].delay", "bad"}), "a.yaml:3:7: links[0].delay: bad");
  EXPECT_EQ(format(Diagnostic{{"a.yaml", 0, 0}, "", "empty file"}), "a.yaml: empty file");
}

TEST(Diagnostics, ListsProblemsInFileOrder) {
  Diagnostics d;
  d.add({"a.yaml", 9, 1}, "x", "second");
  d.add({"a.yaml", 2, 5}, "y", "first");
  EXPECT_EQ(d.formatAll(), "a.yaml:2:5: y: first\na.yaml:9:1: x: second\n");
}

TEST(Diagnostics, SuggestsTheClosestKnownWordForATypo) {
  const std::vector<std::string> known = {"delay", "rate", "loss", "queue", "jitter"};
  EXPECT_EQ(closestMatch("dealy", known), "delay");  // a swap is one edit
  EXPECT_EQ(closestMatch("rates", known), "rate");
  EXPECT_EQ(closestMatch("jiter", known), "jitter");
  EXPECT_EQ(closestMatch("bandwidth", known), "");  // nothing close
  EXPECT_EQ(closestMatch("ab", {"rate"}), "");      // too short to guess
}

}  // namespace
}  // namespace wirelab::models::scenario
