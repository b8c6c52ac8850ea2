// File: app/cli/gui_command.cpp
#include "app/cli/gui_command.h"

#include <QApplication>
#include <QIcon>
#include <cmath>
#include <iostream>

#include "app/charts/headless_qt.h"
#include "app/charts/showcase_charts.h"
#include "app/cli/cli_options.h"
#include "app/gui/main_window.h"

namespace wirelab::app::cli {

models::showcase::QueueingShowcaseConfig toShowcaseConfig(const gui::GuiParameters& params) {
  models::showcase::QueueingShowcaseConfig config;
  config.linkRate = sim::DataRate(std::llround(params.linkRateMbps * 1e6));
  config.packetSize = sim::Bytes(params.packetSizeBytes);
  config.replications = params.replications;
  config.duration = sim::SecondsF(params.durationS);
  config.seed = params.seed;
  return config;
}

gui::GuiJobResult runShowcaseJob(const gui::GuiParameters& params) {
  const models::showcase::QueueingShowcaseResult result =
      models::showcase::runQueueingShowcase(toShowcaseConfig(params));
  gui::GuiJobResult out(charts::showcaseCharts(result));
  out.runs = result.config.loads.size() * static_cast<std::uint64_t>(result.config.replications);
  out.events = result.totalEvents;
  return out;
}

int runGuiCommand(int argc, char** argv) {
  // Without a display QApplication aborts with a terse message; say what to do instead.
  if (!charts::HeadlessQt::displayAvailable() && qEnvironmentVariableIsEmpty("QT_QPA_PLATFORM")) {
    std::cerr << "wirelab: error: 'gui' needs a display (DISPLAY and WAYLAND_DISPLAY are unset)\n"
              << "Use 'wirelab showcase' to run headless; see 'wirelab --help'.\n";
    return kExitUsage;
  }
  charts::HeadlessQt::filterSessionNoise();
  QApplication app(argc, argv);
  QApplication::setApplicationName(QStringLiteral("Wirelab"));
  QApplication::setApplicationVersion(QStringLiteral(WIRELAB_VERSION));
  QApplication::setWindowIcon(QIcon(QStringLiteral(":/wirelab/wirelab.svg")));  // resources/resources.qrc
  gui::MainWindow window(&runShowcaseJob);
  window.show();
  return QApplication::exec();
}

}  // namespace wirelab::app::cli
