// File: models/scenario/document.h
// A scenario file parsed into a YAML tree, with its includes merged: `include: [common.yaml]` (a
// path or a list of paths, relative to the including file) brings in the top-level sections of
// other files; a section the including file defines itself wins. Each top-level section remembers
// the file it came from, so a problem inside an included topology names the included file.
// JSON loads too (every JSON document is YAML 1.2).
#pragma once

#include <yaml-cpp/yaml.h>

#include <map>
#include <optional>
#include <string>

#include "models/scenario/diagnostics.h"
#include "models/scenario/spec_node.h"

namespace wirelab::models::scenario {

struct Document {
  YAML::Node root;
  std::string file;                                // the file the user named
  std::map<std::string, std::string> sectionFile;  // top-level key -> the file it came from
  std::string text;                                // the file's text, to parse again
  std::string baseDirectory;                       // where its includes resolve

  // The root as a SpecNode whose sections carry their own files.
  SpecNode rootNode(Diagnostics& diagnostics) const;
  // A fresh, independent parse of the same text. yaml-cpp nodes share structure, and
  // YAML::Clone drops the line/column marks diagnostics need, so every case of a sweep gets its
  // own parse to change.
  Document reparse() const;
};

// Limits that keep hostile or broken input from exhausting the loader (the fuzz target feeds it
// arbitrary bytes): the file size and the nesting depth of brackets and indentation.
inline constexpr std::size_t kMaxScenarioBytes = 4 * 1024 * 1024;
inline constexpr int kMaxNesting = 64;
inline constexpr int kMaxIncludeDepth = 8;

// Reads and parses `path`; nullopt after recording diagnostics if the file cannot be read or parsed.
std::optional<Document> loadDocument(const std::string& path, Diagnostics& diagnostics);
// Parses text as if read from `name`; includes resolve relative to `baseDirectory`.
std::optional<Document> parseDocument(const std::string& text, const std::string& name,
                                      Diagnostics& diagnostics, const std::string& baseDirectory = ".");

}  // namespace wirelab::models::scenario
