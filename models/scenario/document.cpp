#include "models/scenario/document.h"

#include <filesystem>
#include <fstream>
#include <set>
#include <sstream>
#include <vector>

namespace wirelab::models::scenario {

namespace {

namespace fs = std::filesystem;

// yaml-cpp parses recursively; a file of 100,000 "[" would exhaust the stack. Scenario files nest a
// handful of levels, so a cheap scan over brackets and indentation rejects pathological input
// before the parser sees it, with the place where the limit was crossed.
std::optional<SourceLocation> tooDeep(const std::string& text, const std::string& name) {
  int depth = 0, line = 1, column = 0;
  bool lineStart = true;
  int indent = 0;
  for (const char c : text) {
    ++column;
    if (c == '\n') {
      ++line;
      column = 0;
      lineStart = true;
      indent = 0;
      continue;
    }
    if (lineStart && (c == ' ' || c == '-')) {
      if (++indent / 2 > kMaxNesting) return SourceLocation{name, line, column};
      continue;
    }
    lineStart = false;
    if (c == '[' || c == '{') {
      if (++depth > kMaxNesting) return SourceLocation{name, line, column};
    } else if ((c == ']' || c == '}') && depth > 0) {
      --depth;
    }
  }
  return std::nullopt;
}

std::optional<std::string> readFile(const std::string& path, Diagnostics& diagnostics) {
  std::error_code ec;
  if (!fs::is_regular_file(path, ec)) {
    diagnostics.add(SourceLocation{path, 0, 0}, "",
                    fs::exists(path, ec) ? "not a regular file" : "no such file");
    return std::nullopt;
  }
  const auto size = fs::file_size(path, ec);
  if (ec || size > kMaxScenarioBytes) {
    diagnostics.add(SourceLocation{path, 0, 0}, "",
                    ec ? "cannot read: " + ec.message() : "larger than the 4 MiB a scenario file may have");
    return std::nullopt;
  }
  std::ifstream in(path, std::ios::binary);
  std::ostringstream s;
  s << in.rdbuf();
  if (!in && !in.eof()) {
    diagnostics.add(SourceLocation{path, 0, 0}, "", "cannot read the file");
    return std::nullopt;
  }
  return s.str();
}

std::optional<YAML::Node> parseYaml(const std::string& text, const std::string& name,
                                    Diagnostics& diagnostics) {
  if (text.size() > kMaxScenarioBytes) {
    diagnostics.add(SourceLocation{name, 0, 0}, "", "larger than the 4 MiB a scenario file may have");
    return std::nullopt;
  }
  if (auto where = tooDeep(text, name)) {
    diagnostics.add(*where, "", "nested more than " + std::to_string(kMaxNesting) + " levels deep");
    return std::nullopt;
  }
  try {
    YAML::Node root = YAML::Load(text);
    if (!root.IsDefined() || root.IsNull()) {
      diagnostics.add(SourceLocation{name, 0, 0}, "", "the file is empty");
      return std::nullopt;
    }
    if (!root.IsMap()) {
      const YAML::Mark m = root.Mark();
      diagnostics.add(SourceLocation{name, m.line + 1, m.column + 1}, "",
                      "a scenario is a map of sections (name, topology, workloads, ...)");
      return std::nullopt;
    }
    return root;
  } catch (const YAML::Exception& e) {
    // e.msg is the parser's message without the position it prepends to what().
    diagnostics.add(SourceLocation{name, e.mark.is_null() ? 0 : e.mark.line + 1,
                                   e.mark.is_null() ? 0 : e.mark.column + 1},
                    "", "not valid YAML: " + e.msg);
    return std::nullopt;
  }
}

bool mergeIncludes(Document& doc, const std::string& name, const std::string& baseDirectory,
                   Diagnostics& diagnostics, std::set<std::string>& visiting, int depth) {
  const YAML::Node includes = doc.root["include"];
  if (!includes.IsDefined()) return true;
  std::vector<YAML::Node> paths;
  if (includes.IsScalar()) {
    paths.push_back(includes);
  } else if (includes.IsSequence()) {
    for (const auto& p : includes) paths.push_back(p);
  } else {
    const YAML::Mark m = includes.Mark();
    diagnostics.add(SourceLocation{name, m.line + 1, m.column + 1}, "include",
                    "expected a path or a list of paths");
    return false;
  }
  bool ok = true;
  for (const YAML::Node& p : paths) {
    const YAML::Mark m = p.Mark();
    const SourceLocation where{name, m.line + 1, m.column + 1};
    if (!p.IsScalar()) {
      diagnostics.add(where, "include", "expected a path");
      ok = false;
      continue;
    }
    const std::string path = (fs::path(baseDirectory) / p.Scalar()).lexically_normal().string();
    if (depth >= kMaxIncludeDepth || visiting.count(path) != 0) {
      diagnostics.add(where, "include",
                      visiting.count(path) ? "\"" + p.Scalar() + "\" includes itself"
                                           : "includes nested more than 8 deep");
      ok = false;
      continue;
    }
    Diagnostics local;
    auto text = readFile(path, local);
    std::optional<YAML::Node> parsed = text ? parseYaml(*text, path, local) : std::nullopt;
    if (!parsed) {
      if (!text)
        diagnostics.add(where, "include",
                        "cannot include \"" + p.Scalar() + "\": " + local.items()[0].message);
      for (const Diagnostic& d : local.items()) {
        if (text) diagnostics.add(d.where, d.keyPath, d.message);
      }
      ok = false;
      continue;
    }
    Document included{*parsed, path, {}, {}, {}};
    visiting.insert(path);
    ok = mergeIncludes(included, path, fs::path(path).parent_path().string(), diagnostics, visiting,
                       depth + 1) &&
         ok;
    visiting.erase(path);
    for (const auto& kv : included.root) {
      const std::string key = kv.first.Scalar();
      if (key == "include" || doc.root[key].IsDefined()) continue;  // the including file wins
      doc.root[key] = kv.second;
      const auto from = included.sectionFile.find(key);
      doc.sectionFile[key] = from != included.sectionFile.end() ? from->second : path;
    }
  }
  return ok;
}

}  // namespace

Document Document::reparse() const {
  Diagnostics ignored;  // the text parsed once already; the same text parses the same way
  auto again = parseDocument(text, file, ignored, baseDirectory);
  return again ? std::move(*again) : *this;
}

SpecNode Document::rootNode(Diagnostics& diagnostics) const {
  return SpecNode(root, "", file, diagnostics, &sectionFile);
}

std::optional<Document> parseDocument(const std::string& text, const std::string& name,
                                      Diagnostics& diagnostics, const std::string& baseDirectory) {
  auto root = parseYaml(text, name, diagnostics);
  if (!root) return std::nullopt;
  Document doc{*root, name, {}, text, baseDirectory};
  std::set<std::string> visiting{
      (fs::path(baseDirectory) / fs::path(name).filename()).lexically_normal().string()};
  if (!mergeIncludes(doc, name, baseDirectory, diagnostics, visiting, 0)) return std::nullopt;
  return doc;
}

std::optional<Document> loadDocument(const std::string& path, Diagnostics& diagnostics) {
  auto text = readFile(path, diagnostics);
  if (!text) return std::nullopt;
  return parseDocument(*text, path, diagnostics, fs::path(path).parent_path().string());
}

}  // namespace wirelab::models::scenario
