#include "app/cli/background_removal.h"

#include <sys/wait.h>
#include <unistd.h>

#include <cerrno>
#include <cstdio>

namespace wirelab::app::cli {

namespace {

void removeAll(const std::vector<std::filesystem::path>& dirs) {
  for (const auto& dir : dirs) {
    std::error_code ec;
    std::filesystem::remove_all(dir, ec);
  }
}

}  // namespace

BackgroundRemoval::BackgroundRemoval(const std::vector<std::filesystem::path>& dirs) {
  if (dirs.empty()) return;
  std::fflush(nullptr);  // a child must not inherit unflushed output
  m_child = ::fork();
  if (m_child == 0) {
    removeAll(dirs);
    ::_exit(0);  // no static destructors, no flushing of the parent's copied stdio buffers
  }
  if (m_child < 0) removeAll(dirs);
}

BackgroundRemoval::~BackgroundRemoval() {
  if (m_child <= 0) return;
  while (::waitpid(m_child, nullptr, 0) < 0 && errno == EINTR) {
  }
}

}  // namespace wirelab::app::cli
