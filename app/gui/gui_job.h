// File: app/gui/gui_job.h
// What the main window runs: a job that takes the form's parameters and returns charts. The window
// knows nothing about the simulation behind it; the program wires the real showcase in, tests a fake.
// Plain structs, no Qt, so the job can be written and tested without the GUI.
#pragma once

#include <cstdint>
#include <functional>
#include <utility>
#include <vector>

#include "app/charts/chart_spec.h"

namespace wirelab::app::gui {

// The showcase parameters the window exposes; defaults equal QueueingShowcaseConfig's (a test
// checks), so an untouched form runs the README's showcase.
struct GuiParameters {
  double linkRateMbps = 10;
  std::int64_t packetSizeBytes = 1250;
  int replications = 5;
  double durationS = 60;  // measured time after the warm-up
  std::uint64_t seed = 1;
};

struct GuiJobResult {
  GuiJobResult() = default;
  // Implicit on purpose: a job may simply return its charts and leave the counters at zero.
  GuiJobResult(std::vector<charts::ChartSpec> c)
      : charts(std::move(c)) {}  // NOLINT(google-explicit-constructor)

  std::vector<charts::ChartSpec> charts;
  std::uint64_t runs = 0;    // simulation runs (loads x replications); 0 = unknown
  std::uint64_t events = 0;  // kernel events over all runs; 0 = unknown
};

// Runs on a worker thread: it must not touch widgets. Exceptions are caught and shown.
using GuiJob = std::function<GuiJobResult(const GuiParameters&)>;

}  // namespace wirelab::app::gui
