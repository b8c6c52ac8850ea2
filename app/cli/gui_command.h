// File: app/cli/gui_command.h
// `wirelab gui`: the main window, wired to the real queueing showcase as its job.
#pragma once

#include "app/gui/gui_job.h"
#include "models/showcase/queueing_showcase.h"

namespace wirelab::app::cli {

// The window's parameters over the showcase's defaults.
models::showcase::QueueingShowcaseConfig toShowcaseConfig(const gui::GuiParameters& params);

// The GuiJob the program gives the window: run the showcase, return its charts and counters.
gui::GuiJobResult runShowcaseJob(const gui::GuiParameters& params);

// Runs the Qt event loop until the window closes; returns a process exit code.
int runGuiCommand(int argc, char** argv);

}  // namespace wirelab::app::cli
