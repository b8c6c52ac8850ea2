#include "models/scenario/overrides.h"

#include <gtest/gtest.h>

namespace wirelab::models::scenario {
namespace {

TEST(Overrides, ParsesKeyPathsAndNamesTheBadCharacter) {
  std::vector<PathStep> steps;
  std::string error;
  ASSERT_TRUE(parseKeyPath("topology.links[2].loss", steps, error)) << error;
  ASSERT_EQ(steps.size(), 4u);
  EXPECT_EQ(steps[1].key, "links");
  EXPECT_TRUE(steps[2].key.empty());
  EXPECT_EQ(steps[2].index, 2u);
  EXPECT_EQ(steps[3].key, "loss");
  EXPECT_FALSE(parseKeyPath("links[x]", steps, error));
  EXPECT_EQ(error, "bad key path \"links[x]\" at character 6: an index is a whole number");
  EXPECT_FALSE(parseKeyPath("a..b", steps, error));
  EXPECT_FALSE(parseKeyPath("a.", steps, error));
}

TEST(Overrides, SetsScalarsListsAndMapsInsideTheTree) {
  YAML::Node root = YAML::Load("seed: 1\ntopology: {links: [{delay: 1ms}, {delay: 2ms}]}\n");
  EXPECT_EQ(setAtPath(root, "seed", "7"), "");
  EXPECT_EQ(setAtPath(root, "topology.links[1].loss", "2%"), "");
  EXPECT_EQ(setAtPath(root, "workloads", "[{kind: bulk}]"), "");
  EXPECT_EQ(root["seed"].as<int>(), 7);
  EXPECT_EQ(root["topology"]["links"][1]["loss"].Scalar(), "2%");
  EXPECT_EQ(root["topology"]["links"][0]["delay"].Scalar(), "1ms");
  EXPECT_EQ(root["workloads"][0]["kind"].Scalar(), "bulk");
}

TEST(Overrides, ReportsPathsThatDoNotFitTheTree) {
  YAML::Node root = YAML::Load("seed: 1\ntopology: {links: [{delay: 1ms}]}\n");
  EXPECT_EQ(setAtPath(root, "topology.links[3].delay", "1ms"),
            "\"topology.links[3]\": the list has 1 element(s)");
  EXPECT_EQ(setAtPath(root, "seed.x", "1"), "\"seed\" is not a map");
  EXPECT_EQ(setAtPath(root, "topology[0]", "1"), "\"topology[0]\": not a list");
}

TEST(Overrides, SplitsAssignmentsAtTheFirstEqualsSign) {
  std::string path, value;
  ASSERT_TRUE(splitAssignment("a.b=x=y", path, value));
  EXPECT_EQ(path, "a.b");
  EXPECT_EQ(value, "x=y");
  EXPECT_FALSE(splitAssignment("=1", path, value));
  EXPECT_FALSE(splitAssignment("novalue", path, value));
}

}  // namespace
}  // namespace wirelab::models::scenario
