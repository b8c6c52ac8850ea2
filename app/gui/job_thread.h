// File: app/gui/job_thread.h
// Runs one GuiJob at a time on its own thread (the pattern of Qt's Mandelbrot RenderThread), so the
// window stays responsive during a simulation. The result comes back through a queued signal.
#pragma once

#include <QString>
#include <QThread>
#include <vector>

#include "app/charts/chart_spec.h"
#include "app/gui/gui_job.h"

namespace wirelab::app::gui {

class JobThread : public QThread {
  Q_OBJECT

 public:
  explicit JobThread(GuiJob job, QObject* parent = nullptr);
  ~JobThread() override;  // waits for a running job: it cannot be interrupted

  // Starts the job with `params`; returns false (and does nothing) while a job is still running.
  bool startJob(const GuiParameters& params);

 signals:
  // Empty `charts` means the job failed; `summary` then says why. Otherwise `summary` reads
  // "55 runs · 3,456,789 events · 2.4 s".
  void jobFinished(std::vector<wirelab::app::charts::ChartSpec> charts, QString summary);

 protected:
  void run() override;

 private:
  GuiJob m_job;
  GuiParameters m_params;  // written only while the thread is idle, read by run()
};

}  // namespace wirelab::app::gui
