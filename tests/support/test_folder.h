// File: tests/support/test_folder.h
// A fresh folder for one test, named after it (so parallel test processes never share one), emptied
// when the test starts and removed when it ends.
#pragma once

#include <gtest/gtest.h>

#include <filesystem>
#include <string>

namespace wirelab::testing {

struct TestFolder {
  explicit TestFolder(const std::string& prefix)
      : path(std::filesystem::temp_directory_path() /
             (prefix + "-" + ::testing::UnitTest::GetInstance()->current_test_info()->name())) {
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
};

}  // namespace wirelab::testing
