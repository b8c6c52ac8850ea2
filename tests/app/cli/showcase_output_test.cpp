// File: tests/app/cli/showcase_output_test.cpp
// What `wirelab showcase` writes, on a made-up result: JSON validity and determinism, CSV shape, the
// complete file set, and the folder swap that replaces an earlier output but never a stranger's folder.
#include "app/cli/showcase_output.h"

#include <gtest/gtest.h>

#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <algorithm>

#include "tests/app/charts/chart_test_support.h"
#include "tests/app/qt_test_environment.h"

namespace wirelab::app::cli {
namespace {

namespace fs = std::filesystem;
using charts::testing::listFolder;
using charts::testing::readFile;
using models::showcase::QueueingShowcaseResult;

QueueingShowcaseResult fakeResult() {
  QueueingShowcaseResult r;
  r.config.seed = 7;
  for (double load : r.config.loads) {
    const double wq = load / (2 * (1 - load));
    r.points.push_back({.load = load,
                        .meanWaitMs = wq,
                        .meanWaitCiHalfWidthMs = 0.1 * wq,
                        .closedFormWaitMs = wq,
                        .p99WaitMs = 4 * wq,
                        .meanSojournMs = wq + 11,
                        .packetsSent = 1000,
                        .packetsDelivered = 1000,
                        .packetsDropped = 0,
                        .events = 4000});
  }
  for (int i = 0; i < 50; ++i)
    r.queueTrace.push_back({.timeS = 0.1 * i, .packetsQueued = static_cast<double>(i % 5)});
  for (int i = 1; i <= 20; ++i) {
    r.waitCdfMs.push_back(0.5 * i);
    r.waitCdfProb.push_back(i / 20.0);
  }
  r.totalEvents = 44000;
  return r;
}

class ShowcaseOutputTest : public charts::testing::TempFolderTest {};

TEST(FormatNumberTest, ShortestRoundTrip) {
  EXPECT_EQ(formatNumber(0.1), "0.1");
  EXPECT_EQ(formatNumber(12), "12");
  EXPECT_EQ(formatNumber(-2.5), "-2.5");
  EXPECT_EQ(formatNumber(1.0 / 3.0), "0.3333333333333333");
  EXPECT_EQ(std::stod(formatNumber(0.1 + 0.2)), 0.1 + 0.2);
  EXPECT_EQ(formatNumber(std::numeric_limits<double>::quiet_NaN()), "null");
  EXPECT_EQ(formatNumber(std::numeric_limits<double>::infinity()), "null");
}

TEST(ResultsJsonTest, IsValidDeterministicAndComplete) {
  const std::string json = resultsJson(fakeResult());
  EXPECT_EQ(json, resultsJson(fakeResult()));
  QJsonParseError error{};
  const QJsonDocument doc = QJsonDocument::fromJson(QByteArray::fromStdString(json), &error);
  ASSERT_EQ(error.error, QJsonParseError::NoError) << error.errorString().toStdString() << "\n" << json;
  const QJsonObject root = doc.object();
  EXPECT_EQ(root["wirelab_version"].toString(), QStringLiteral(WIRELAB_VERSION));
  EXPECT_EQ(root["config"].toObject()["seed"].toInteger(), 7);
  EXPECT_EQ(root["config"].toObject()["link_rate_bps"].toInteger(), 10'000'000);
  EXPECT_EQ(root["config"].toObject()["loads"].toArray().size(), 11);
  EXPECT_EQ(root["points"].toArray().size(), 11);
  EXPECT_DOUBLE_EQ(root["points"].toArray()[8].toObject()["load"].toDouble(), 0.85);
  EXPECT_EQ(root["total_events"].toInteger(), 44000);
  // Fixed key order: config before points, load first in each point.
  EXPECT_LT(json.find("\"config\""), json.find("\"points\""));
  EXPECT_LT(json.find("\"load\""), json.find("\"mean_wait_ms\""));
}

TEST(ShowcaseCsvTest, HeaderAndOneRowPerSample) {
  const QueueingShowcaseResult r = fakeResult();
  const auto lines = [](const std::string& s) { return std::count(s.begin(), s.end(), '\n'); };
  const std::string wait = meanWaitCsv(r);
  EXPECT_EQ(wait.rfind("load,mean_wait_ms,", 0), 0u);
  EXPECT_EQ(lines(wait), 1 + 11);
  EXPECT_EQ(lines(queueTraceCsv(r)), 1 + 50);
  EXPECT_EQ(queueTraceCsv(r).rfind("time_s,packets_queued\n0,0\n0.1,1\n", 0), 0u);
  EXPECT_EQ(lines(waitCdfCsv(r)), 1 + 20);
}

TEST_F(ShowcaseOutputTest, WritesTheFullSet) {
  ASSERT_EQ(writeShowcaseFiles(fakeResult(), dir()), std::nullopt);
  EXPECT_EQ(listFolder(dir()), (std::vector<std::string>{"charts", "results.json", "series"}));
  EXPECT_EQ(listFolder(dir() / "series"),
            (std::vector<std::string>{"mean_wait_vs_load.csv", "queue_length_trace.csv", "wait_cdf.csv"}));
  EXPECT_EQ(
      listFolder(dir() / "charts"),
      (std::vector<std::string>{"mean_wait_vs_load.png", "mean_wait_vs_load.svg", "queue_length_trace.png",
                                "queue_length_trace.svg", "wait_cdf.png", "wait_cdf.svg"}));
  EXPECT_EQ(readFile(dir() / "charts" / "wait_cdf.png").substr(1, 3), "PNG");
}

TEST_F(ShowcaseOutputTest, ReplaceableOnlyWhenAbsentEmptyOrAnEarlierOutput) {
  EXPECT_EQ(checkReplaceable(dir() / "new"), std::nullopt);
  fs::create_directory(dir() / "empty");
  EXPECT_EQ(checkReplaceable(dir() / "empty"), std::nullopt);
  fs::create_directory(dir() / "earlier");
  { std::ofstream(dir() / "earlier" / "results.json") << "{}"; }
  EXPECT_EQ(checkReplaceable(dir() / "earlier"), std::nullopt);

  fs::create_directory(dir() / "home");
  { std::ofstream(dir() / "home" / "thesis.tex") << "precious"; }
  const auto error = checkReplaceable(dir() / "home");
  ASSERT_TRUE(error.has_value());
  EXPECT_NE(error->find("refusing"), std::string::npos) << *error;
  { std::ofstream(dir() / "file") << "x"; }
  EXPECT_TRUE(checkReplaceable(dir() / "file").has_value());
}

TEST_F(ShowcaseOutputTest, ReplaceFolderSwapsInTheNewOutput) {
  fs::create_directories(dir() / "out");
  { std::ofstream(dir() / "out" / "stale.csv") << "old"; }
  fs::create_directories(dir() / ".out.tmp");
  { std::ofstream(dir() / ".out.tmp" / "results.json") << "{}"; }
  ASSERT_EQ(replaceFolder(dir() / ".out.tmp", dir() / "out"), std::nullopt);
  EXPECT_EQ(listFolder(dir()), std::vector<std::string>{"out"}) << "no staging or old folder left";
  EXPECT_EQ(listFolder(dir() / "out"), std::vector<std::string>{"results.json"});

  // Into a place that did not exist yet.
  fs::create_directories(dir() / ".fresh.tmp");
  ASSERT_EQ(replaceFolder(dir() / ".fresh.tmp", dir() / "fresh"), std::nullopt);
  EXPECT_TRUE(fs::is_directory(dir() / "fresh"));
}

TEST_F(ShowcaseOutputTest, FailedSwapKeepsTheEarlierOutput) {
  fs::create_directories(dir() / "out");
  { std::ofstream(dir() / "out" / "results.json") << "old"; }
  const auto error = replaceFolder(dir() / ".missing.tmp", dir() / "out");
  ASSERT_TRUE(error.has_value());
  EXPECT_EQ(readFile(dir() / "out" / "results.json"), "old");
  EXPECT_EQ(listFolder(dir()), std::vector<std::string>{"out"});
}

}  // namespace
}  // namespace wirelab::app::cli
