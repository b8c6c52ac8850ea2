#include "models/scenario/atomic_file.h"

#include <fcntl.h>
#include <signal.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <filesystem>

namespace wirelab::models::scenario {

namespace {

// Holds SIGINT and SIGTERM back while it lives: a batch ends its workers with SIGTERM on an
// interrupt (and Ctrl-C reaches them too); one that is writing a file then finishes the write and
// the rename first, so an interrupt never leaves a stray temporary beside the kept run files.
class InterruptsHeld {
 public:
  InterruptsHeld() {
    sigset_t interrupts;
    sigemptyset(&interrupts);
    sigaddset(&interrupts, SIGINT);
    sigaddset(&interrupts, SIGTERM);
    sigprocmask(SIG_BLOCK, &interrupts, &m_old);
  }
  ~InterruptsHeld() { sigprocmask(SIG_SETMASK, &m_old, nullptr); }
  InterruptsHeld(const InterruptsHeld&) = delete;
  InterruptsHeld& operator=(const InterruptsHeld&) = delete;

 private:
  sigset_t m_old{};
};

// The pid keeps concurrent writers (batch jobs) from sharing a temporary name.
std::string temporaryNameFor(const std::string& path) { return path + ".tmp." + std::to_string(::getpid()); }

}  // namespace

std::string writeFileAtomically(const std::string& path, const std::string& contents) {
  // Held for the whole write: with a named temporary (file systems without O_TMPFILE) an
  // interrupt must not come between its creation and its rename.
  const InterruptsHeld held;
  AtomicFile file;
  if (std::string error = file.open(path); !error.empty()) return error;
  file.write(contents);
  return file.commit();
}

AtomicFile::~AtomicFile() { discard(); }

std::string AtomicFile::open(const std::string& path, Temporary temporary) {
  namespace fs = std::filesystem;
  discard();
  m_path = path;
  m_error.clear();
  m_synced = false;
  std::error_code ec;
  const fs::path target(path);
  const fs::path folder = target.has_parent_path() ? target.parent_path() : fs::path(".");
  fs::create_directories(folder, ec);
  if (ec) {
    m_error = "cannot write " + path + ": cannot create " + folder.string() + ": " + ec.message();
    return m_error;
  }
  // commit() names an unnamed temporary through /proc: without it, a named one from the start.
  if (temporary == Temporary::Unnamed && ::access("/proc/self/fd", F_OK) == 0) {
    // O_TMPFILE (Linux): an inode in the target's directory without a name until commit() links
    // it, so nothing is left behind if the process dies first.
    m_fd = ::open(folder.c_str(), O_TMPFILE | O_WRONLY | O_CLOEXEC, 0644);
    const bool unsupported = m_fd < 0 && (errno == EOPNOTSUPP || errno == EISDIR || errno == EINVAL);
    if (m_fd < 0 && !unsupported) {
      fail("cannot write", errno);
      return m_error;
    }
  }
  if (m_fd < 0) {
    m_temporary = temporaryNameFor(path);
    m_fd = ::open(m_temporary.c_str(), O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0644);
    if (m_fd < 0) {
      const int error = errno;
      m_temporary.clear();
      fail("cannot write", error);
      return m_error;
    }
  }
  m_buffer.reserve(kBufferBytes);
  return "";
}

void AtomicFile::write(std::string_view bytes) {
  if (m_fd < 0 || !m_error.empty()) return;
  m_synced = false;
  if (m_buffer.size() + bytes.size() > kBufferBytes && !flushBuffer()) return;
  // Larger than the buffer: straight through (the buffer is empty then, so the order holds).
  if (bytes.size() >= kBufferBytes) {
    writeOut(bytes);
  } else {
    m_buffer.append(bytes);
  }
}

bool AtomicFile::flushBuffer() {
  if (!writeOut(m_buffer)) return false;
  m_buffer.clear();
  return true;
}

bool AtomicFile::writeOut(std::string_view bytes) {
  std::size_t written = 0;
  while (written < bytes.size()) {
    const ssize_t n = ::write(m_fd, bytes.data() + written, bytes.size() - written);
    if (n < 0) {
      if (errno == EINTR) continue;
      fail("cannot write", errno);
      return false;
    }
    written += static_cast<std::size_t>(n);
  }
  return true;
}

std::string AtomicFile::sync() {
  if (m_fd < 0 && m_error.empty()) m_error = "cannot write " + m_path + ": not open";
  if (!m_error.empty() || m_synced) return m_error;
  if (flushBuffer() && ::fsync(m_fd) != 0) fail("cannot write", errno);
  m_synced = m_error.empty();
  return m_error;
}

std::string AtomicFile::commit() {
  if (!sync().empty()) {
    discard();
    return m_error;
  }
  const InterruptsHeld held;  // from here on the temporary has a name until the rename
  if (m_temporary.empty()) {
    // An unnamed temporary gets a name through /proc (open(2), O_TMPFILE): linkat() cannot
    // replace an existing file, rename() can, atomically.
    const std::string name = temporaryNameFor(m_path);
    const std::string self = "/proc/self/fd/" + std::to_string(m_fd);
    ::unlink(name.c_str());  // one left by a killed process that had our pid
    if (::linkat(AT_FDCWD, self.c_str(), AT_FDCWD, name.c_str(), AT_SYMLINK_FOLLOW) != 0) {
      fail("cannot link the temporary of", errno);
      discard();
      return m_error;
    }
    m_temporary = name;
  }
  const int closed = ::close(m_fd);
  m_fd = -1;
  if (closed != 0) {
    fail("cannot write", errno);
  } else if (::rename(m_temporary.c_str(), m_path.c_str()) != 0) {
    m_error = "cannot rename " + m_temporary + " to " + m_path + ": " + std::strerror(errno);
  }
  if (!m_error.empty()) {
    discard();
    return m_error;
  }
  m_temporary.clear();
  m_buffer.clear();
  m_buffer.shrink_to_fit();
  return "";
}

void AtomicFile::fail(const std::string& what, int error) {
  if (m_error.empty()) m_error = what + " " + m_path + ": " + std::strerror(error);
}

void AtomicFile::discard() {
  if (m_fd >= 0) ::close(m_fd);
  m_fd = -1;
  if (!m_temporary.empty()) ::unlink(m_temporary.c_str());
  m_temporary.clear();
  m_buffer.clear();
}

}  // namespace wirelab::models::scenario
