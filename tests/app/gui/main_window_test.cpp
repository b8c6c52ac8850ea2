// File: tests/app/gui/main_window_test.cpp
// MainWindow with fake jobs: a run fills the tabs from the job's charts on a worker thread, Run is
// disabled meanwhile, failures keep the previous charts, and export writes the shown charts.
#include "app/gui/main_window.h"

#include <gtest/gtest.h>

#include <QAction>
#include <QEventLoop>
#include <QPushButton>
#include <QStatusBar>
#include <QTabWidget>
#include <QThread>
#include <QTimer>
#include <atomic>
#include <stdexcept>

#include "models/showcase/queueing_showcase.h"
#include "tests/app/charts/chart_test_support.h"
#include "tests/app/qt_test_environment.h"

namespace wirelab::app::gui {
namespace {

using charts::testing::listFolder;
using charts::testing::sampleSpec;

GuiJobResult fakeJob(const GuiParameters& params) {
  std::vector<charts::ChartSpec> specs;
  for (const char* id : {"one", "two", "three"}) {
    charts::ChartSpec spec = sampleSpec();
    spec.id = id;
    spec.title = std::string("Chart ") + id + ": seed " + std::to_string(params.seed);
    specs.push_back(spec);
  }
  GuiJobResult result(std::move(specs));
  result.runs = 55;
  result.events = 1'234'567;
  return result;
}

// Waits for runFinished; returns its argument, or nullopt on timeout.
std::optional<bool> waitForRun(MainWindow& window, int timeoutMs = 20'000) {
  std::optional<bool> result;
  QEventLoop loop;
  QObject::connect(&window, &MainWindow::runFinished, &loop, [&](bool ok) {
    result = ok;
    loop.quit();
  });
  QTimer::singleShot(timeoutMs, &loop, &QEventLoop::quit);
  loop.exec();
  return result;
}

TEST(GuiParametersTest, DefaultsEqualTheShowcaseConfig) {
  const GuiParameters gui;
  const models::showcase::QueueingShowcaseConfig config;
  EXPECT_DOUBLE_EQ(gui.linkRateMbps, config.linkRate.megabitsPerSecond());
  EXPECT_EQ(gui.packetSizeBytes, config.packetSize.bytes());
  EXPECT_EQ(gui.replications, config.replications);
  EXPECT_DOUBLE_EQ(gui.durationS, config.duration.seconds());
  EXPECT_EQ(gui.seed, config.seed);
}

TEST(MainWindowTest, TitleSizeAndDefaults) {
  MainWindow window(&fakeJob);
  EXPECT_EQ(window.windowTitle(), QStringLiteral("Wirelab"));
  EXPECT_GE(window.width(), 1100);
  EXPECT_GE(window.height(), 700);
  const GuiParameters p = window.parameters();
  EXPECT_DOUBLE_EQ(p.linkRateMbps, GuiParameters{}.linkRateMbps);
  EXPECT_EQ(p.replications, GuiParameters{}.replications);
  EXPECT_TRUE(window.charts().empty());
}

TEST(MainWindowTest, ParametersRoundTrip) {
  MainWindow window(&fakeJob);
  const GuiParameters p{
      .linkRateMbps = 100, .packetSizeBytes = 1500, .replications = 8, .durationS = 12.5, .seed = 99};
  window.setParameters(p);
  const GuiParameters q = window.parameters();
  EXPECT_DOUBLE_EQ(q.linkRateMbps, 100);
  EXPECT_EQ(q.packetSizeBytes, 1500);
  EXPECT_EQ(q.replications, 8);
  EXPECT_DOUBLE_EQ(q.durationS, 12.5);
  EXPECT_EQ(q.seed, 99u);
}

TEST(MainWindowTest, RunShowsTheJobsChartsAndASummary) {
  std::atomic<bool> ranOffTheGuiThread{false};
  QThread* guiThread = QThread::currentThread();
  MainWindow window([&](const GuiParameters& p) {
    ranOffTheGuiThread = QThread::currentThread() != guiThread;
    QThread::msleep(100);  // long enough to observe the running state
    return fakeJob(p);
  });
  GuiParameters p;
  p.seed = 5;
  window.setParameters(p);
  window.startRun();
  EXPECT_TRUE(window.isRunning());
  int runButtons = 0;
  for (QPushButton* b : window.findChildren<QPushButton*>()) {
    if (b->text().startsWith(QStringLiteral("Run"))) {
      ++runButtons;
      EXPECT_FALSE(b->isEnabled()) << "Run is disabled while running";
    }
  }
  EXPECT_EQ(runButtons, 1);
  ASSERT_EQ(waitForRun(window), std::optional<bool>(true));
  EXPECT_TRUE(ranOffTheGuiThread);
  EXPECT_FALSE(window.isRunning());
  ASSERT_EQ(window.charts().size(), 3u);
  EXPECT_EQ(window.charts()[0].title, "Chart one: seed 5");

  auto* tabs = window.findChild<QTabWidget*>();
  ASSERT_NE(tabs, nullptr);
  EXPECT_EQ(tabs->count(), 3);
  EXPECT_EQ(tabs->tabText(0), QStringLiteral("Chart one")) << "the part before the colon";
  const QString status = window.statusBar()->currentMessage();
  EXPECT_TRUE(status.contains(QStringLiteral("55 runs"))) << status.toStdString();
  EXPECT_TRUE(status.contains(QStringLiteral("1,234,567 events"))) << status.toStdString();
  EXPECT_TRUE(status.contains(QStringLiteral("wall time"))) << status.toStdString();
}

TEST(MainWindowTest, FailedJobKeepsThePreviousChartsAndSaysWhy) {
  std::atomic<int> calls{0};
  MainWindow window([&](const GuiParameters& p) -> GuiJobResult {
    if (calls++ > 0) throw std::runtime_error("link rate must be positive");
    return fakeJob(p);
  });
  window.startRun();
  ASSERT_EQ(waitForRun(window), std::optional<bool>(true));
  window.startRun();
  ASSERT_EQ(waitForRun(window), std::optional<bool>(false));
  EXPECT_EQ(window.charts().size(), 3u);
  EXPECT_TRUE(window.statusBar()->currentMessage().contains(QStringLiteral("link rate must be positive")));
}

class MainWindowExportTest : public charts::testing::TempFolderTest {};

TEST_F(MainWindowExportTest, ExportsShownChartsAsPngAndSvg) {
  MainWindow window(&fakeJob);
  window.startRun();
  ASSERT_EQ(waitForRun(window), std::optional<bool>(true));
  EXPECT_TRUE(window.exportChartsTo(dir()).isEmpty());
  EXPECT_EQ(listFolder(dir()),
            (std::vector<std::string>{"one.png", "one.svg", "three.png", "three.svg", "two.png", "two.svg"}));
  EXPECT_FALSE(window.exportChartsTo(dir() / "missing").isEmpty());
}

}  // namespace
}  // namespace wirelab::app::gui
