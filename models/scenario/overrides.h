// File: models/scenario/overrides.h
// Setting one value inside a scenario tree by its key path: what `--set PATH=VALUE` on the command
// line and every point of a sweep do. Paths are the ones diagnostics print:
// "topology.links[0].loss", "workloads[1].protocol", "seed".
#pragma once

#include <yaml-cpp/yaml.h>

#include <string>
#include <vector>

namespace wirelab::models::scenario {

struct PathStep {
  std::string key;  // a map key, or empty for a list index
  std::size_t index = 0;
};

// Parses "a.b[2].c"; false (with `error` set, naming the character offset) on a malformed path.
bool parseKeyPath(const std::string& path, std::vector<PathStep>& steps, std::string& error);

// Sets the value at `path` in `root` (a deep copy is the caller's business: YAML nodes share
// structure). Map keys that do not exist are created (unknown ones are then reported by the
// loader like any typo); list indices must exist. The value is read as YAML, so "1%", "[a, b]" and
// "{rate: 5Mbps}" all work. Returns an empty string on success, else what went wrong.
std::string setAtPath(YAML::Node root, const std::string& path, const std::string& value);
std::string setAtPath(YAML::Node root, const std::string& path, const YAML::Node& value);

// Splits "PATH=VALUE" at the first '='; false if there is none or the path is empty.
bool splitAssignment(const std::string& text, std::string& path, std::string& value);

}  // namespace wirelab::models::scenario
