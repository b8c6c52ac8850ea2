// scenarios/schema.json is what the loader accepts: generated from the same tables, and the
// shipped copy is kept equal to the generator's output.
#include "models/scenario/schema.h"

#include <gtest/gtest.h>

#include <fstream>
#include <sstream>

#include "models/scenario/scenario_spec.h"
#include "models/scenario/workload_kind.h"

namespace wirelab::models::scenario {
namespace {

TEST(Schema, TheShippedSchemaIsTheGeneratedOne) {
  std::ifstream in(std::string(WIRELAB_SOURCE_DIR) + "/scenarios/schema.json");
  std::stringstream s;
  s << in.rdbuf();
  EXPECT_EQ(s.str(), scenarioJsonSchema())
      << "regenerate with: build/release/app/wirelab validate --schema > scenarios/schema.json";
}

TEST(Schema, ListsEveryTopLevelKeyAndEveryWorkloadKind) {
  const YAML::Node schema = YAML::Load(scenarioJsonSchema());
  for (const std::string& key : scenarioKeys()) EXPECT_TRUE(schema["properties"][key]) << key;
  const YAML::Node kinds = schema["properties"]["workloads"]["items"]["oneOf"];
  ASSERT_EQ(kinds.size(), workloadKinds().size());
  for (std::size_t i = 0; i < kinds.size(); ++i) {
    EXPECT_EQ(kinds[i]["properties"]["kind"]["const"].as<std::string>(), workloadKinds()[i].name);
    for (const std::string& key : workloadKinds()[i].keys) EXPECT_TRUE(kinds[i]["properties"][key]) << key;
  }
}

}  // namespace
}  // namespace wirelab::models::scenario
