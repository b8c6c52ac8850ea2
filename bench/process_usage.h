// File: bench/process_usage.h
// What the timed bench programs report about their own process: CPU time (user + system, the
// clock their events-per-CPU-second figures divide by) and memory from /proc/self/status.
#pragma once

#include <ctime>
#include <fstream>
#include <string>

namespace wirelab::bench {

// Seconds of CPU this process has used so far (CLOCK_PROCESS_CPUTIME_ID).
inline double processCpuSeconds() {
  timespec ts{};
  clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &ts);
  return static_cast<double>(ts.tv_sec) + static_cast<double>(ts.tv_nsec) * 1e-9;
}

// A "Key:" line of /proc/self/status in KiB ("VmRSS:" now, "VmHWM:" the peak), or -1.
inline long procStatusKiB(const char* key) {
  std::ifstream status("/proc/self/status");
  std::string line;
  while (std::getline(status, line)) {
    if (line.rfind(key, 0) == 0) return std::stol(line.substr(std::string(key).size()));
  }
  return -1;
}

}  // namespace wirelab::bench
