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

}  // namespace

std::string writeFileAtomically(const std::string& path, const std::string& contents) {
  namespace fs = std::filesystem;
  std::error_code ec;
  const fs::path target(path);
  if (target.has_parent_path()) fs::create_directories(target.parent_path(), ec);
  if (ec) return "cannot create " + target.parent_path().string() + ": " + ec.message();
  // The pid keeps concurrent writers (batch jobs) from sharing a temporary.
  const std::string temporary = path + ".tmp." + std::to_string(::getpid());
  const InterruptsHeld held;
  const int fd = ::open(temporary.c_str(), O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0644);
  if (fd < 0) return "cannot write " + temporary + ": " + std::strerror(errno);
  std::size_t written = 0;
  while (written < contents.size()) {
    const ssize_t n = ::write(fd, contents.data() + written, contents.size() - written);
    if (n < 0) {
      if (errno == EINTR) continue;
      const std::string error = std::strerror(errno);
      ::close(fd);
      ::unlink(temporary.c_str());
      return "cannot write " + temporary + ": " + error;
    }
    written += static_cast<std::size_t>(n);
  }
  if (::fsync(fd) != 0 || ::close(fd) != 0) {
    const std::string error = std::strerror(errno);
    ::unlink(temporary.c_str());
    return "cannot write " + temporary + ": " + error;
  }
  if (::rename(temporary.c_str(), path.c_str()) != 0) {
    const std::string error = std::strerror(errno);
    ::unlink(temporary.c_str());
    return "cannot rename " + temporary + " to " + path + ": " + error;
  }
  return "";
}

}  // namespace wirelab::models::scenario
