// The batch's worker pool with work that misbehaves: a run that throws is reported and its worker
// goes on; a run that crashes or exits takes only its worker down, is reported with the reason,
// and every other run, the ones after it that the same worker would have done included, still
// completes in a fresh worker. Each item's work leaves a marker file naming the process it ran in.
// A plan's follow-up work runs once the plan's items have ended, before the items still to do.
#include "models/scenario/batch.h"

#include <gtest/gtest.h>
#include <signal.h>
#include <sys/resource.h>
#include <unistd.h>

#include <filesystem>
#include <fstream>
#include <set>
#include <sstream>
#include <stdexcept>
#include <string>
#include <vector>

#include "tests/support/test_folder.h"

namespace wirelab::models::scenario {
namespace {

namespace fs = std::filesystem;

struct Fixture {
  Fixture() {
    plan.name = "misbehaving";
    for (int i = 0; i < 8; ++i) {
      items.push_back(BatchItem{&plan, RunPlan{0, i, "run-" + std::to_string(i)}, folder.path.string(), {}});
    }
  }
  fs::path marker(const BatchItem& item) const { return folder.path / (item.run.id + ".pid"); }
  // The process each item ran in (empty: it left no marker).
  std::string pidOf(std::size_t i) const {
    std::ifstream in(marker(items[i]));
    std::string pid;
    in >> pid;
    return pid;
  }

  testing::TestFolder folder{"wirelab-batch"};
  ScenarioPlan plan;
  std::vector<BatchItem> items;
};

// Work that writes the item's marker, except for `bad`, which misbehaves as `misbehave` says.
BatchWork markerWork(const Fixture& f, const std::string& bad, void (*misbehave)()) {
  return [&f, bad, misbehave](const BatchItem& item) {
    if (item.run.id == bad) misbehave();
    std::ofstream(f.marker(item)) << ::getpid();
  };
}

void crash() {
  const rlimit noCoreFile{0, 0};
  ::setrlimit(RLIMIT_CORE, &noCoreFile);
  ::signal(SIGSEGV, SIG_DFL);  // a sanitizer's handler would turn the crash into an exit
  ::raise(SIGSEGV);
}
void exitSeven() { ::_exit(7); }
void throwError() { throw std::runtime_error("the model refused its parameters"); }

// Every item has a result, in the order given; all succeeded but `bad`, whose error begins with
// `error`.
void expectOnlyFailure(const Fixture& f, const BatchOutcome& outcome, std::size_t bad,
                       const std::string& error) {
  EXPECT_FALSE(outcome.interrupted);
  ASSERT_EQ(outcome.results.size(), f.items.size());
  for (std::size_t i = 0; i < f.items.size(); ++i) {
    const BatchItemResult& r = outcome.results[i];
    EXPECT_EQ(r.id, f.items[i].run.id);
    EXPECT_EQ(r.scenario, "misbehaving");
    EXPECT_EQ(r.ok, i != bad) << r.id << ": " << r.error;
    EXPECT_EQ(f.pidOf(i).empty(), i == bad) << r.id;  // its work ran to the end, or it did not
  }
  EXPECT_EQ(outcome.results[bad].error.rfind(error, 0), 0u) << outcome.results[bad].error;
}

TEST(Batch, ACrashedRunIsReportedAndTheRunsAfterItInTheSameWorkerStillComplete) {
  Fixture f;
  BatchOptions options;
  options.jobs = 1;  // one worker: every run after the crash was that worker's to do
  options.work = markerWork(f, "run-3", crash);
  std::vector<std::string> progressed;
  options.progress = [&](const BatchProgress& p) { progressed.push_back(p.last->id); };
  const BatchOutcome outcome = runBatch(f.items, options);
  expectOnlyFailure(f, outcome, 3, "crashed: signal 11");
  EXPECT_EQ(progressed.size(), f.items.size());
  // One worker did runs 0-2 and died on run 3; a second one did the rest.
  EXPECT_EQ(f.pidOf(0), f.pidOf(2));
  EXPECT_EQ(f.pidOf(4), f.pidOf(7));
  EXPECT_NE(f.pidOf(2), f.pidOf(4));
  EXPECT_NE(f.pidOf(0), std::to_string(::getpid()));  // the work never runs in the caller
}

TEST(Batch, WithTwoWorkersACrashLosesOnlyItsOwnRun) {
  Fixture f;
  BatchOptions options;
  options.jobs = 2;
  options.work = markerWork(f, "run-1", crash);
  const BatchOutcome outcome = runBatch(f.items, options);
  expectOnlyFailure(f, outcome, 1, "crashed: signal 11");
  std::set<std::string> workers;
  for (std::size_t i = 0; i < f.items.size(); ++i) {
    if (i != 1) workers.insert(f.pidOf(i));
  }
  // At most the two workers and the one that replaced the crashed one (the other may well have
  // done every remaining run before the crash was noticed).
  EXPECT_LE(workers.size(), 3u);
}

TEST(Batch, ARunThatExitsIsReportedWithItsStatus) {
  Fixture f;
  BatchOptions options;
  options.work = markerWork(f, "run-0", exitSeven);
  expectOnlyFailure(f, runBatch(f.items, options), 0, "exited with status 7");
}

TEST(Batch, ARunThatThrowsIsReportedWithTheMessageAndItsWorkerGoesOn) {
  Fixture f;
  BatchOptions options;
  options.work = markerWork(f, "run-5", throwError);
  const BatchOutcome outcome = runBatch(f.items, options);
  expectOnlyFailure(f, outcome, 5, "the model refused its parameters");
  EXPECT_EQ(outcome.results[5].error, "the model refused its parameters");
  EXPECT_EQ(f.pidOf(0), f.pidOf(7));  // a thrown error does not cost the worker
}

std::string readText(const fs::path& path) {
  std::ifstream in(path);
  std::stringstream text;
  text << in.rdbuf();
  return text.str();
}

// Appends `line` to the log that shows the order in which a single worker did its tasks.
void logLine(const fs::path& log, const std::string& line) {
  std::ofstream(log, std::ios::app) << line << "\n";
}

TEST(Batch, APlansFollowUpRunsOnceItsItemsHaveEndedAheadOfTheItemsStillToDo) {
  Fixture f;
  ScenarioPlan second, empty;
  second.name = "second";
  empty.name = "empty";
  for (std::size_t i = 4; i < f.items.size(); ++i) f.items[i].plan = &second;
  const fs::path log = f.folder.path / "order.log";
  BatchOptions options;
  options.jobs = 1;  // one worker, so the log is the order of the tasks
  options.work = [&](const BatchItem& item) {
    if (item.run.id == "run-2") crash();  // a failed item still counts as ended
    logLine(log, item.run.id);
  };
  options.afterPlan = [&](const ScenarioPlan& plan) {
    if (plan.name == "second") throw std::runtime_error("no charts today");
    logLine(log, "after " + plan.name);
  };
  options.followUpPlans = {&f.plan, &empty, &second};
  const BatchOutcome outcome = runBatch(f.items, options);
  EXPECT_EQ(readText(log),
            "after empty\nrun-0\nrun-1\nrun-3\nafter misbehaving\nrun-4\nrun-5\nrun-6\nrun-7\n");
  ASSERT_EQ(outcome.followUps.size(), 3u);  // in the order of followUpPlans
  EXPECT_EQ(outcome.followUps[0].plan, &f.plan);
  EXPECT_TRUE(outcome.followUps[0].ok);
  EXPECT_EQ(outcome.followUps[1].plan, &empty);
  EXPECT_TRUE(outcome.followUps[1].ok);
  EXPECT_EQ(outcome.followUps[2].plan, &second);
  EXPECT_FALSE(outcome.followUps[2].ok);
  EXPECT_EQ(outcome.followUps[2].error, "no charts today");
  EXPECT_EQ(outcome.results.size(), f.items.size());
}

TEST(Batch, NoItemsIsAnEmptyOutcome) {
  const BatchOutcome outcome = runBatch({}, BatchOptions{});
  EXPECT_TRUE(outcome.results.empty());
  EXPECT_FALSE(outcome.interrupted);
}

}  // namespace
}  // namespace wirelab::models::scenario
