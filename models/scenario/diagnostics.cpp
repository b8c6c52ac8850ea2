#include "models/scenario/diagnostics.h"

#include <algorithm>
#include <tuple>

namespace wirelab::models::scenario {

std::string format(const Diagnostic& d) {
  std::string out = d.where.file.empty() ? std::string("<input>") : d.where.file;
  if (d.where.line > 0) {
    out += ':' + std::to_string(d.where.line);
    if (d.where.column > 0) out += ':' + std::to_string(d.where.column);
  }
  out += ": ";
  if (!d.keyPath.empty()) out += d.keyPath + ": ";
  out += d.message;
  return out;
}

void Diagnostics::add(SourceLocation where, std::string keyPath, std::string message) {
  m_items.push_back(Diagnostic{std::move(where), std::move(keyPath), std::move(message)});
}

std::string Diagnostics::formatAll() const {
  std::vector<Diagnostic> sorted = m_items;
  std::stable_sort(sorted.begin(), sorted.end(), [](const Diagnostic& a, const Diagnostic& b) {
    return std::tie(a.where.file, a.where.line, a.where.column) <
           std::tie(b.where.file, b.where.line, b.where.column);
  });
  std::string out;
  for (const Diagnostic& d : sorted) out += format(d) + '\n';
  return out;
}

namespace {

// Optimal string alignment distance (Damerau-Levenshtein restricted to non-overlapping swaps).
std::size_t editDistance(const std::string& a, const std::string& b) {
  std::vector<std::vector<std::size_t>> d(a.size() + 1, std::vector<std::size_t>(b.size() + 1));
  for (std::size_t i = 0; i <= a.size(); ++i) d[i][0] = i;
  for (std::size_t j = 0; j <= b.size(); ++j) d[0][j] = j;
  for (std::size_t i = 1; i <= a.size(); ++i) {
    for (std::size_t j = 1; j <= b.size(); ++j) {
      const std::size_t cost = a[i - 1] == b[j - 1] ? 0 : 1;
      d[i][j] = std::min({d[i - 1][j] + 1, d[i][j - 1] + 1, d[i - 1][j - 1] + cost});
      if (i > 1 && j > 1 && a[i - 1] == b[j - 2] && a[i - 2] == b[j - 1])
        d[i][j] = std::min(d[i][j], d[i - 2][j - 2] + 1);
    }
  }
  return d[a.size()][b.size()];
}

}  // namespace

std::string closestMatch(const std::string& word, const std::vector<std::string>& known) {
  std::string best;
  std::size_t bestDistance = 3;  // at most 2 edits
  for (const std::string& k : known) {
    const std::size_t distance = editDistance(word, k);
    if (distance < bestDistance && 2 * distance < std::max(word.size(), k.size())) {
      best = k;
      bestDistance = distance;
    }
  }
  return best;
}

}  // namespace wirelab::models::scenario
