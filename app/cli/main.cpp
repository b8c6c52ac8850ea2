// File: app/cli/main.cpp
// The `wirelab` program: parses the command line and dispatches to the verb; turns stray exceptions
// into exit code 3 so scripts can tell a crash-like failure from bad usage (2).
#include <cstdlib>
#include <exception>
#include <iostream>
#include <string>
#include <vector>

#include "app/cli/cli_options.h"
#include "app/cli/gui_command.h"
#include "app/cli/scenario_commands.h"
#include "app/cli/showcase_command.h"

int main(int argc, char** argv) {
  using namespace wirelab::app::cli;
  const std::vector<std::string> args(argv + 1, argv + argc);
  const CliParseResult parsed =
      parseCommandLine(args, hasDisplay(std::getenv("DISPLAY"), std::getenv("WAYLAND_DISPLAY")));
  if (!parsed.ok()) {
    std::cerr << "wirelab: error: " << parsed.error << "\n" << usageHint() << "\n";
    return kExitUsage;
  }
  try {
    switch (parsed.options.command) {
      case Command::Help:
        std::cout << usageText();
        return kExitOk;
      case Command::Version:
        std::cout << versionText() << "\n";
        return kExitOk;
      case Command::Gui:
        return runGuiCommand(argc, argv);
      case Command::Showcase:
        return runShowcaseCommand(parsed.options.showcase);
      case Command::Run:
        return runRunCommand(parsed.options.scenario);
      case Command::Batch:
        return runBatchCommand(parsed.options.scenario);
      case Command::Validate:
        return runValidateCommand(parsed.options.scenario);
      case Command::Merge:
        return runMergeCommand(parsed.options.scenario);
    }
  } catch (const std::exception& e) {
    std::cerr << "wirelab: internal error: " << e.what() << "\n";
    return kExitInternal;
  }
  return kExitInternal;
}
