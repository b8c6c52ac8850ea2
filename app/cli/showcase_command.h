// File: app/cli/showcase_command.h
// `wirelab showcase`: runs the queueing showcase headless, writes its results, series and charts to
// the output folder (all at once, by a folder swap) and prints a summary table.
#pragma once

#include "app/cli/cli_options.h"

namespace wirelab::app::cli {

// Returns a process exit code (see ExitCode).
int runShowcaseCommand(const ShowcaseOptions& options);

}  // namespace wirelab::app::cli
