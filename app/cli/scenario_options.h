// File: app/cli/scenario_options.h
// The scenario verbs' command lines, parsed without I/O so every case is unit-testable:
//   wirelab run SCENARIO [--out DIR] [--seed N] [--set PATH=VALUE]... [--jobs N] [--formats LIST]
//                        [--pcap[=NODE,...]] [--qlog]
//   wirelab batch SCENARIO|DIR... [--out DIR] [--jobs N] [--shard I/N] [--resume] [--junit FILE]
//                        [--pcap[=NODE,...]] [--qlog]
//   wirelab validate SCENARIO...
//   wirelab merge DIR... --out DIR
#pragma once

#include <cstdint>
#include <filesystem>
#include <optional>
#include <string>
#include <vector>

namespace wirelab::app::cli {

struct ScenarioCommandOptions {
  std::vector<std::string>
      inputs;  // scenario files (run, validate), files or folders (batch), output folders (merge)
  std::optional<std::filesystem::path> outDir;
  std::optional<std::uint64_t> seed;
  std::vector<std::string> sets;  // PATH=VALUE
  int jobs = 1;
  int shardIndex = 1, shardCount = 1;  // --shard I/N
  bool resume = false;
  std::optional<std::filesystem::path> junit;
  std::vector<std::string> formats = {"png", "svg"};  // chart formats; empty: no charts
  bool quiet = false;
  bool schema = false;                 // validate --schema: print the JSON Schema
  bool pcap = false;                   // --pcap: packet captures (pcap/<run id>/)
  std::vector<std::string> pcapNodes;  // --pcap=NODE,...: only at these nodes (empty: every node)
  bool qlog = false;                   // --qlog: one qlog per QUIC connection (qlog/<run id>/)
};

// Parses args[first..] for `verb` ("run", "batch", "validate", "merge"). Returns an error message
// naming the offending argument, or nullopt with `out` filled.
std::optional<std::string> parseScenarioCommand(const std::string& verb, const std::vector<std::string>& args,
                                                std::size_t first, ScenarioCommandOptions& out);

}  // namespace wirelab::app::cli
