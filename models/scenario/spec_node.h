// File: models/scenario/spec_node.h
// A position in a parsed scenario document that knows where it came from: its key path
// ("topology.links[2].delay"), its file, line and column. Typed reads (durations, rates, byte
// counts, ratios with units inside the value, numbers in a range, one of a set of words) record a
// diagnostic on the shared Diagnostics and return the fallback instead of throwing, so one pass
// over a file reports every problem in it.
//
//   SpecNode link = root["topology"]["links"].items()[0];
//   link.checkKeys({"from", "to", "rate", "delay", "loss"});
//   sim::Duration delay = link.duration("delay", sim::Milliseconds(10));
#pragma once

#include <yaml-cpp/yaml.h>

#include <cstdint>
#include <limits>
#include <map>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "models/scenario/diagnostics.h"
#include "sim/core/quantity.h"
#include "sim/core/time.h"

namespace wirelab::models::scenario {

class SpecNode {
 public:
  // `sectionFiles` (for a document's root only) names the file each top-level key came from when
  // it was merged in from an include.
  SpecNode(YAML::Node node, std::string path, std::string file, Diagnostics& diagnostics,
           const std::map<std::string, std::string>* sectionFiles = nullptr);

  const std::string& path() const { return m_path; }
  const std::string& file() const { return m_file; }
  SourceLocation location() const;
  Diagnostics& diagnostics() const { return *m_diagnostics; }
  const YAML::Node& yaml() const { return m_node; }

  bool defined() const { return m_node.IsDefined() && !m_node.IsNull(); }
  bool isMap() const { return m_node.IsMap(); }
  bool isSequence() const { return m_node.IsSequence(); }
  bool isScalar() const { return m_node.IsScalar(); }
  bool has(const std::string& key) const;

  // A child of a map (undefined if absent; reading it then yields the fallback or "missing").
  SpecNode operator[](const std::string& key) const;
  // The elements of a sequence ("links[0]", ...); records a diagnostic if this is not a list.
  std::vector<SpecNode> items() const;
  // The entries of a map in file order; records a diagnostic if this is not a map.
  std::vector<std::pair<std::string, SpecNode>> entries() const;

  // Records "unknown key" for every key not in `known`, with the closest known key as a hint.
  // Also checks that this is a map.
  void checkKeys(const std::vector<std::string>& known) const;

  void error(const std::string& message) const;

  // Typed reads of a child. A missing key yields `fallback`; with no fallback the key is required
  // and its absence is a diagnostic. A present but wrong value is a diagnostic (the fallback, or a
  // default-constructed value, is returned so the caller can carry on).
  std::string text(const std::string& key, std::optional<std::string> fallback = std::nullopt) const;
  std::string choice(const std::string& key, const std::vector<std::string>& allowed,
                     std::optional<std::string> fallback = std::nullopt) const;
  bool flag(const std::string& key, std::optional<bool> fallback = std::nullopt) const;
  std::int64_t integer(const std::string& key, std::optional<std::int64_t> fallback = std::nullopt,
                       std::int64_t min = std::numeric_limits<std::int64_t>::min(),
                       std::int64_t max = std::numeric_limits<std::int64_t>::max()) const;
  double number(const std::string& key, std::optional<double> fallback = std::nullopt,
                double min = -std::numeric_limits<double>::infinity(),
                double max = std::numeric_limits<double>::infinity()) const;
  sim::Duration duration(const std::string& key, std::optional<sim::Duration> fallback = std::nullopt,
                         sim::Duration min = sim::Duration()) const;
  sim::DataRate rate(const std::string& key, std::optional<sim::DataRate> fallback = std::nullopt) const;
  sim::ByteCount bytes(const std::string& key, std::optional<sim::ByteCount> fallback = std::nullopt) const;
  // A whole number of items: "100" or "100pkt".
  std::int64_t count(const std::string& key, std::optional<std::int64_t> fallback = std::nullopt,
                     std::int64_t min = 0) const;
  // A fraction in [0, 1]: "0.005" or "0.5%".
  double ratio(const std::string& key, std::optional<double> fallback = std::nullopt) const;

  // The same reads on this node's own scalar (for list elements).
  std::string asText() const;

 private:
  // The scalar at `key`, or nullopt (after recording "missing" when there is no fallback).
  std::optional<SpecNode> scalarAt(const std::string& key, bool hasFallback) const;
  // Records a unit parse error at the character it concerns.
  void valueError(std::size_t offset, const std::string& message) const;

  YAML::Node m_node;
  std::string m_path;
  std::string m_file;
  Diagnostics* m_diagnostics;
  const std::map<std::string, std::string>* m_sectionFiles = nullptr;
};

}  // namespace wirelab::models::scenario
