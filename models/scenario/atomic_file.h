// File: models/scenario/atomic_file.h
// Writing an output file so that it either appears whole or not at all: the bytes go to a
// temporary file in the same directory, are flushed to disk, and the temporary is renamed over the
// target (rename(2) is atomic within a file system). A run killed half-way leaves no half-written
// results.json; SIGINT and SIGTERM wait until the rename is done, so an interrupt leaves no stray
// temporary either (SIGKILL or a crash while writing still can).
#pragma once

#include <string>

namespace wirelab::models::scenario {

// Creates missing parent directories. Returns an empty string on success, else the error.
std::string writeFileAtomically(const std::string& path, const std::string& contents);

}  // namespace wirelab::models::scenario
