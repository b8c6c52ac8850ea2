// File: app/gui/job_thread.cpp
#include "app/gui/job_thread.h"

#include <QElapsedTimer>
#include <QLocale>
#include <exception>
#include <stdexcept>

namespace wirelab::app::gui {

JobThread::JobThread(GuiJob job, QObject* parent) : QThread(parent), m_job(std::move(job)) {}

JobThread::~JobThread() { wait(); }

bool JobThread::startJob(const GuiParameters& params) {
  if (isRunning()) return false;
  m_params = params;  // start() orders this write before run() reads it
  start();
  return true;
}

void JobThread::run() {
  QElapsedTimer timer;
  timer.start();
  GuiJobResult result;
  QString error;
  try {
    if (!m_job) throw std::runtime_error("no job configured");
    result = m_job(m_params);
    if (result.charts.empty()) error = QStringLiteral("the job produced no charts");
  } catch (const std::exception& e) {
    error = QString::fromUtf8(e.what());
  } catch (...) {
    error = QStringLiteral("unknown exception");
  }
  const double seconds = static_cast<double>(timer.elapsed()) / 1000.0;
  if (!error.isEmpty()) {
    emit jobFinished({}, tr("Run failed after %1 s: %2").arg(seconds, 0, 'f', 1).arg(error));
    return;
  }
  // Grouped digits: event counts run into the millions.
  const QLocale locale(QLocale::English);
  QStringList parts;
  if (result.runs > 0) parts << tr("%1 runs").arg(locale.toString(static_cast<qulonglong>(result.runs)));
  if (result.events > 0)
    parts << tr("%1 events").arg(locale.toString(static_cast<qulonglong>(result.events)));
  parts << tr("%1 s wall time").arg(seconds, 0, 'f', 1);
  emit jobFinished(std::move(result.charts), parts.join(QStringLiteral("  ·  ")));
}

}  // namespace wirelab::app::gui
