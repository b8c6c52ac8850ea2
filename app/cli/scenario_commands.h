// File: app/cli/scenario_commands.h
// The headless verbs over scenario files: validate, run, batch (parallel processes, shards,
// resume, JUnit) and merge. Exit codes: 0 ok, 1 an expectation failed, 2 bad input or usage,
// 3 a run failed or another internal error.
#pragma once

#include "app/cli/scenario_options.h"

namespace wirelab::app::cli {

int runValidateCommand(const ScenarioCommandOptions& options);
int runRunCommand(const ScenarioCommandOptions& options);
int runBatchCommand(const ScenarioCommandOptions& options);
int runMergeCommand(const ScenarioCommandOptions& options);

}  // namespace wirelab::app::cli
