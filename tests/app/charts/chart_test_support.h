// File: tests/app/charts/chart_test_support.h
// Shared by the chart tests: a sample spec with every feature, a private temporary folder per test,
// and file helpers.
#pragma once

#include <gtest/gtest.h>
#include <unistd.h>

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <iterator>
#include <string>
#include <vector>

#include "app/charts/chart_spec.h"

namespace wirelab::app::charts::testing {

inline ChartSeries makeSeries(std::string name, SeriesStyle style, std::vector<double> x = {},
                              std::vector<double> y = {}) {
  ChartSeries s;
  s.name = std::move(name);
  s.style = style;
  s.x = std::move(x);
  s.y = std::move(y);
  return s;
}

inline ChartSpec sampleSpec() {
  ChartSpec spec;
  spec.id = "sample";
  spec.title = "Mean queueing delay vs offered load";
  spec.xLabel = "offered load (ρ)";
  spec.yLabel = "mean waiting time (ms)";
  spec.note = "10 Mbit/s link, 1250 B packets; 5 replications x 60 s; error bars: 95% CI";
  ChartSeries theory = makeSeries("M/D/1 closed form", SeriesStyle::Line);
  for (int i = 0; i <= 100; ++i) {
    const double rho = 0.1 + 0.85 * i / 100.0;
    theory.x.push_back(rho);
    theory.y.push_back(rho / (2 * (1 - rho)));
  }
  ChartSeries sim = makeSeries("simulated (mean, 95% CI)", SeriesStyle::Points);
  for (double rho : {0.1, 0.2, 0.3, 0.4, 0.5, 0.6, 0.7, 0.8, 0.85, 0.9, 0.95}) {
    const double w = rho / (2 * (1 - rho)) * (1 + 0.03 * (rho - 0.5));
    sim.x.push_back(rho);
    sim.y.push_back(w);
    sim.errorLow.push_back(w * (1 - 0.02 - 0.1 * rho * rho));
    sim.errorHigh.push_back(w * (1 + 0.02 + 0.1 * rho * rho));
  }
  spec.series = {theory, sim};
  return spec;
}

inline std::string readFile(const std::filesystem::path& p) {
  std::ifstream in(p, std::ios::binary);
  return {std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>()};
}

inline std::vector<std::string> listFolder(const std::filesystem::path& dir) {
  std::vector<std::string> names;
  for (const auto& entry : std::filesystem::directory_iterator(dir))
    names.push_back(entry.path().filename().string());
  std::sort(names.begin(), names.end());
  return names;
}

// A fresh folder per test, removed afterwards.
class TempFolderTest : public ::testing::Test {
 protected:
  void SetUp() override {
    const auto* info = ::testing::UnitTest::GetInstance()->current_test_info();
    m_dir = std::filesystem::temp_directory_path() / ("wirelab-test-" + std::to_string(::getpid()) + "-" +
                                                      info->test_suite_name() + "-" + info->name());
    std::filesystem::remove_all(m_dir);
    std::filesystem::create_directories(m_dir);
  }
  void TearDown() override { std::filesystem::remove_all(m_dir); }
  const std::filesystem::path& dir() const { return m_dir; }

 private:
  std::filesystem::path m_dir;
};

}  // namespace wirelab::app::charts::testing
