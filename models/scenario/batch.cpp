#include "models/scenario/batch.h"

#include <fcntl.h>
#include <signal.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cerrno>
#include <chrono>
#include <cstring>
#include <exception>
#include <map>

#include "models/scenario/output.h"
#include "models/scenario/runner.h"

namespace wirelab::models::scenario {

namespace {

volatile sig_atomic_t g_interrupted = 0;
void onInterrupt(int) { g_interrupted = 1; }

struct Child {
  std::size_t item;
  int errorPipe;  // read end: the child's error message, if any
  std::chrono::steady_clock::time_point started;
};

// Runs in the child: never returns.
[[noreturn]] void runChild(const BatchItem& item, int errorPipe) {
  signal(SIGINT, SIG_DFL);
  signal(SIGTERM, SIG_DFL);
  std::string error;
  try {
    const RunResults results = executeRun(*item.plan, item.run, item.captures, item.outDir);
    error = writeRunFile(item.outDir, item.run, results);
  } catch (const std::exception& e) {
    error = e.what();
  } catch (...) {
    error = "unknown exception";
  }
  if (!error.empty()) {
    const ssize_t ignored = ::write(errorPipe, error.data(), error.size());
    (void)ignored;
  }
  ::close(errorPipe);
  // _exit: no static destructors, no flushing of the parent's copied stdio buffers.
  ::_exit(error.empty() ? 0 : 3);
}

std::string readAll(int fd) {
  std::string out;
  char buf[4096];
  for (;;) {
    const ssize_t n = ::read(fd, buf, sizeof buf);
    if (n > 0) {
      out.append(buf, static_cast<std::size_t>(n));
    } else if (n < 0 && errno == EINTR) {
      continue;
    } else {
      break;
    }
  }
  ::close(fd);
  return out;
}

}  // namespace

BatchOutcome runBatch(const std::vector<BatchItem>& items, const BatchOptions& options) {
  BatchOutcome outcome;
  g_interrupted = 0;
  struct sigaction action {};
  action.sa_handler = onInterrupt;
  sigemptyset(&action.sa_mask);
  struct sigaction oldInt {
  }, oldTerm{};
  sigaction(SIGINT, &action, &oldInt);
  sigaction(SIGTERM, &action, &oldTerm);

  const auto start = std::chrono::steady_clock::now();
  std::map<pid_t, Child> running;
  std::map<std::size_t, BatchItemResult> ended;
  BatchProgress progress;
  progress.total = items.size();
  std::size_t next = 0;
  const int jobs = options.jobs < 1 ? 1 : options.jobs;

  while ((next < items.size() && !g_interrupted) || !running.empty()) {
    while (next < items.size() && !g_interrupted && static_cast<int>(running.size()) < jobs) {
      int fds[2];
      if (::pipe2(fds, O_CLOEXEC) != 0) break;
      std::fflush(nullptr);  // a child must not inherit unflushed output
      const pid_t pid = ::fork();
      if (pid == 0) {
        ::close(fds[0]);
        runChild(items[next], fds[1]);
      }
      ::close(fds[1]);
      if (pid < 0) {
        ::close(fds[0]);
        BatchItemResult r{items[next].plan,
                          items[next].plan->name,
                          items[next].run.id,
                          false,
                          std::string("cannot fork: ") + std::strerror(errno),
                          0};
        ended[next] = r;
        ++next;
        continue;
      }
      running[pid] = Child{next, fds[0], std::chrono::steady_clock::now()};
      ++next;
    }
    if (running.empty()) break;
    int status = 0;
    const pid_t pid = ::waitpid(-1, &status, 0);
    if (pid < 0) {
      if (errno == EINTR) {
        if (g_interrupted) {
          for (const auto& [p, c] : running) ::kill(p, SIGTERM);
        }
        continue;
      }
      break;
    }
    auto it = running.find(pid);
    if (it == running.end()) continue;
    const Child child = it->second;
    running.erase(it);
    const BatchItem& item = items[child.item];
    BatchItemResult r;
    r.plan = item.plan;
    r.scenario = item.plan->name;
    r.id = item.run.id;
    r.wallSeconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - child.started).count();
    const std::string message = readAll(child.errorPipe);
    if (WIFEXITED(status) && WEXITSTATUS(status) == 0) {
      r.ok = true;
    } else if (WIFSIGNALED(status)) {
      r.error = g_interrupted ? "interrupted"
                              : "crashed: signal " + std::to_string(WTERMSIG(status)) + " (" +
                                    strsignal(WTERMSIG(status)) + ")";
    } else {
      r.error = message.empty() ? "exited with status " + std::to_string(WEXITSTATUS(status)) : message;
    }
    ++progress.done;
    if (!r.ok) ++progress.failed;
    ended[child.item] = r;
    progress.elapsedSeconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
    progress.last = &ended[child.item];
    if (options.progress) options.progress(progress);
  }
  outcome.interrupted = g_interrupted != 0;
  for (auto& [index, r] : ended) outcome.results.push_back(std::move(r));
  sigaction(SIGINT, &oldInt, nullptr);
  sigaction(SIGTERM, &oldTerm, nullptr);
  return outcome;
}

}  // namespace wirelab::models::scenario
