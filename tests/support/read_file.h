// File: tests/support/read_file.h
// A file's whole content as bytes (empty when it cannot be read): what tests compare outputs with.
#pragma once

#include <filesystem>
#include <fstream>
#include <sstream>
#include <string>

namespace wirelab::testing {

inline std::string readFile(const std::filesystem::path& path) {
  std::ifstream in(path, std::ios::binary);
  std::stringstream s;
  s << in.rdbuf();
  return s.str();
}

}  // namespace wirelab::testing
