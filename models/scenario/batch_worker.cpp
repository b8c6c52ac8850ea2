#include "models/scenario/batch_worker.h"

#include <fcntl.h>
#include <signal.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cerrno>
#include <chrono>
#include <cstdint>
#include <cstdio>
#include <cstring>
#include <exception>

namespace wirelab::models::scenario {

namespace {

// A report on the wire: this header, then `errorLength` bytes of the error message.
struct ReportHeader {
  std::uint64_t task;
  double wallSeconds;
  std::uint32_t errorLength;
  std::uint8_t ok;
};

// Moves `size` bytes through `io` (read or write), retrying short transfers and EINTR; false at
// end of file or on an error before all were moved.
template <typename Io, typename Byte>
bool transferAll(Io io, int fd, Byte* data, std::size_t size) {
  while (size > 0) {
    const ssize_t n = io(fd, data, size);
    if (n < 0 && errno == EINTR) continue;
    if (n <= 0) return false;
    data += n;
    size -= static_cast<std::size_t>(n);
  }
  return true;
}

bool writeAll(int fd, const void* data, std::size_t size) {
  return transferAll(::write, fd, static_cast<const char*>(data), size);
}

bool readAll(int fd, void* data, std::size_t size) {
  return transferAll(::read, fd, static_cast<char*>(data), size);
}

// Runs in the child: never returns.
[[noreturn]] void workerLoop(const BatchTask& task, int commands, int reports) {
  signal(SIGINT, SIG_DFL);
  signal(SIGTERM, SIG_DFL);
  signal(SIGPIPE, SIG_DFL);
  sigset_t interrupts;
  sigemptyset(&interrupts);
  sigaddset(&interrupts, SIGINT);
  sigaddset(&interrupts, SIGTERM);
  sigprocmask(SIG_UNBLOCK, &interrupts, nullptr);
  std::uint64_t index = 0;
  while (readAll(commands, &index, sizeof index)) {
    const auto started = std::chrono::steady_clock::now();
    std::string error;
    bool ok = false;
    try {
      task(static_cast<std::size_t>(index));
      ok = true;
    } catch (const std::exception& e) {
      error = e.what();
    } catch (...) {
      error = "unknown exception";
    }
    std::fflush(nullptr);   // the worker ends with _exit, which would drop what the task printed
    ReportHeader header{};  // zeroed, padding too: the bytes go through a pipe whole
    header.task = index;
    header.wallSeconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - started).count();
    header.errorLength = static_cast<std::uint32_t>(error.size());
    header.ok = ok ? 1 : 0;
    // One buffer, so the parent never sees a header whose message is still to come from a later write.
    std::string message(reinterpret_cast<const char*>(&header), sizeof header);
    message += error;
    if (!writeAll(reports, message.data(), message.size())) break;
  }
  // _exit: no static destructors, no flushing of the parent's copied stdio buffers.
  ::_exit(0);
}

}  // namespace

std::optional<BatchWorker> startBatchWorker(const BatchTask& task, const std::vector<int>& othersFds) {
  int commands[2], reports[2];
  if (::pipe2(commands, O_CLOEXEC) != 0) return std::nullopt;
  if (::pipe2(reports, O_CLOEXEC) != 0) {
    const int saved = errno;
    ::close(commands[0]);
    ::close(commands[1]);
    errno = saved;
    return std::nullopt;
  }
  std::fflush(nullptr);  // a child must not inherit unflushed output
  const pid_t pid = ::fork();
  if (pid == 0) {
    for (const int fd : othersFds) ::close(fd);
    ::close(commands[1]);
    ::close(reports[0]);
    workerLoop(task, commands[0], reports[1]);
  }
  const int saved = errno;
  ::close(commands[0]);
  ::close(reports[1]);
  if (pid < 0) {
    ::close(commands[1]);
    ::close(reports[0]);
    errno = saved;
    return std::nullopt;
  }
  BatchWorker worker;
  worker.pid = pid;
  worker.commands = commands[1];
  worker.reports = reports[0];
  return worker;
}

bool sendBatchTask(BatchWorker& worker, std::size_t index) {
  const std::uint64_t wire = index;
  if (!writeAll(worker.commands, &wire, sizeof wire)) return false;
  worker.task = index;
  worker.sentAt = std::chrono::steady_clock::now();
  return true;
}

std::optional<BatchWorkerReport> readBatchWorkerReport(const BatchWorker& worker) {
  ReportHeader header{};
  if (!readAll(worker.reports, &header, sizeof header)) return std::nullopt;
  BatchWorkerReport report;
  report.task = static_cast<std::size_t>(header.task);
  report.ok = header.ok != 0;
  report.wallSeconds = header.wallSeconds;
  report.error.resize(header.errorLength);
  if (!readAll(worker.reports, report.error.data(), report.error.size())) return std::nullopt;
  return report;
}

int stopBatchWorker(BatchWorker& worker) {
  if (worker.commands >= 0) ::close(worker.commands);
  if (worker.reports >= 0) ::close(worker.reports);
  worker.commands = worker.reports = -1;
  int status = 0;
  while (::waitpid(worker.pid, &status, 0) < 0 && errno == EINTR) {
  }
  return status;
}

}  // namespace wirelab::models::scenario
