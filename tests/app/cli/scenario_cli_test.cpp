// The scenario verbs end to end, through the real `wirelab` program: exit codes, nothing written
// on bad input, shards merged equal to one batch, --resume doing only what is missing, JUnit.
#include <gtest/gtest.h>
#include <signal.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <map>
#include <sstream>
#include <string>
#include <vector>

#include "tests/support/files_under.h"
#include "tests/support/read_file.h"
#include "tests/support/test_folder.h"

namespace {

namespace fs = std::filesystem;
using wirelab::testing::filesUnder;

const char* const kScenario = R"(wirelab: 1
name: cli-test
seed: 3
replications: 2
duration: 20s
topology:
  nodes: [client, server]
  links: [{between: [client, server], rate: 1Gbps, delay: 50ms}]
workloads:
  - {kind: page-load, name: page, client: client, server: server, protocol: http1,
     page: {base: 8KB, objects: 6, object_size: 1KB}}
sweep:
  workloads[0].protocol: [http1, http2]
expectations:
  - page.page_load_time.mean[protocol=http2] <= page.page_load_time.mean[protocol=http1]
)";

struct Sandbox {
  fs::path write(const std::string& name, const std::string& text) const {
    std::ofstream(dir / name) << text;
    return dir / name;
  }
  // Runs wirelab with `args` (and the environment assignments `env`, "NAME=VALUE ..."); returns
  // its exit code, stderr in `err`.
  int wirelab(const std::string& args, std::string* err = nullptr, const std::string& env = "") const {
    const fs::path errFile = dir / "stderr.txt";
    const std::string cmd = "QT_QPA_PLATFORM=offscreen " + env + " " + std::string(WIRELAB_BINARY) + " " +
                            args + " >" + (dir / "stdout.txt").string() + " 2>" + errFile.string();
    const int status = std::system(cmd.c_str());
    if (err != nullptr) *err = slurp(errFile);
    return WIFEXITED(status) ? WEXITSTATUS(status) : -1;
  }
  static std::string slurp(const fs::path& p) { return wirelab::testing::readFile(p); }
  wirelab::testing::TestFolder folder{"wirelab-cli"};
  const fs::path& dir = folder.path;
};

TEST(ScenarioCli, RunWritesResultsChartsAndExitsZero) {
  Sandbox s;
  const fs::path file = s.write("s.yaml", kScenario);
  ASSERT_EQ(
      s.wirelab("run " + file.string() + " --out " + (s.dir / "out").string() + " --jobs 2 --formats png"),
      0);
  EXPECT_TRUE(fs::exists(s.dir / "out" / "results.json"));
  EXPECT_TRUE(fs::exists(s.dir / "out" / "scenario.yaml"));
  EXPECT_TRUE(fs::exists(s.dir / "out" / "runs" / "case-1-r01.json"));
  EXPECT_TRUE(fs::exists(s.dir / "out" / "charts" / "cdf_page_page_load_time.png"));
}

TEST(ScenarioCli, BadInputIsOneMessagePerProblemExitTwoAndNothingWritten) {
  Sandbox s;
  std::string bad = kScenario;
  bad.replace(bad.find("delay: 50ms"), 11, "delay: 50mz");
  bad.replace(bad.find("objects: 6"), 10, "objcts: 6");
  const fs::path file = s.write("bad.yaml", bad);
  std::string err;
  EXPECT_EQ(s.wirelab("run " + file.string() + " --out " + (s.dir / "out").string(), &err), 2);
  EXPECT_FALSE(fs::exists(s.dir / "out"));
  EXPECT_NE(err.find("bad.yaml:8:61: topology.links[0].delay: unknown unit"), std::string::npos) << err;
  EXPECT_NE(err.find("workloads[0].page.objcts: unknown key \"objcts\"; did you mean \"objects\"?"),
            std::string::npos)
      << err;
  EXPECT_EQ(s.wirelab("validate " + file.string()), 2);
  EXPECT_EQ(s.wirelab("validate " + s.write("good.yaml", kScenario).string()), 0);
  EXPECT_EQ(s.wirelab("run " + file.string() + " --jobs 0", &err), 2);
  EXPECT_NE(err.find("--jobs"), std::string::npos) << err;
  EXPECT_EQ(s.wirelab("batch --shard 3/2 " + file.string(), &err), 2);
  EXPECT_EQ(s.wirelab("run " + (s.dir / "missing.yaml").string(), &err), 2);
  EXPECT_NE(err.find("missing.yaml: no such file"), std::string::npos) << err;
}

TEST(ScenarioCli, AFailedExpectationExitsOne) {
  Sandbox s;
  std::string text = kScenario;
  text.replace(text.find("<= page"), 7, ">  page");
  const fs::path file = s.write("s.yaml", text);
  EXPECT_EQ(s.wirelab("run " + file.string() + " --out " + (s.dir / "out").string() + " --formats none"), 1);
  EXPECT_NE(Sandbox::slurp(s.dir / "out" / "results.json").find("\"passed\": false"), std::string::npos);
}

TEST(ScenarioCli, ShardsMergeEqualToOneBatchAndResumeRunsOnlyWhatIsMissing) {
  Sandbox s;
  s.write("a.yaml", kScenario);
  std::string b = kScenario;
  b.replace(b.find("name: cli-test"), 14, "name: cli-test-b");
  s.write("b.yaml", b);
  fs::create_directories(s.dir / "scenarios");
  fs::rename(s.dir / "a.yaml", s.dir / "scenarios" / "a.yaml");
  fs::rename(s.dir / "b.yaml", s.dir / "scenarios" / "b.yaml");
  const std::string in = (s.dir / "scenarios").string();
  ASSERT_EQ(s.wirelab("batch " + in + " --jobs 2 --formats none --out " + (s.dir / "all").string()), 0);
  ASSERT_EQ(s.wirelab("batch " + in + " --shard 1/3 --formats none --out " + (s.dir / "s1").string()), 0);
  ASSERT_EQ(s.wirelab("batch " + in + " --shard 2/3 --formats none --out " + (s.dir / "s2").string()), 0);
  ASSERT_EQ(s.wirelab("batch " + in + " --shard 3/3 --formats none --out " + (s.dir / "s3").string()), 0);
  EXPECT_FALSE(fs::exists(s.dir / "s1" / "a" / "results.json"));  // a shard does not aggregate
  ASSERT_EQ(s.wirelab("merge " + (s.dir / "s1").string() + " " + (s.dir / "s2").string() + " " +
                      (s.dir / "s3").string() + " --formats none --out " + (s.dir / "merged").string()),
            0);
  for (const char* name : {"a", "b"}) {
    const std::string one = Sandbox::slurp(s.dir / "all" / name / "results.json");
    ASSERT_FALSE(one.empty());
    EXPECT_EQ(one, Sandbox::slurp(s.dir / "merged" / name / "results.json")) << name;
  }
  // An interrupted batch: two run files and the results are gone; --resume runs just those two.
  fs::remove(s.dir / "all" / "a" / "runs" / "case-0-r01.json");
  fs::remove(s.dir / "all" / "b" / "runs" / "case-1-r00.json");
  const std::string before = Sandbox::slurp(s.dir / "all" / "a" / "results.json");
  fs::remove(s.dir / "all" / "a" / "results.json");
  ASSERT_EQ(s.wirelab("batch " + in + " --resume --formats none --junit " + (s.dir / "junit.xml").string() +
                      " --out " + (s.dir / "all").string()),
            0);
  EXPECT_EQ(Sandbox::slurp(s.dir / "all" / "a" / "results.json"), before);
  const std::string junit = Sandbox::slurp(s.dir / "junit.xml");
  EXPECT_NE(junit.find("<testsuite name=\"cli-test\" tests=\"2\" failures=\"0\""), std::string::npos)
      << junit;
  EXPECT_NE(junit.find("name=\"case-0-r01\""), std::string::npos) << junit;
  EXPECT_EQ(junit.find("name=\"case-0-r00\""), std::string::npos) << junit;  // kept, not run again
  // Resuming into a folder that holds another scenario (here: another seed) is refused.
  fs::create_directories(s.dir / "other");
  std::string changed = b;
  changed.replace(changed.find("seed: 3"), 7, "seed: 4");
  std::ofstream(s.dir / "other" / "b.yaml") << changed;
  std::string err;
  EXPECT_EQ(
      s.wirelab("batch " + (s.dir / "other").string() + " --resume --out " + (s.dir / "all").string(), &err),
      2);
  EXPECT_NE(err.find("holds runs of a different scenario"), std::string::npos) << err;
}

const char* const kQuicScenario = R"(wirelab: 1
name: cli-captures
seed: 5
replications: 2
duration: 20s
topology:
  nodes: [client, router, server]
  links:
    - {between: [client, router], rate: 50Mbps, delay: 5ms}
    - {between: [router, server], rate: 20Mbps, delay: 10ms, loss: 1%}
workloads:
  - {kind: page-load, name: page, client: client, server: server, protocol: http2,
     page: {base: 20KB, objects: 4, object_size: 10KB}}
sweep:
  workloads[0].protocol: [http2, http3]
)";

TEST(ScenarioCli, PcapAndQlogAreWrittenPerRunAndSurviveShardsAndMerge) {
  Sandbox s;
  const fs::path file = s.write("s.yaml", kQuicScenario);
  const std::string out = (s.dir / "out").string();
  ASSERT_EQ(s.wirelab("run " + file.string() + " --pcap --qlog --formats none --out " + out), 0);
  // pcap: one file per node interface and run; qlog: one per QUIC connection (HTTP/3 case only).
  std::vector<std::string> names;
  for (const auto& [name, bytes] : filesUnder(s.dir / "out" / "pcap")) names.push_back(name);
  EXPECT_EQ(names.size(), 4u * 4u);  // 4 runs x 4 interfaces
  EXPECT_EQ(names.front(), "case-0-r00/client--router.pcap");
  std::vector<std::string> qlogs;
  for (const auto& [name, bytes] : filesUnder(s.dir / "out" / "qlog")) qlogs.push_back(name);
  const std::vector<std::string> expected = {
      "case-1-r00/page-client-0-client.sqlog", "case-1-r00/page-server-0-server.sqlog",
      "case-1-r01/page-client-0-client.sqlog", "case-1-r01/page-server-0-server.sqlog"};
  EXPECT_EQ(qlogs, expected);
  const std::string pcap = Sandbox::slurp(s.dir / "out" / "pcap" / "case-0-r00" / "client--router.pcap");
  ASSERT_GT(pcap.size(), 24u);
  EXPECT_EQ(pcap.substr(0, 4), std::string("\x4d\x3c\xb2\xa1", 4));  // nanosecond pcap

  // Shards write their runs' captures; merge copies them: the same files as the single run.
  const std::string shard = " --pcap --qlog --formats none --out ";
  ASSERT_EQ(s.wirelab("batch " + file.string() + " --shard 1/2" + shard + (s.dir / "s1").string()), 0);
  ASSERT_EQ(s.wirelab("batch " + file.string() + " --shard 2/2" + shard + (s.dir / "s2").string()), 0);
  EXPECT_FALSE(fs::exists(s.dir / "s1" / "s" / "pcap" / "case-0-r01"));  // shard 2's run
  ASSERT_EQ(s.wirelab("merge " + (s.dir / "s1").string() + " " + (s.dir / "s2").string() +
                      " --formats none --out " + (s.dir / "merged").string()),
            0);
  const auto single = filesUnder(s.dir / "out");
  const auto merged = filesUnder(s.dir / "merged" / "s");
  for (const char* folder : {"pcap/", "qlog/"}) {
    std::size_t compared = 0;
    for (const auto& [name, bytes] : single) {
      if (!name.starts_with(folder)) continue;
      ++compared;
      ASSERT_TRUE(merged.count(name)) << name;
      EXPECT_TRUE(merged.at(name) == bytes) << name;  // byte-identical for the same seed
    }
    EXPECT_GT(compared, 0u) << folder;
  }
  EXPECT_EQ(merged.at("results.json"), single.at("results.json"));

  // Running again without the options leaves no captures of an earlier run behind.
  ASSERT_EQ(s.wirelab("run " + file.string() + " --formats none --out " + out), 0);
  EXPECT_TRUE(filesUnder(s.dir / "out" / "pcap").empty());
  EXPECT_TRUE(filesUnder(s.dir / "out" / "qlog").empty());
}

TEST(ScenarioCli, PcapAtAnUnknownNodeIsAUsageError) {
  Sandbox s;
  const fs::path file = s.write("s.yaml", kQuicScenario);
  std::string err;
  EXPECT_EQ(
      s.wirelab("run " + file.string() + " --pcap=client,clinet --out " + (s.dir / "out").string(), &err), 2);
  EXPECT_NE(err.find("option '--pcap' names node 'clinet'"), std::string::npos) << err;
  EXPECT_NE(err.find("nodes: client, router, server"), std::string::npos) << err;
  EXPECT_FALSE(fs::exists(s.dir / "out"));  // nothing written
  ASSERT_EQ(
      s.wirelab("run " + file.string() + " --pcap=server --formats none --out " + (s.dir / "out").string()),
      0);
  std::vector<std::string> names;
  for (const auto& [name, bytes] : filesUnder(s.dir / "out" / "pcap")) names.push_back(name);
  ASSERT_EQ(names.size(), 4u);  // one interface, four runs
  EXPECT_EQ(names.front(), "case-0-r00/server--router.pcap");
}

// A run that crashes (the WIRELAB_TEST_CRASH_RUN hook makes its worker raise SIGSEGV) is reported
// and fails the batch (exit 3, a JUnit failure); every other run completes, the ones after it that
// the same worker would have done too; --resume without the hook runs only the crashed one, and
// the results then equal those of a batch that never crashed.
TEST(ScenarioCli, ACrashedRunIsReportedTheOthersCompleteAndResumeFinishesIt) {
  Sandbox s;
  fs::create_directories(s.dir / "in");
  std::ofstream(s.dir / "in" / "a.yaml") << kScenario;  // runs case-0-r00, case-0-r01, case-1-r00, case-1-r01
  std::string b = kScenario;  // a second scenario: with --jobs 2, aggregation then runs in the workers too
  b.replace(b.find("name: cli-test"), 14, "name: cli-test-b");
  std::ofstream(s.dir / "in" / "b.yaml") << b;
  const std::string in = (s.dir / "in").string();
  ASSERT_EQ(s.wirelab("batch " + in + " --formats none --quiet --out " + (s.dir / "clean").string()), 0);
  const std::string clean = Sandbox::slurp(s.dir / "clean" / "a" / "results.json");
  const std::string cleanB = Sandbox::slurp(s.dir / "clean" / "b" / "results.json");
  ASSERT_FALSE(clean.empty());
  for (const std::string jobs : {"1", "2"}) {
    SCOPED_TRACE("--jobs " + jobs);
    const fs::path out = s.dir / ("crashed-" + jobs);
    const fs::path junit = s.dir / ("junit-" + jobs + ".xml");
    std::string err;
    EXPECT_EQ(s.wirelab("batch " + in + " --jobs " + jobs + " --formats none --out " + out.string() +
                            " --junit " + junit.string(),
                        &err, "WIRELAB_TEST_CRASH_RUN=cli-test/case-0-r01"),
              3);
    EXPECT_NE(err.find("cli-test case-0-r01 FAILED"), std::string::npos) << err;
    EXPECT_NE(err.find("crashed: signal 11"), std::string::npos) << err;
    const fs::path runs = out / "a" / "runs";
    EXPECT_FALSE(fs::exists(runs / "case-0-r01.json"));
    for (const char* run : {"case-0-r00", "case-1-r00", "case-1-r01"}) {
      EXPECT_TRUE(fs::exists(runs / (std::string(run) + ".json"))) << run;
    }
    EXPECT_EQ(Sandbox::slurp(out / "b" / "results.json"), cleanB);  // the other scenario is whole
    const std::string results = Sandbox::slurp(out / "a" / "results.json");
    EXPECT_NE(results.find("\"case-0-r01\""), std::string::npos) << results;  // listed as missing
    const std::string report = Sandbox::slurp(junit);
    const std::size_t crashed = report.find("name=\"case-0-r01\"");
    ASSERT_NE(crashed, std::string::npos) << report;
    EXPECT_EQ(report.find("<failure message=\"crashed: signal 11", crashed), report.find("<failure", crashed))
        << report;
    EXPECT_NE(report.find("name=\"case-1-r01\" time=\""), std::string::npos) << report;

    const fs::path resumed = s.dir / ("resumed-" + jobs + ".xml");
    EXPECT_EQ(s.wirelab("batch " + in + " --resume --jobs " + jobs + " --formats none --out " + out.string() +
                        " --junit " + resumed.string()),
              0);
    EXPECT_TRUE(fs::exists(runs / "case-0-r01.json"));
    EXPECT_EQ(Sandbox::slurp(out / "a" / "results.json"), clean);
    EXPECT_EQ(Sandbox::slurp(out / "b" / "results.json"), cleanB);
    const std::string again = Sandbox::slurp(resumed);
    EXPECT_NE(again.find("<testsuite name=\"cli-test\" tests=\"2\" failures=\"0\""), std::string::npos)
        << again;  // the one run, and the expectation
    EXPECT_NE(again.find("name=\"case-0-r01\""), std::string::npos) << again;
    EXPECT_EQ(again.find("name=\"case-1-r00\""), std::string::npos) << again;  // kept, not run again
  }
}

// Rerunning into an earlier output folder: the old run files are set aside and removed while the
// runs go on, so a run that fails this time is missing, not covered by its old file, and nothing
// set aside is left behind.
TEST(ScenarioCli, ARerunNeverKeepsTheOldFileOfARunThatFailed) {
  Sandbox s;
  const fs::path file = s.write("s.yaml", kScenario);
  const fs::path out = s.dir / "out";
  ASSERT_EQ(s.wirelab("run " + file.string() + " --formats none --quiet --out " + out.string()), 0);
  ASSERT_TRUE(fs::exists(out / "runs" / "case-1-r00.json"));
  std::ofstream(out / "runs" / "case-9-r99.json") << "{}";  // not of this plan: set aside all the same
  EXPECT_EQ(s.wirelab("run " + file.string() + " --formats none --quiet --out " + out.string(), nullptr,
                      "WIRELAB_TEST_CRASH_RUN=case-1-r00"),
            3);
  EXPECT_FALSE(fs::exists(out / "runs" / "case-1-r00.json"));
  EXPECT_FALSE(fs::exists(out / "runs" / "case-9-r99.json"));
  EXPECT_TRUE(fs::exists(out / "runs" / "case-1-r01.json"));
  EXPECT_NE(Sandbox::slurp(out / "results.json").find("\"case-1-r00\""), std::string::npos);  // missing
  // A folder set aside by an interrupted earlier batch goes too.
  fs::create_directories(out / ".stale-runs-1-0");
  std::ofstream(out / ".stale-runs-1-0" / "case-0-r00.json") << "{}";
  EXPECT_EQ(s.wirelab("run " + file.string() + " --formats none --quiet --out " + out.string()), 0);
  for (const auto& e : fs::directory_iterator(out)) {
    EXPECT_EQ(e.path().filename().string().rfind(".stale", 0), std::string::npos) << e.path();
  }
  EXPECT_TRUE(fs::exists(out / "runs" / "case-1-r00.json"));
}

// Ctrl-C in the middle of a batch: the finished runs stay (whole files, no temporaries), the exit
// code says it did not complete, and --resume runs only the rest.
TEST(ScenarioCli, AnInterruptedBatchKeepsFinishedRunsAndResumeCompletesIt) {
  Sandbox s;
  fs::create_directories(s.dir / "in");
  std::ofstream(s.dir / "in" / "bulk.yaml") << R"(name: interrupted
replications: 24
duration: 10s
topology:
  nodes: [a, b]
  links: [{between: [a, b], rate: 200Mbps, delay: 1ms}]
workloads:
  - {kind: bulk, name: flow, from: a, to: b, tcp: rfc}
)";
  // A small scenario that comes first: with --jobs 2 its aggregation runs in a worker while the
  // bulk runs are under way; the interrupted one is aggregated after the interrupt.
  std::ofstream(s.dir / "in" / "a.yaml") << kScenario;
  for (const std::string jobs : {"1", "2"}) {
    SCOPED_TRACE("--jobs " + jobs);
    const fs::path out = s.dir / ("out-" + jobs);
    const std::string cmd = std::string(WIRELAB_BINARY) + " batch " + (s.dir / "in").string() + " --jobs " +
                            jobs + " --formats none --quiet --out " + out.string();
    const pid_t pid = ::fork();
    if (pid == 0) {
      ::execl("/bin/sh", "sh", "-c", ("exec " + cmd + " 2>/dev/null").c_str(), static_cast<char*>(nullptr));
      ::_exit(127);
    }
    ASSERT_GT(pid, 0);
    const fs::path runs = out / "bulk" / "runs";  // a batch writes each scenario under its file stem
    int early = 0;
    for (int i = 0; i < 6000 && !fs::exists(runs / "case-0-r000.json"); ++i) {
      ASSERT_EQ(::waitpid(pid, &early, WNOHANG), 0) << "the batch ended before any run finished";
      ::usleep(10'000);
    }
    ASSERT_TRUE(fs::exists(runs / "case-0-r000.json")) << "no run finished within 60 s";
    ::kill(pid, SIGINT);
    int status = 0;
    ASSERT_EQ(::waitpid(pid, &status, 0), pid);
    ASSERT_TRUE(WIFEXITED(status));
    EXPECT_EQ(WEXITSTATUS(status), 3);  // incomplete
    std::size_t kept = 0;
    for (const auto& e : fs::directory_iterator(runs)) {
      EXPECT_EQ(e.path().extension(), ".json") << e.path();  // no temporaries left behind
      ++kept;
    }
    EXPECT_GE(kept, 1u);
    EXPECT_LT(kept, 24u);
    EXPECT_TRUE(fs::exists(out / "a" / "results.json"));
    const std::string partial = Sandbox::slurp(out / "bulk" / "results.json");  // aggregated all the same
    EXPECT_NE(partial.find("\"missing_runs\": [\n    \"case-0-r"), std::string::npos) << partial;
    const fs::path junit = s.dir / ("junit-" + jobs + ".xml");
    EXPECT_EQ(s.wirelab("batch " + (s.dir / "in").string() + " --resume --jobs " + jobs +
                        " --formats none --out " + out.string() + " --junit " + junit.string()),
              0);
    std::size_t all = 0;
    for ([[maybe_unused]] const auto& e : fs::directory_iterator(runs)) ++all;
    EXPECT_EQ(all, 24u);
    const std::string report = Sandbox::slurp(junit);
    EXPECT_NE(report.find("<testsuite name=\"interrupted\" tests=\"" + std::to_string(24 - kept) + "\""),
              std::string::npos)
        << report;
  }
}

}  // namespace
