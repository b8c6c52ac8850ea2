// File: app/cli/progress.h
// Progress of a batch on stderr: a bar with runs done/total, failures and an ETA when stderr is a
// terminal; otherwise one quiet line per finished run (CI logs stay readable).
#pragma once

#include "models/scenario/batch.h"

namespace wirelab::app::cli {

class ProgressReporter {
 public:
  explicit ProgressReporter(bool quiet);
  void operator()(const models::scenario::BatchProgress& p);
  void finish();

 private:
  bool m_terminal;
  bool m_quiet;
  bool m_drawn = false;
};

}  // namespace wirelab::app::cli
