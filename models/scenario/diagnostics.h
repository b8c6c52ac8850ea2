// File: models/scenario/diagnostics.h
// Problems found in a scenario file, each with where it is (file, line, column: 1-based, as
// editors count) and which key it concerns ("links[2].loss.rate"). A loader collects every
// problem of a file instead of stopping at the first, so a user fixes them in one pass.
#pragma once

#include <string>
#include <vector>

namespace wirelab::models::scenario {

struct SourceLocation {
  std::string file;
  int line = 0;    // 1-based; 0 when unknown
  int column = 0;  // 1-based; 0 when unknown
};

struct Diagnostic {
  SourceLocation where;
  std::string keyPath;  // empty for problems of the file as a whole
  std::string message;
};

// "file:line:column: key.path: message" (the GNU convention editors and CI logs link from).
std::string format(const Diagnostic& d);

class Diagnostics {
 public:
  void add(SourceLocation where, std::string keyPath, std::string message);
  bool empty() const { return m_items.empty(); }
  std::size_t size() const { return m_items.size(); }
  const std::vector<Diagnostic>& items() const { return m_items; }
  // Every diagnostic, one per line, in file order.
  std::string formatAll() const;

 private:
  std::vector<Diagnostic> m_items;
};

// The known word closest to `word` by edit distance (Damerau-Levenshtein, adjacent swaps count
// as one edit), if it is close enough to be a plausible typo: at most 2 edits, and fewer than half
// the word's length. Empty when nothing is close.
std::string closestMatch(const std::string& word, const std::vector<std::string>& known);

}  // namespace wirelab::models::scenario
