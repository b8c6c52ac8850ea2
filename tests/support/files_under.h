// File: tests/support/files_under.h
// Every regular file below a folder, by path relative to it (with '/'), and its bytes: what tests
// of output folders compare.
#pragma once

#include <filesystem>
#include <map>
#include <string>

#include "tests/support/read_file.h"

namespace wirelab::testing {

inline std::map<std::string, std::string> filesUnder(const std::filesystem::path& dir) {
  namespace fs = std::filesystem;
  std::map<std::string, std::string> files;
  std::error_code ec;
  for (const auto& e : fs::recursive_directory_iterator(dir, ec)) {
    if (!e.is_regular_file()) continue;
    files[fs::relative(e.path(), dir).generic_string()] = readFile(e.path());
  }
  return files;
}

}  // namespace wirelab::testing
