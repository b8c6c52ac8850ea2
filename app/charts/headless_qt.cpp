// File: app/charts/headless_qt.cpp
#include "app/charts/headless_qt.h"

#include <QApplication>
#include <cstdio>

namespace wirelab::app::charts {

namespace {
QtMessageHandler g_previousHandler = nullptr;

// Qt warns on every start as root without a session ("QStandardPaths: XDG_RUNTIME_DIR not set,
// defaulting to ..."), which is noise in a headless run's output; every other message passes on.
void dropSessionNoise(QtMsgType type, const QMessageLogContext& context, const QString& message) {
  if (message.startsWith(QLatin1String("QStandardPaths: XDG_RUNTIME_DIR not set"))) return;
  if (g_previousHandler != nullptr) {
    g_previousHandler(type, context, message);
  } else {
    std::fprintf(stderr, "%s\n", qPrintable(qFormatLogMessage(type, context, message)));
  }
}
}  // namespace

bool HeadlessQt::displayAvailable() {
  return !qEnvironmentVariableIsEmpty("DISPLAY") || !qEnvironmentVariableIsEmpty("WAYLAND_DISPLAY");
}

void HeadlessQt::filterSessionNoise() {
  if (g_previousHandler == nullptr) g_previousHandler = qInstallMessageHandler(dropSessionNoise);
}

HeadlessQt::HeadlessQt(Platform platform) {
  if (QCoreApplication::instance() != nullptr) return;
  // An explicit QT_QPA_PLATFORM is the user's choice (e.g. xcb under xvfb for screenshots).
  const bool wantOffscreen = platform == Platform::Offscreen || !displayAvailable();
  if (wantOffscreen && qEnvironmentVariableIsEmpty("QT_QPA_PLATFORM")) {
    qputenv("QT_QPA_PLATFORM", "offscreen");
  }
  filterSessionNoise();
  m_app = std::make_unique<QApplication>(m_argc, m_argv);
}

HeadlessQt::~HeadlessQt() = default;

}  // namespace wirelab::app::charts
