// File: app/cli/progress.cpp
#include "app/cli/progress.h"

#include <unistd.h>

#include <cstdio>

namespace wirelab::app::cli {

ProgressReporter::ProgressReporter(bool quiet) : m_terminal(::isatty(STDERR_FILENO) != 0), m_quiet(quiet) {}

void ProgressReporter::operator()(const models::scenario::BatchProgress& p) {
  if (m_quiet) return;
  const double perRun = p.done > 0 ? p.elapsedSeconds / static_cast<double>(p.done) : 0;
  const double eta = perRun * static_cast<double>(p.total - p.done);
  if (m_terminal) {
    constexpr int kWidth = 30;
    const int filled = p.total > 0 ? static_cast<int>(kWidth * p.done / p.total) : kWidth;
    std::fprintf(stderr, "\r[%.*s%*s] %zu/%zu runs", filled,
                 "==============================", kWidth - filled, "", p.done, p.total);
    if (p.failed > 0) std::fprintf(stderr, ", %zu failed", p.failed);
    std::fprintf(stderr, ", ETA %d:%02d   ", static_cast<int>(eta) / 60, static_cast<int>(eta) % 60);
    m_drawn = true;
  } else if (p.last != nullptr) {
    std::fprintf(stderr, "[%zu/%zu] %s %s %s (%.2f s)%s%s\n", p.done, p.total, p.last->scenario.c_str(),
                 p.last->id.c_str(), p.last->ok ? "ok" : "FAILED", p.last->wallSeconds,
                 p.last->ok ? "" : ": ", p.last->ok ? "" : p.last->error.c_str());
  }
  if (m_terminal && p.last != nullptr && !p.last->ok) {
    std::fprintf(stderr, "\n%s %s failed: %s\n", p.last->scenario.c_str(), p.last->id.c_str(),
                 p.last->error.c_str());
  }
  std::fflush(stderr);
}

void ProgressReporter::finish() {
  if (m_drawn) std::fprintf(stderr, "\n");
  m_drawn = false;
}

}  // namespace wirelab::app::cli
