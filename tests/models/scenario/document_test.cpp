// Loading scenario files: YAML and JSON, syntax errors with their position, includes, and input
// that must be refused before it can hurt the parser.
#include "models/scenario/document.h"

#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>

#include "tests/support/test_folder.h"

namespace wirelab::models::scenario {
namespace {

namespace fs = std::filesystem;

// Writes `text` to `name` below `folder` (making its folders) and returns its path.
std::string write(const fs::path& folder, const std::string& name, const std::string& text) {
  const fs::path p = folder / name;
  fs::create_directories(p.parent_path());
  std::ofstream(p) << text;
  return p.string();
}

TEST(Document, YamlAndJsonGiveTheSameTree) {
  Diagnostics d;
  auto yaml = parseDocument("name: x\nseed: 3\n", "a.yaml", d);
  auto json = parseDocument("{\"name\": \"x\", \"seed\": 3}", "a.json", d);
  ASSERT_TRUE(yaml && json) << d.formatAll();
  EXPECT_EQ(yaml->root["seed"].as<int>(), json->root["seed"].as<int>());
  EXPECT_EQ(yaml->root["name"].Scalar(), json->root["name"].Scalar());
}

TEST(Document, ASyntaxErrorNamesItsLineAndColumn) {
  Diagnostics d;
  EXPECT_FALSE(parseDocument("name: x\nlinks: [a, b\nseed: 1\n", "bad.yaml", d));
  ASSERT_EQ(d.size(), 1u);
  EXPECT_EQ(d.items()[0].where.file, "bad.yaml");
  EXPECT_GE(d.items()[0].where.line, 2);
  EXPECT_NE(d.items()[0].message.find("not valid YAML"), std::string::npos);
}

TEST(Document, EmptyFilesAndNonMapsAreRefused) {
  Diagnostics d;
  EXPECT_FALSE(parseDocument("", "e.yaml", d));
  EXPECT_FALSE(parseDocument("- a\n- b\n", "l.yaml", d));
  ASSERT_EQ(d.size(), 2u);
  EXPECT_EQ(format(d.items()[0]), "e.yaml: the file is empty");
  EXPECT_NE(format(d.items()[1]).find("l.yaml:1:1: a scenario is a map"), std::string::npos);
}

TEST(Document, DeepNestingIsRefusedBeforeParsing) {
  Diagnostics d;
  EXPECT_FALSE(parseDocument("a: " + std::string(100000, '['), "deep.yaml", d));
  ASSERT_EQ(d.size(), 1u);
  EXPECT_NE(d.items()[0].message.find("nested more than 64 levels"), std::string::npos);
  EXPECT_EQ(d.items()[0].where.line, 1);
  EXPECT_EQ(d.items()[0].where.column, 4 + 64);
}

TEST(Document, IncludesBringSectionsAndTheIncludingFileWins) {
  const testing::TestFolder t("wirelab-doc");
  write(t.path, "common/net.yaml", "topology: {nodes: [a, b]}\nseed: 99\n");
  const std::string main = write(t.path, "main.yaml", "include: common/net.yaml\nname: m\nseed: 1\n");
  Diagnostics d;
  auto doc = loadDocument(main, d);
  ASSERT_TRUE(doc) << d.formatAll();
  EXPECT_EQ(doc->root["seed"].as<int>(), 1);
  EXPECT_EQ(doc->root["topology"]["nodes"].size(), 2u);
  // A problem in an included section names the included file and its own line.
  SpecNode root = doc->rootNode(d);
  root["topology"].checkKeys({"links"});
  ASSERT_EQ(d.size(), 1u);
  EXPECT_EQ(d.items()[0].where.file, (t.path / "common/net.yaml").string());
  EXPECT_EQ(d.items()[0].where.line, 1);
}

TEST(Document, MissingAndCyclicIncludesAreReportedAtTheIncludeLine) {
  const testing::TestFolder t("wirelab-doc");
  write(t.path, "loop.yaml", "include: main.yaml\n");
  const std::string main = write(t.path, "main.yaml", "name: m\ninclude: [nothere.yaml, loop.yaml]\n");
  Diagnostics d;
  EXPECT_FALSE(loadDocument(main, d));
  const std::string all = d.formatAll();
  EXPECT_NE(all.find("main.yaml:2:11: include: cannot include \"nothere.yaml\": no such file"),
            std::string::npos)
      << all;
  EXPECT_NE(all.find("includes itself"), std::string::npos) << all;
}

TEST(Document, AMissingFileIsOneClearError) {
  Diagnostics d;
  EXPECT_FALSE(loadDocument("/nonexistent/s.yaml", d));
  ASSERT_EQ(d.size(), 1u);
  EXPECT_EQ(format(d.items()[0]), "/nonexistent/s.yaml: no such file");
}

}  // namespace
}  // namespace wirelab::models::scenario
