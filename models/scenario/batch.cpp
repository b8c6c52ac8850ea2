#include "models/scenario/batch.h"

#include <poll.h>
#include <signal.h>
#include <sys/wait.h>

#include <cerrno>
#include <chrono>
#include <cstring>
#include <map>
#include <stdexcept>

#include "models/scenario/batch_worker.h"
#include "models/scenario/output.h"
#include "models/scenario/runner.h"

namespace wirelab::models::scenario {

namespace {

volatile sig_atomic_t g_interrupted = 0;
void onInterrupt(int) { g_interrupted = 1; }

// Why a worker ended while it held a task.
std::string endedWithout(int status) {
  if (g_interrupted) return "interrupted";
  if (WIFSIGNALED(status)) {
    return "crashed: signal " + std::to_string(WTERMSIG(status)) + " (" + strsignal(WTERMSIG(status)) + ")";
  }
  return "exited with status " + std::to_string(WEXITSTATUS(status));
}

// For the batch's lifetime: SIGINT and SIGTERM set g_interrupted, and are blocked except while
// the scheduler waits in ppoll (so an interrupt cannot slip in between the check and the wait);
// SIGPIPE is ignored, so writing to a worker that just died fails with EPIPE instead of ending
// the batch. Workers restore all three for themselves.
class SignalScope {
 public:
  SignalScope() {
    g_interrupted = 0;
    struct sigaction action {};
    action.sa_handler = onInterrupt;
    sigemptyset(&action.sa_mask);
    sigaction(SIGINT, &action, &m_oldInt);
    sigaction(SIGTERM, &action, &m_oldTerm);
    struct sigaction ignore {};
    ignore.sa_handler = SIG_IGN;
    sigemptyset(&ignore.sa_mask);
    sigaction(SIGPIPE, &ignore, &m_oldPipe);
    sigset_t interrupts;
    sigemptyset(&interrupts);
    sigaddset(&interrupts, SIGINT);
    sigaddset(&interrupts, SIGTERM);
    sigprocmask(SIG_BLOCK, &interrupts, &m_oldMask);
    m_waitMask = m_oldMask;
    sigdelset(&m_waitMask, SIGINT);
    sigdelset(&m_waitMask, SIGTERM);
  }
  ~SignalScope() {
    sigprocmask(SIG_SETMASK, &m_oldMask, nullptr);
    sigaction(SIGINT, &m_oldInt, nullptr);
    sigaction(SIGTERM, &m_oldTerm, nullptr);
    sigaction(SIGPIPE, &m_oldPipe, nullptr);
  }
  SignalScope(const SignalScope&) = delete;
  SignalScope& operator=(const SignalScope&) = delete;
  // The signal mask to wait with: the caller's, interrupts let through.
  const sigset_t* waitMask() const { return &m_waitMask; }

 private:
  struct sigaction m_oldInt {};
  struct sigaction m_oldTerm {};
  struct sigaction m_oldPipe {};
  sigset_t m_oldMask{};
  sigset_t m_waitMask{};
};

std::vector<int> pipesOf(const std::vector<BatchWorker>& workers) {
  std::vector<int> fds;
  for (const BatchWorker& w : workers) {
    fds.push_back(w.commands);
    fds.push_back(w.reports);
  }
  return fds;
}

// What is still to be handed out: follow-ups that are due first, then items in order. Task
// indices: items are 0..n-1, the follow-up of followUpPlans[k] is n + k.
class TaskQueue {
 public:
  TaskQueue(const std::vector<BatchItem>& items, const BatchOptions& options)
      : m_items(items.size()),
        m_plans(options.afterPlan ? options.followUpPlans : std::vector<const ScenarioPlan*>{}) {
    for (const BatchItem& item : items) ++m_itemsLeft[item.plan];
    for (std::size_t k = 0; k < m_plans.size(); ++k) {
      if (m_itemsLeft[m_plans[k]] == 0) m_due.push_back(m_items + k);
    }
  }
  bool empty() const { return m_due.empty() && m_nextItem >= m_items; }
  std::size_t front() const { return m_due.empty() ? m_nextItem : m_due.front(); }
  void pop() {
    if (m_due.empty()) {
      ++m_nextItem;
    } else {
      m_due.erase(m_due.begin());
    }
  }
  // An item of `plan` has ended: once a plan's items have all ended, its follow-up is due.
  void itemEnded(const ScenarioPlan* plan) {
    if (--m_itemsLeft[plan] > 0) return;
    for (std::size_t k = 0; k < m_plans.size(); ++k) {
      if (m_plans[k] == plan) m_due.push_back(m_items + k);
    }
  }
  bool isItem(std::size_t task) const { return task < m_items; }
  const ScenarioPlan* followUpPlan(std::size_t task) const { return m_plans[task - m_items]; }

 private:
  std::size_t m_items;
  std::vector<const ScenarioPlan*> m_plans;
  std::map<const ScenarioPlan*, std::size_t> m_itemsLeft;
  std::vector<std::size_t> m_due;
  std::size_t m_nextItem = 0;
};

}  // namespace

void runAndWriteRunFile(const BatchItem& item) {
  const RunResults results = executeRun(*item.plan, item.run, item.captures, item.outDir);
  const std::string error = writeRunFile(item.outDir, item.run, results);
  if (!error.empty()) throw std::runtime_error(error);
}

BatchOutcome runBatch(const std::vector<BatchItem>& items, const BatchOptions& options) {
  const SignalScope signals;
  const auto start = std::chrono::steady_clock::now();
  const std::size_t jobs = options.jobs < 1 ? 1 : static_cast<std::size_t>(options.jobs);
  TaskQueue queue(items, options);
  const BatchTask task = [&](std::size_t index) {
    if (queue.isItem(index)) {
      options.work(items[index]);
    } else {
      options.afterPlan(*queue.followUpPlan(index));
    }
  };
  std::vector<BatchWorker> workers;
  std::map<std::size_t, BatchItemResult> ended;
  std::map<std::size_t, BatchFollowUpResult> followUps;
  BatchProgress progress;
  progress.total = items.size();
  bool killed = false;

  const auto finish = [&](std::size_t index, bool ok, std::string error, double wallSeconds) {
    if (!queue.isItem(index)) {
      followUps[index] = BatchFollowUpResult{queue.followUpPlan(index), ok, std::move(error)};
      return;
    }
    const BatchItem& item = items[index];
    BatchItemResult& r = ended[index];
    r = BatchItemResult{item.plan, item.plan->name, item.run.id, ok, std::move(error), wallSeconds};
    queue.itemEnded(item.plan);
    ++progress.done;
    if (!r.ok) ++progress.failed;
    progress.elapsedSeconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
    progress.last = &r;
    if (options.progress) options.progress(progress);
  };

  for (;;) {
    // Hand out tasks: to idle workers first, then to new workers up to `jobs`. A worker that
    // cannot take one is gone (it died while idle) and is replaced.
    for (auto it = workers.begin(); it != workers.end();) {
      const bool wantsTask = !it->task && !queue.empty() && !g_interrupted;
      if (wantsTask && !sendBatchTask(*it, queue.front())) {
        stopBatchWorker(*it);
        it = workers.erase(it);
        continue;
      }
      if (wantsTask) queue.pop();
      ++it;
    }
    while (workers.size() < jobs && !queue.empty() && !g_interrupted) {
      auto worker = startBatchWorker(task, pipesOf(workers));
      if (worker && sendBatchTask(*worker, queue.front())) {
        workers.push_back(*worker);
        queue.pop();
        continue;
      }
      const std::string why = std::string("cannot start a worker: ") + std::strerror(errno);
      if (worker) stopBatchWorker(*worker);
      if (!workers.empty()) break;  // go on with the workers there are
      const std::size_t lost = queue.front();
      queue.pop();
      finish(lost, false, why, 0);
    }
    if (g_interrupted && !killed) {
      for (const BatchWorker& w : workers) {
        if (w.task) ::kill(w.pid, SIGTERM);
      }
      killed = true;
    }
    std::vector<pollfd> busy;
    for (const BatchWorker& w : workers) {
      if (w.task) busy.push_back(pollfd{w.reports, POLLIN, 0});
    }
    if (busy.empty()) break;
    if (::ppoll(busy.data(), busy.size(), nullptr, signals.waitMask()) < 0) {
      if (errno == EINTR) continue;
      break;
    }
    for (const pollfd& p : busy) {
      if (p.revents == 0) continue;
      auto it = workers.begin();
      while (it->reports != p.fd) ++it;
      if (auto report = readBatchWorkerReport(*it)) {
        it->task.reset();
        finish(report->task, report->ok, std::move(report->error), report->wallSeconds);
        continue;
      }
      // The worker ended holding its task: that run crashed (or was killed); the others go on.
      const std::size_t lost = *it->task;
      const double wallSeconds =
          std::chrono::duration<double>(std::chrono::steady_clock::now() - it->sentAt).count();
      const int status = stopBatchWorker(*it);
      workers.erase(it);
      finish(lost, false, endedWithout(status), wallSeconds);
    }
  }
  for (BatchWorker& w : workers) stopBatchWorker(w);

  BatchOutcome outcome;
  outcome.interrupted = g_interrupted != 0;
  for (auto& [index, r] : ended) outcome.results.push_back(std::move(r));
  for (auto& [index, r] : followUps) outcome.followUps.push_back(std::move(r));
  return outcome;
}

}  // namespace wirelab::models::scenario
