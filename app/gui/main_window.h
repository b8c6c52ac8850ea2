// File: app/gui/main_window.h
// The Wirelab main window: showcase parameters and a Run button on the left, the resulting charts
// in tabs on the right, export of the shown charts from the File menu. The simulation itself is a
// GuiJob handed in by the program, run on a JobThread.
#pragma once

#include <QMainWindow>
#include <QStringList>
#include <filesystem>
#include <vector>

#include "app/charts/chart_spec.h"
#include "app/gui/gui_job.h"

class QAction;
class QDoubleSpinBox;
class QLabel;
class QProgressBar;
class QPushButton;
class QSpinBox;
class QTabWidget;

namespace wirelab::app::gui {

class JobThread;

class MainWindow : public QMainWindow {
  Q_OBJECT

 public:
  explicit MainWindow(GuiJob job, QWidget* parent = nullptr);
  ~MainWindow() override;

  GuiParameters parameters() const;  // as currently entered in the form
  void setParameters(const GuiParameters& params);
  const std::vector<charts::ChartSpec>& charts() const { return m_charts; }
  bool isRunning() const;

  // Writes every shown chart as <id>.png and <id>.svg into `folder`; returns the errors, if any.
  QStringList exportChartsTo(const std::filesystem::path& folder) const;

  // Starts the job with the form's parameters (what the Run button does); no-op while running.
  void startRun();

 signals:
  void runFinished(bool ok);

 protected:
  void closeEvent(QCloseEvent* event) override;

 private:
  QWidget* buildParameterPanel();
  void buildMenus();
  void showResult(std::vector<charts::ChartSpec> charts, const QString& summary);
  void showCharts();
  void exportChartsInteractively();
  void showAbout();
  void updateActions();

  JobThread* m_thread = nullptr;
  std::vector<charts::ChartSpec> m_charts;
  bool m_closeAfterRun = false;

  QDoubleSpinBox* m_linkRate = nullptr;
  QSpinBox* m_packetSize = nullptr;
  QSpinBox* m_replications = nullptr;
  QDoubleSpinBox* m_duration = nullptr;
  QSpinBox* m_seed = nullptr;
  QPushButton* m_runButton = nullptr;
  QProgressBar* m_busy = nullptr;
  QTabWidget* m_tabs = nullptr;
  QAction* m_runAction = nullptr;
  QAction* m_exportAction = nullptr;
};

}  // namespace wirelab::app::gui
