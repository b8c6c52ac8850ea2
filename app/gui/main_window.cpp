// File: app/gui/main_window.cpp
#include "app/gui/main_window.h"

#include <qcustomplot.h>

#include <QAction>
#include <QApplication>
#include <QCloseEvent>
#include <QDir>
#include <QDoubleSpinBox>
#include <QFileDialog>
#include <QFormLayout>
#include <QGroupBox>
#include <QLabel>
#include <QMenuBar>
#include <QMessageBox>
#include <QProgressBar>
#include <QPushButton>
#include <QSpinBox>
#include <QSplitter>
#include <QStatusBar>
#include <QTabWidget>
#include <QVBoxLayout>
#include <algorithm>
#include <limits>

#include "app/charts/chart_export.h"
#include "app/charts/chart_renderer.h"
#include "app/gui/job_thread.h"

namespace wirelab::app::gui {
namespace {

// Tabs are narrow: the part of a title before a colon, e.g. "Mean queueing delay vs offered load".
QString tabTitle(const charts::ChartSpec& spec) {
  const QString title = QString::fromStdString(spec.title.empty() ? spec.id : spec.title);
  const qsizetype colon = title.indexOf(QLatin1Char(':'));
  return colon > 0 ? title.left(colon) : title;
}

QLabel* placeholder(const QString& text) {
  auto* label = new QLabel(text);
  label->setAlignment(Qt::AlignCenter);
  label->setWordWrap(true);
  label->setStyleSheet(QStringLiteral("color: palette(mid); font-size: 13pt; background: white;"));
  return label;
}

// Window-modal but non-blocking (open(), not exec()): no nested event loop that would stall the
// caller, e.g. a test waiting for runFinished.
void showWarning(QWidget* parent, const QString& title, const QString& text) {
  auto* box = new QMessageBox(QMessageBox::Warning, title, text, QMessageBox::Ok, parent);
  box->setAttribute(Qt::WA_DeleteOnClose);
  box->open();
}

}  // namespace

MainWindow::MainWindow(GuiJob job, QWidget* parent)
    : QMainWindow(parent), m_thread(new JobThread(std::move(job), this)) {
  setWindowTitle(QStringLiteral("Wirelab"));

  m_tabs = new QTabWidget;
  m_tabs->setDocumentMode(true);
  m_tabs->addTab(placeholder(tr("Set the parameters on the left and press Run.")), tr("Charts"));

  auto* splitter = new QSplitter(Qt::Horizontal);
  splitter->addWidget(buildParameterPanel());
  splitter->addWidget(m_tabs);
  splitter->setStretchFactor(0, 0);
  splitter->setStretchFactor(1, 1);
  splitter->setCollapsible(0, false);
  splitter->setCollapsible(1, false);
  splitter->setSizes({290, 910});
  setCentralWidget(splitter);

  buildMenus();
  statusBar()->showMessage(tr("Ready"));
  connect(m_thread, &JobThread::jobFinished, this, &MainWindow::showResult);
  resize(1200, 750);
  updateActions();
}

// m_thread is a child: QObject's destructor deletes it, and ~JobThread waits for a running job.
MainWindow::~MainWindow() = default;

QWidget* MainWindow::buildParameterPanel() {
  const GuiParameters defaults;

  m_linkRate = new QDoubleSpinBox;
  m_linkRate->setRange(0.1, 1'000'000);
  m_linkRate->setDecimals(1);
  m_linkRate->setSuffix(tr(" Mbit/s"));
  m_linkRate->setToolTip(tr("Rate of the bottleneck link"));

  m_packetSize = new QSpinBox;
  m_packetSize->setRange(1, 1'000'000);
  m_packetSize->setSuffix(tr(" B"));
  m_packetSize->setToolTip(tr("Size of every packet: the service time is size / link rate"));

  m_replications = new QSpinBox;
  m_replications->setRange(2, 1000);  // a confidence interval needs at least two
  m_replications->setToolTip(tr("Independent runs per offered load, for the 95% confidence interval"));

  m_duration = new QDoubleSpinBox;
  m_duration->setRange(0.1, 86'400);
  m_duration->setDecimals(1);
  m_duration->setSuffix(tr(" s"));
  m_duration->setToolTip(tr("Simulated time measured per run, after the warm-up"));

  m_seed = new QSpinBox;
  m_seed->setRange(0, std::numeric_limits<int>::max());
  m_seed->setToolTip(tr("Same seed, same results: every random stream derives from it"));
  setParameters(defaults);

  auto* about =
      new QLabel(tr("Poisson packet arrivals into one bottleneck link, swept over offered "
                    "load. Checks the simulator against the M/D/1 closed form."));
  about->setWordWrap(true);

  auto* form = new QFormLayout;
  form->setFieldGrowthPolicy(QFormLayout::AllNonFixedFieldsGrow);
  form->addRow(tr("Link rate"), m_linkRate);
  form->addRow(tr("Packet size"), m_packetSize);
  form->addRow(tr("Replications"), m_replications);
  form->addRow(tr("Duration"), m_duration);
  form->addRow(tr("Seed"), m_seed);

  auto* group = new QGroupBox(tr("Queueing showcase"));
  auto* groupLayout = new QVBoxLayout(group);
  groupLayout->addWidget(about);
  groupLayout->addSpacing(4);
  groupLayout->addLayout(form);

  m_runButton = new QPushButton(tr("Run"));
  m_runButton->setDefault(true);
  m_runButton->setMinimumHeight(32);
  m_runButton->setToolTip(tr("Run the simulation (Ctrl+R)"));
  connect(m_runButton, &QPushButton::clicked, this, &MainWindow::startRun);

  auto* resetButton = new QPushButton(tr("Defaults"));
  resetButton->setToolTip(tr("Restore the default parameters"));
  connect(resetButton, &QPushButton::clicked, this, [this] { setParameters(GuiParameters{}); });

  auto* buttons = new QHBoxLayout;
  buttons->addWidget(resetButton);
  buttons->addWidget(m_runButton, 1);

  m_busy = new QProgressBar;
  m_busy->setRange(0, 0);  // no progress reports from the job: an indeterminate bar
  m_busy->setTextVisible(false);
  m_busy->setMaximumHeight(8);
  m_busy->setVisible(false);

  auto* hint = new QLabel(tr("Charts: drag to pan, scroll to zoom, double-click to reset the view."));
  hint->setWordWrap(true);
  hint->setStyleSheet(QStringLiteral("color: palette(shadow);"));
  hint->setFont([] {
    QFont f;
    f.setPointSizeF(f.pointSizeF() * 0.9);
    return f;
  }());

  auto* panel = new QWidget;
  auto* layout = new QVBoxLayout(panel);
  layout->setContentsMargins(10, 10, 6, 10);
  layout->addWidget(group);
  layout->addLayout(buttons);
  layout->addWidget(m_busy);
  layout->addStretch(1);
  layout->addWidget(hint);
  panel->setMinimumWidth(250);
  panel->setMaximumWidth(420);
  return panel;
}

void MainWindow::buildMenus() {
  QMenu* file = menuBar()->addMenu(tr("&File"));
  m_runAction = file->addAction(tr("&Run"), this, &MainWindow::startRun);
  m_runAction->setShortcut(QKeySequence(Qt::CTRL | Qt::Key_R));
  m_exportAction = file->addAction(tr("&Export charts…"), this, &MainWindow::exportChartsInteractively);
  m_exportAction->setShortcut(QKeySequence(Qt::CTRL | Qt::Key_E));
  file->addSeparator();
  QAction* quit = file->addAction(tr("&Quit"), this, &QWidget::close);
  quit->setShortcut(QKeySequence::Quit);

  QMenu* help = menuBar()->addMenu(tr("&Help"));
  help->addAction(tr("&About Wirelab"), this, &MainWindow::showAbout);
}

GuiParameters MainWindow::parameters() const {
  GuiParameters p;
  p.linkRateMbps = m_linkRate->value();
  p.packetSizeBytes = m_packetSize->value();
  p.replications = m_replications->value();
  p.durationS = m_duration->value();
  p.seed = static_cast<std::uint64_t>(m_seed->value());
  return p;
}

void MainWindow::setParameters(const GuiParameters& p) {
  m_linkRate->setValue(p.linkRateMbps);
  m_packetSize->setValue(
      static_cast<int>(std::clamp<std::int64_t>(p.packetSizeBytes, 0, m_packetSize->maximum())));
  m_replications->setValue(p.replications);
  m_duration->setValue(p.durationS);
  m_seed->setValue(static_cast<int>(std::min<std::uint64_t>(p.seed, std::numeric_limits<int>::max())));
}

bool MainWindow::isRunning() const { return m_thread->isRunning(); }

void MainWindow::startRun() {
  if (!m_thread->startJob(parameters())) return;
  statusBar()->showMessage(tr("Running…"));
  updateActions();
}

void MainWindow::showResult(std::vector<charts::ChartSpec> charts, const QString& summary) {
  // The signal is run()'s last act; wait for the thread to wind down so isRunning() reads false.
  m_thread->wait();
  const bool ok = !charts.empty();
  statusBar()->showMessage(summary);
  if (ok) {
    m_charts = std::move(charts);
    showCharts();
  }
  updateActions();
  emit runFinished(ok);
  if (m_closeAfterRun) {
    close();
  } else if (!ok) {
    showWarning(this, tr("Run failed"), summary);
  }
}

void MainWindow::showCharts() {
  const int current = m_tabs->currentIndex();
  while (m_tabs->count() > 0) {
    QWidget* page = m_tabs->widget(0);
    m_tabs->removeTab(0);
    delete page;
  }
  for (const charts::ChartSpec& spec : m_charts) {
    auto* plot = new QCustomPlot;
    charts::renderChart(*plot, spec);
    // Drag to pan and wheel to zoom; double-click restores the rendered view.
    plot->setInteractions(QCP::iRangeDrag | QCP::iRangeZoom);
    connect(plot, &QCustomPlot::mouseDoubleClick, plot, [plot, spec] { charts::renderChart(*plot, spec); });
    const int index = m_tabs->addTab(plot, tabTitle(spec));
    m_tabs->setTabToolTip(index, QString::fromStdString(spec.title));
  }
  if (current >= 0 && current < m_tabs->count()) m_tabs->setCurrentIndex(current);
}

QStringList MainWindow::exportChartsTo(const std::filesystem::path& folder) const {
  QStringList errors;
  for (const charts::ChartSpec& spec : m_charts) {
    for (const char* ext : {".png", ".svg"}) {
      if (auto error = charts::exportChart(spec, folder / (spec.id + ext))) {
        errors << QString::fromStdString(*error);
      }
    }
  }
  return errors;
}

void MainWindow::exportChartsInteractively() {
  if (m_charts.empty()) return;
  const QString folder =
      QFileDialog::getExistingDirectory(this, tr("Export charts to folder"), QDir::homePath());
  if (folder.isEmpty()) return;
  const QStringList errors = exportChartsTo(folder.toStdString());
  if (!errors.isEmpty()) {
    showWarning(this, tr("Export failed"), errors.join(QLatin1Char('\n')));
    return;
  }
  statusBar()->showMessage(tr("Exported %1 charts (PNG and SVG) to %2")
                               .arg(m_charts.size())
                               .arg(QDir::toNativeSeparators(folder)));
}

void MainWindow::showAbout() {
  QMessageBox::about(this, tr("About Wirelab"),
                     tr("<h3>Wirelab %1</h3>"
                        "<p>Network protocol simulator and analyzer.</p>"
                        "<p>Built with Qt %2 and QCustomPlot %3.</p>")
                         .arg(QStringLiteral(WIRELAB_VERSION), QString::fromLatin1(qVersion()),
                              QStringLiteral(QCUSTOMPLOT_VERSION_STR)));
}

void MainWindow::updateActions() {
  const bool running = isRunning();
  m_runButton->setEnabled(!running);
  m_runButton->setText(running ? tr("Running…") : tr("Run"));
  m_runAction->setEnabled(!running);
  m_exportAction->setEnabled(!running && !m_charts.empty());
  m_busy->setVisible(running);
}

void MainWindow::closeEvent(QCloseEvent* event) {
  // A running job cannot be interrupted; closing now would freeze the window in ~JobThread until it
  // ends. Close once it has finished instead.
  if (isRunning()) {
    m_closeAfterRun = true;
    statusBar()->showMessage(tr("Closing when the current run finishes…"));
    event->ignore();
    return;
  }
  event->accept();
}

}  // namespace wirelab::app::gui
