// File: tests/app/charts/chart_export_test.cpp
// exportChart: each format produces a real file of that format, unknown extensions and missing
// folders fail cleanly, and no temporary file is ever left behind.
#include "app/charts/chart_export.h"

#include <gtest/gtest.h>

#include <QApplication>
#include <QImage>

#include "tests/app/charts/chart_test_support.h"
#include "tests/app/qt_test_environment.h"

namespace wirelab::app::charts {
namespace {

using testing::listFolder;
using testing::readFile;
using testing::sampleSpec;

class ExportChartTest : public testing::TempFolderTest {};

TEST_F(ExportChartTest, WritesPng) {
  ASSERT_NE(qApp, nullptr);
  const auto file = dir() / "chart.png";
  ASSERT_EQ(exportChart(sampleSpec(), file), std::nullopt);
  const std::string bytes = readFile(file);
  ASSERT_GE(bytes.size(), 8u);
  EXPECT_EQ(bytes.substr(0, 8), std::string("\x89PNG\r\n\x1a\n", 8));
  EXPECT_GT(bytes.size(), 10'000u) << "a 900x560 chart with text and curves is more than a blank image";
  EXPECT_EQ(listFolder(dir()), std::vector<std::string>{"chart.png"});
}

TEST_F(ExportChartTest, WritesSvg) {
  const auto file = dir() / "chart.svg";
  ASSERT_EQ(exportChart(sampleSpec(), file), std::nullopt);
  const std::string text = readFile(file);
  EXPECT_NE(text.find("<svg"), std::string::npos);
  EXPECT_NE(text.find("</svg>"), std::string::npos);
  EXPECT_GT(text.size(), 5'000u);
  EXPECT_EQ(listFolder(dir()), std::vector<std::string>{"chart.svg"});
}

TEST_F(ExportChartTest, WritesPdf) {
  const auto file = dir() / "chart.pdf";
  ASSERT_EQ(exportChart(sampleSpec(), file), std::nullopt);
  const std::string bytes = readFile(file);
  EXPECT_EQ(bytes.substr(0, 4), "%PDF");
  EXPECT_GT(bytes.size(), 2'000u);
  EXPECT_EQ(listFolder(dir()), std::vector<std::string>{"chart.pdf"});
}

TEST_F(ExportChartTest, ExtensionIsCaseInsensitive) {
  ASSERT_EQ(exportChart(sampleSpec(), dir() / "chart.PNG"), std::nullopt);
  EXPECT_EQ(readFile(dir() / "chart.PNG").substr(1, 3), "PNG");
}

TEST_F(ExportChartTest, RejectsUnknownExtensionAndWritesNothing) {
  for (const char* name : {"chart.jpg", "chart.txt", "chart"}) {
    const auto error = exportChart(sampleSpec(), dir() / name);
    ASSERT_TRUE(error.has_value()) << name;
    EXPECT_NE(error->find("extension"), std::string::npos) << *error;
    EXPECT_NE(error->find(name), std::string::npos) << "names the file: " << *error;
  }
  EXPECT_TRUE(listFolder(dir()).empty());
}

TEST_F(ExportChartTest, MissingFolderIsAnError) {
  const auto error = exportChart(sampleSpec(), dir() / "no-such-folder" / "chart.png");
  ASSERT_TRUE(error.has_value());
  EXPECT_NE(error->find("does not exist"), std::string::npos) << *error;
  EXPECT_TRUE(listFolder(dir()).empty());
}

TEST_F(ExportChartTest, RejectsNonPositiveSize) {
  EXPECT_TRUE(exportChart(sampleSpec(), dir() / "chart.png", 0, 400).has_value());
  EXPECT_TRUE(exportChart(sampleSpec(), dir() / "chart.png", 400, -1).has_value());
  EXPECT_TRUE(listFolder(dir()).empty());
}

TEST_F(ExportChartTest, ReplacesAnExistingFile) {
  const auto file = dir() / "chart.svg";
  { std::ofstream(file) << "old content"; }
  ASSERT_EQ(exportChart(sampleSpec(), file), std::nullopt);
  EXPECT_NE(readFile(file).find("<svg"), std::string::npos);
  EXPECT_EQ(listFolder(dir()), std::vector<std::string>{"chart.svg"});
}

TEST_F(ExportChartTest, ManyExportsLeaveOnlyTheTargets) {
  ChartSpec logSpec = sampleSpec();
  logSpec.logY = true;
  ChartSpec empty;
  empty.id = "empty";
  for (const char* ext : {".png", ".svg", ".pdf"}) {
    ASSERT_EQ(exportChart(sampleSpec(), dir() / (std::string("a") + ext)), std::nullopt);
    ASSERT_EQ(exportChart(logSpec, dir() / (std::string("b") + ext)), std::nullopt);
    ASSERT_EQ(exportChart(empty, dir() / (std::string("c") + ext)), std::nullopt);
  }
  EXPECT_EQ(listFolder(dir()), (std::vector<std::string>{"a.pdf", "a.png", "a.svg", "b.pdf", "b.png", "b.svg",
                                                         "c.pdf", "c.png", "c.svg"}));
}

TEST_F(ExportChartTest, HonoursTheRequestedPixelSize) {
  const auto file = dir() / "chart.png";
  ASSERT_EQ(exportChart(sampleSpec(), file, 640, 400), std::nullopt);
  const QImage image(QString::fromStdString(file.string()));
  EXPECT_EQ(image.width(), 640);
  EXPECT_EQ(image.height(), 400);
}

}  // namespace
}  // namespace wirelab::app::charts
