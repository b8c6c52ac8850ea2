// File: models/scenario/atomic_file.h
// Writing an output file so that it either appears whole or not at all: the bytes go to a
// temporary file in the same directory, are flushed to disk, and the temporary is renamed over the
// target (rename(2) is atomic within a file system). A run killed half-way leaves no half-written
// results.json; SIGINT and SIGTERM wait until the rename is done, so an interrupt leaves no stray
// temporary either (SIGKILL or a crash can: while writing with a named temporary, only between
// naming and renaming with an unnamed one).
//
// AtomicFile streams a file too large to hold in memory (a long run's pcap): written through a
// 64 KiB buffer to a temporary that exists from open() on, published by commit(), removed if the
// object goes without a commit. The temporary is an unnamed O_TMPFILE where the file system has
// them, so a process killed mid-run (a batch worker ended by SIGTERM, a crash) leaves nothing
// behind; elsewhere it is "<path>.tmp.<pid>", which such a kill does leave.
#pragma once

#include <cstddef>
#include <string>
#include <string_view>

namespace wirelab::models::scenario {

// Creates missing parent directories. Returns an empty string on success, else the error.
std::string writeFileAtomically(const std::string& path, const std::string& contents);

class AtomicFile {
 public:
  // Unnamed falls back to Named where the file system has no O_TMPFILE or /proc is not mounted.
  enum class Temporary { Unnamed, Named };
  static constexpr std::size_t kBufferBytes = 64 * 1024;

  AtomicFile() = default;
  AtomicFile(const AtomicFile&) = delete;
  AtomicFile& operator=(const AtomicFile&) = delete;
  ~AtomicFile();  // without a commit: the temporary goes

  // Creates missing parent directories and the temporary. Returns an empty string on success,
  // else the error, naming `path`.
  std::string open(const std::string& path, Temporary temporary = Temporary::Unnamed);
  // Buffered; the first error is kept (later writes do nothing) and returned by sync()/commit().
  void write(std::string_view bytes);
  // Writes the buffer out and fsyncs the temporary, so that a commit() after it only renames: a
  // caller publishing several files syncs them all first and commits none if one fails.
  std::string sync();
  // sync(), then the temporary takes the target's name. Returns an empty string on success.
  std::string commit();

  const std::string& path() const { return m_path; }
  bool isOpen() const { return m_fd >= 0; }
  // Where the bytes are until commit(): "<path>.tmp.<pid>", or empty for an unnamed temporary.
  const std::string& temporaryPath() const { return m_temporary; }

 private:
  bool flushBuffer();
  bool writeOut(std::string_view bytes);
  void fail(const std::string& what, int error);
  void discard();

  std::string m_path;
  std::string m_temporary;
  std::string m_buffer;
  std::string m_error;
  int m_fd = -1;
  bool m_synced = false;
};

}  // namespace wirelab::models::scenario
