// wirelab-validation-charts writes into docs/images by default, so an argument it cannot use must
// stop it before it draws anything: run from a folder with an empty docs/images, nothing may appear.
#include <gtest/gtest.h>
#include <sys/wait.h>

#include <cstdlib>
#include <filesystem>
#include <string>

#include "tests/support/read_file.h"

namespace {

namespace fs = std::filesystem;

struct Sandbox {
  Sandbox()
      : dir(fs::temp_directory_path() /
            ("wirelab-validation-" +
             std::string(::testing::UnitTest::GetInstance()->current_test_info()->name()))) {
    fs::remove_all(dir);
    fs::create_directories(dir / "docs" / "images");
  }
  ~Sandbox() { fs::remove_all(dir); }
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
  fs::path dir;
};

TEST(ValidationChartsCli, HelpPrintsUsageAndDrawsNothing) {
  Sandbox s;
  std::string out, err;
  EXPECT_EQ(s.run("--help", &out, &err), 0);
  EXPECT_NE(out.find("usage: wirelab-validation-charts"), std::string::npos) << out;
  EXPECT_TRUE(s.nothingDrawn());
}

TEST(ValidationChartsCli, AnUnknownOptionIsNamedAndDrawsNothing) {
  Sandbox s;
  std::string out, err;
  EXPECT_EQ(s.run("--only tcp_cwnd_trace --bogus", &out, &err), 2);
  EXPECT_NE(err.find("unknown option '--bogus'"), std::string::npos) << err;
  EXPECT_TRUE(s.nothingDrawn());
}

TEST(ValidationChartsCli, AnOptionWithoutItsValueIsNamedAndDrawsNothing) {
  Sandbox s;
  std::string out, err;
  EXPECT_EQ(s.run("--only", &out, &err), 2);
  EXPECT_NE(err.find("option '--only' needs a value"), std::string::npos) << err;
  EXPECT_TRUE(s.nothingDrawn());
}

TEST(ValidationChartsCli, AMissingOutputFolderIsNamedBeforeAnyRun) {
  Sandbox s;
  std::string out, err;
  EXPECT_EQ(s.run("--only tcp_cwnd_trace --out missing", &out, &err), 2);
  EXPECT_NE(err.find("--out 'missing' is not a folder"), std::string::npos) << err;
  EXPECT_TRUE(out.empty()) << out;
}

TEST(ValidationChartsCli, AMissingRealnetFileIsNamedAndDrawsNothing) {
  Sandbox s;
  std::string out, err;
  EXPECT_EQ(s.run("--only realnet_sim_vs_real --realnet missing", &out, &err), 2);
  EXPECT_NE(err.find("missing/realnet_dev_pages.csv: cannot be read"), std::string::npos) << err;
  EXPECT_TRUE(s.nothingDrawn());
}

TEST(ValidationChartsCli, DrawsTheChartItIsAskedFor) {
  Sandbox s;
  std::string out, err;
  ASSERT_EQ(s.run("--only tcp_cwnd_trace", &out, &err), 0) << err;
  EXPECT_TRUE(fs::file_size(s.dir / "docs" / "images" / "tcp_cwnd_trace.png") > 10'000);
  EXPECT_EQ(std::distance(fs::directory_iterator(s.dir / "docs" / "images"), fs::directory_iterator()), 1);
}

}  // namespace
