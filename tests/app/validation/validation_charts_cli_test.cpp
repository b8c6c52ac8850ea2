// wirelab-validation-charts writes into docs/images by default, so an argument it cannot use must
// stop it before it draws anything: run from a folder with an empty docs/images, nothing may appear.
#include <gtest/gtest.h>
#include <sys/wait.h>

#include <cstdlib>
#include <filesystem>
#include <string>

#include "tests/support/read_file.h"
#include "tests/support/test_folder.h"

namespace {

namespace fs = std::filesystem;

struct Sandbox {
  Sandbox() { fs::create_directories(dir / "docs" / "images"); }
  // Runs the program in `dir` with `args`; returns its exit code, stdout in `out`, stderr in `err`.
  int run(const std::string& args, std::string* out, std::string* err) const {
    const std::string cmd = "cd " + dir.string() + " && QT_QPA_PLATFORM=offscreen " +
                            std::string(VALIDATION_CHARTS_BINARY) + " " + args + " >stdout.txt 2>stderr.txt";
    const int status = std::system(cmd.c_str());
    *out = wirelab::testing::readFile(dir / "stdout.txt");
    *err = wirelab::testing::readFile(dir / "stderr.txt");
    return WIFEXITED(status) ? WEXITSTATUS(status) : -1;
  }
  bool nothingDrawn() const { return fs::is_empty(dir / "docs" / "images"); }
  wirelab::testing::TestFolder folder{"wirelab-validation"};
  const fs::path& dir = folder.path;
};

TEST(ValidationChartsCli, HelpPrintsUsageAndDrawsNothing) {
  Sandbox s;
  std::string out, err;
  EXPECT_EQ(s.run("--help", &out, &err), 0);
  EXPECT_NE(out.find("usage: wirelab-validation-charts"), std::string::npos) << out;
  EXPECT_TRUE(s.nothingDrawn());
}

TEST(ValidationChartsCli, AnArgumentItCannotUseIsNamedBeforeAnyRun) {
  // Each refused with exit 2 and an error naming it, before any simulation (nothing printed on
  // stdout) and without drawing anything. A --realnet folder it cannot read is refused so whenever
  // the realnet chart is wanted, also when every chart is (it comes last: the others' simulations,
  // page_load_vs_loss's lines on stdout among them, would otherwise run first).
  struct Refusal {
    const char* args;
    const char* error;
  };
  for (const Refusal& r : {Refusal{"--only tcp_cwnd_trace --bogus", "unknown option '--bogus'"},
                           Refusal{"--only", "option '--only' needs a value"},
                           Refusal{"--only tcp_cwnd_trace --out missing", "--out 'missing' is not a folder"},
                           Refusal{"--only realnet_sim_vs_real --realnet missing",
                                   "missing/realnet_dev_pages.csv: cannot be read"},
                           Refusal{"--realnet missing", "missing/realnet_dev_pages.csv: cannot be read"}}) {
    SCOPED_TRACE(r.args);
    Sandbox s;
    std::string out, err;
    EXPECT_EQ(s.run(r.args, &out, &err), 2);
    EXPECT_NE(err.find(r.error), std::string::npos) << err;
    EXPECT_TRUE(out.empty()) << out;
    EXPECT_TRUE(s.nothingDrawn());
  }
}

TEST(ValidationChartsCli, DrawsTheChartItIsAskedFor) {
  Sandbox s;
  std::string out, err;
  // The realnet CSVs are read only for the realnet chart: a --realnet folder it cannot read is no
  // matter here.
  ASSERT_EQ(s.run("--only tcp_cwnd_trace --realnet missing", &out, &err), 0) << err;
  EXPECT_TRUE(fs::file_size(s.dir / "docs" / "images" / "tcp_cwnd_trace.png") > 10'000);
  EXPECT_EQ(std::distance(fs::directory_iterator(s.dir / "docs" / "images"), fs::directory_iterator()), 1);
}

}  // namespace
