// File: app/cli/background_removal.h
// Removing folders while the caller goes on: a batch that reruns into an earlier output folder
// sets the old run files aside with one rename and has them removed here while the runs go on
// (removing hundreds of run files one by one took up to a second before the first run could
// start). The removal is a child process; the destructor waits for it, so nothing outlives the
// command. A set-aside folder that an interrupt leaves behind is removed by the next batch.
#pragma once

#include <sys/types.h>

#include <filesystem>
#include <vector>

namespace wirelab::app::cli {

class BackgroundRemoval {
 public:
  // Starts removing `dirs` (recursively). Removes them at once if no child process can be made.
  explicit BackgroundRemoval(const std::vector<std::filesystem::path>& dirs);
  ~BackgroundRemoval();  // waits until the removal is done
  BackgroundRemoval(const BackgroundRemoval&) = delete;
  BackgroundRemoval& operator=(const BackgroundRemoval&) = delete;

 private:
  pid_t m_child = -1;
};

}  // namespace wirelab::app::cli
