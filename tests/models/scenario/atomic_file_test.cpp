// File: tests/models/scenario/atomic_file_test.cpp
// Output files that appear whole or not at all: a whole-string write, a file streamed through the
// buffer (several times its size), and what an abandoned or unwritable file leaves behind (nothing,
// and an error naming the file).
#include "models/scenario/atomic_file.h"

#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>
#include <sstream>
#include <string>

#include "tests/support/files_under.h"
#include "tests/support/test_folder.h"

namespace wirelab::models::scenario {
namespace {

namespace fs = std::filesystem;
using testing::filesUnder;
using testing::TestFolder;

std::string slurp(const fs::path& path) {
  std::ifstream in(path, std::ios::binary);
  std::stringstream s;
  s << in.rdbuf();
  return s.str();
}

TEST(AtomicFile, ReplacesTheTargetWholeAndLeavesNoTemporary) {
  const TestFolder dir("wirelab-atomic");
  const std::string path = (dir.path / "sub" / "results.json").string();
  ASSERT_EQ(writeFileAtomically(path, "first"), "");
  ASSERT_EQ(writeFileAtomically(path, "second"), "");
  EXPECT_EQ(filesUnder(dir.path), (std::map<std::string, std::string>{{"sub/results.json", "second"}}));
  EXPECT_NE(writeFileAtomically("/proc/wirelab/x.json", "x"), "");
}

// Writes of every size, from one byte to more than the buffer, in an order that crosses the
// buffer's boundary many times: the file holds exactly the bytes, in order.
std::string streamPattern(AtomicFile& file) {
  std::string expected;
  for (std::size_t i = 0; i < 400; ++i) {
    const std::size_t size = i == 200 ? AtomicFile::kBufferBytes + 17 : (i * 7919) % 3001 + 1;
    const std::string chunk(size, static_cast<char>('a' + i % 26));
    file.write(chunk);
    expected += chunk;
  }
  return expected;
}

TEST(AtomicFile, StreamedBytesArriveWholeAndInOrderAtCommit) {
  for (const auto temporary : {AtomicFile::Temporary::Unnamed, AtomicFile::Temporary::Named}) {
    const TestFolder dir("wirelab-atomic");
    const fs::path path = dir.path / "a" / "x.pcap";
    AtomicFile file;
    ASSERT_EQ(file.open(path.string(), temporary), "");
    const std::string expected = streamPattern(file);
    ASSERT_GT(expected.size(), 4 * AtomicFile::kBufferBytes);
    EXPECT_FALSE(fs::exists(path));  // nothing under the final name before the commit
    ASSERT_EQ(file.commit(), "");
    EXPECT_EQ(slurp(path), expected);
    EXPECT_EQ(filesUnder(dir.path).size(), 1u);  // no temporary left
  }
}

TEST(AtomicFile, DestroyedWithoutCommitLeavesNoFileAndNoTemporary) {
  for (const auto temporary : {AtomicFile::Temporary::Unnamed, AtomicFile::Temporary::Named}) {
    const TestFolder dir("wirelab-atomic");
    const fs::path folder = dir.path / "out";  // made by open()
    const fs::path path = folder / "x.pcap";
    {
      AtomicFile file;
      ASSERT_EQ(file.open(path.string(), temporary), "");
      streamPattern(file);
      ASSERT_EQ(file.sync(), "");  // on disk, but still under the temporary
      // A named temporary is visible; an unnamed one (O_TMPFILE, here on Linux) has no name at all.
      if (temporary == AtomicFile::Temporary::Named) {
        EXPECT_TRUE(fs::exists(file.temporaryPath()));
      } else {
        EXPECT_EQ(file.temporaryPath(), "");
      }
      EXPECT_FALSE(fs::exists(path));
    }
    EXPECT_TRUE(fs::exists(folder));
    EXPECT_TRUE(filesUnder(dir.path).empty());
  }
}

TEST(AtomicFile, CommitReplacesAnOlderFileOnlyThen) {
  const TestFolder dir("wirelab-atomic");
  const fs::path path = dir.path / "x.pcap";
  ASSERT_EQ(writeFileAtomically(path.string(), "old"), "");
  AtomicFile file;
  ASSERT_EQ(file.open(path.string()), "");
  file.write("new");
  ASSERT_EQ(file.sync(), "");
  EXPECT_EQ(slurp(path), "old");
  ASSERT_EQ(file.commit(), "");
  EXPECT_EQ(slurp(path), "new");
}

TEST(AtomicFile, AnUnwritableDestinationIsAnErrorNamingTheFile) {
  const TestFolder dir("wirelab-atomic");
  std::ofstream(dir.path / "plain") << "a file, not a folder";
  const std::string path = (dir.path / "plain" / "x.pcap").string();
  AtomicFile file;
  const std::string error = file.open(path);
  EXPECT_NE(error.find("cannot write " + path + ": "), std::string::npos) << error;
  EXPECT_FALSE(file.isOpen());
  file.write("x");  // does nothing, and the error stays
  EXPECT_EQ(file.commit(), error);
  EXPECT_EQ(filesUnder(dir.path).size(), 1u);
}

}  // namespace
}  // namespace wirelab::models::scenario
