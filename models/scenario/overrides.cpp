#include "models/scenario/overrides.h"

#include <cctype>

namespace wirelab::models::scenario {

bool parseKeyPath(const std::string& path, std::vector<PathStep>& steps, std::string& error) {
  steps.clear();
  std::size_t i = 0;
  const auto fail = [&](const std::string& what) {
    error = "bad key path \"" + path + "\" at character " + std::to_string(i + 1) + ": " + what;
    return false;
  };
  if (path.empty()) return fail("empty");
  while (i < path.size()) {
    if (path[i] == '[') {
      const std::size_t close = path.find(']', i);
      if (close == std::string::npos || close == i + 1) return fail("expected an index and ']'");
      std::size_t index = 0;
      for (std::size_t j = i + 1; j < close; ++j) {
        if (!std::isdigit(static_cast<unsigned char>(path[j]))) return fail("an index is a whole number");
        index = index * 10 + static_cast<std::size_t>(path[j] - '0');
        if (index > 1'000'000) return fail("index too large");
      }
      steps.push_back(PathStep{"", index});
      i = close + 1;
      if (i < path.size() && path[i] == '.') {
        ++i;
        if (i == path.size()) return fail("a key must follow '.'");
      }
      continue;
    }
    std::size_t end = i;
    while (end < path.size() && path[end] != '.' && path[end] != '[') ++end;
    if (end == i) return fail("expected a key");
    steps.push_back(PathStep{path.substr(i, end - i), 0});
    i = end;
    if (i < path.size() && path[i] == '.') {
      ++i;
      if (i == path.size()) return fail("a key must follow '.'");
    }
  }
  return true;
}

std::string setAtPath(YAML::Node root, const std::string& path, const YAML::Node& value) {
  std::vector<PathStep> steps;
  std::string error;
  if (!parseKeyPath(path, steps, error)) return error;
  YAML::Node node = root;
  std::string walked;
  for (std::size_t s = 0; s < steps.size(); ++s) {
    const PathStep& step = steps[s];
    const bool last = s + 1 == steps.size();
    if (!step.key.empty()) {
      if (node.IsDefined() && !node.IsNull() && !node.IsMap()) {
        return (walked.empty() ? std::string("the scenario") : "\"" + walked + "\"") + " is not a map";
      }
      walked += (walked.empty() ? "" : ".") + step.key;
      if (last) {
        node[step.key] = value;
        return "";
      }
      YAML::Node child = node[step.key];
      node.reset(child);
    } else {
      walked += "[" + std::to_string(step.index) + "]";
      if (!node.IsSequence()) return "\"" + walked + "\": not a list";
      if (step.index >= node.size()) {
        return "\"" + walked + "\": the list has " + std::to_string(node.size()) + " element(s)";
      }
      if (last) {
        node[step.index] = value;
        return "";
      }
      YAML::Node child = node[step.index];
      node.reset(child);
    }
  }
  return "";
}

std::string setAtPath(YAML::Node root, const std::string& path, const std::string& value) {
  YAML::Node parsed;
  try {
    parsed = YAML::Load(value);
  } catch (const YAML::Exception& e) {
    return "the value \"" + value + "\" is not valid YAML: " + e.msg;
  }
  if (!parsed.IsDefined() || parsed.IsNull()) parsed = YAML::Node(value);
  return setAtPath(root, path, parsed);
}

bool splitAssignment(const std::string& text, std::string& path, std::string& value) {
  const std::size_t eq = text.find('=');
  if (eq == std::string::npos || eq == 0) return false;
  path = text.substr(0, eq);
  value = text.substr(eq + 1);
  return true;
}

}  // namespace wirelab::models::scenario
