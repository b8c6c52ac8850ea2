// File: app/cli/test_hooks.h
// Hooks that let the end-to-end tests make the real program fail in ways no scenario can. They
// act only when their environment variable is set (docs/cli.md, "Test hooks"):
//   WIRELAB_TEST_CRASH_RUN=<run id> or <scenario name>/<run id>: the worker that is handed that
//   run raises SIGSEGV instead of running it, so a test can check that a crashed run is reported,
//   that the batch goes on (the same worker's later runs too), and that --resume completes it.
#pragma once

#include "models/scenario/batch.h"

namespace wirelab::app::cli {

// A batch's work: models::scenario::runAndWriteRunFile, behind the hooks that are set.
models::scenario::BatchWork batchWorkWithTestHooks();

}  // namespace wirelab::app::cli
