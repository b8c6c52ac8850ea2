// File: models/scenario/junit.h
// JUnit XML for CI systems (GitLab, Jenkins, GitHub test reporters): one <testsuite> per
// scenario, one <testcase> per run (failed: it crashed, threw or is missing) and one per
// expectation of each case (failed: the comparison, with both sides' values).
#pragma once

#include <string>
#include <vector>

#include "models/scenario/batch.h"
#include "models/scenario/output.h"

namespace wirelab::models::scenario {

struct JUnitSuite {
  std::string name;
  std::vector<BatchItemResult> runs;
  const ScenarioOutcome* outcome = nullptr;  // null for a shard (no aggregation)
};

std::string junitXml(const std::vector<JUnitSuite>& suites);

}  // namespace wirelab::models::scenario
