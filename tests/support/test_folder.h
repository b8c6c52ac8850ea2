// File: tests/support/test_folder.h
// A fresh folder for one test, named after its suite, its name and the test process (so that
// parallel test processes, of one build tree or of two, never share one), emptied when the test
// starts and removed when it ends.
#pragma once

#include <gtest/gtest.h>
#include <unistd.h>

#include <filesystem>
#include <string>

namespace wirelab::testing {

struct TestFolder {
  explicit TestFolder(const std::string& prefix)
      : path(std::filesystem::temp_directory_path() / name(prefix)) {
    std::filesystem::remove_all(path);
    std::filesystem::create_directories(path);
  }
  TestFolder(const TestFolder&) = delete;
  TestFolder& operator=(const TestFolder&) = delete;
  ~TestFolder() {
    std::error_code ec;
    std::filesystem::remove_all(path, ec);
  }
  std::filesystem::path path;

 private:
  static std::string name(const std::string& prefix) {
    const ::testing::TestInfo* test = ::testing::UnitTest::GetInstance()->current_test_info();
    return prefix + "-" + test->test_suite_name() + "." + test->name() + "-" + std::to_string(::getpid());
  }
};

}  // namespace wirelab::testing
