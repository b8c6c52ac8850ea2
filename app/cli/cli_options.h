// File: app/cli/cli_options.h
// The `wirelab` command line, parsed without Qt or I/O so every case is unit-testable: the parser
// returns what to do or one error message; main() prints and exits.
//   wirelab [--help | --version]      wirelab gui      wirelab showcase [--out DIR] [--seed N] [--quick]
#pragma once

#include <cstdint>
#include <filesystem>
#include <optional>
#include <string>
#include <vector>

#include "app/cli/scenario_options.h"

namespace wirelab::app::cli {

// Process exit codes; documented in --help, relied upon by scripts and CI.
enum ExitCode : int {
  kExitOk = 0,
  kExitExpectationFailed = 1,  // the program ran, but a result failed its check
  kExitUsage = 2,              // bad input or usage: unknown option, missing value, unusable path
  kExitInternal = 3,           // a bug or an unexpected failure
};

enum class Command { Help, Version, Gui, Showcase, Run, Batch, Validate, Merge };

struct ShowcaseOptions {
  std::filesystem::path outDir = "wirelab-out/showcase";
  std::optional<std::uint64_t> seed;  // unset: the showcase's default seed
  bool quick = false;                 // 2 replications x 10 s, for smoke tests
};

struct CliOptions {
  Command command = Command::Help;
  ShowcaseOptions showcase;         // meaningful for Command::Showcase
  ScenarioCommandOptions scenario;  // meaningful for Run, Batch, Validate, Merge
};

struct CliParseResult {
  CliOptions options;
  std::string error;  // empty on success; otherwise names the offending argument (exit kExitUsage)
  bool ok() const { return error.empty(); }
};

// `args` excludes the program name. `hasDisplay` decides what a bare `wirelab` means: the GUI when
// a display is available, the headless showcase otherwise.
CliParseResult parseCommandLine(const std::vector<std::string>& args, bool hasDisplay);

// DISPLAY or WAYLAND_DISPLAY set and non-empty (values as read from the environment; null = unset).
bool hasDisplay(const char* display, const char* waylandDisplay);

std::string usageText();    // the full --help text
std::string usageHint();    // one line, printed after an error
std::string versionText();  // "wirelab 0.1.0"

}  // namespace wirelab::app::cli
