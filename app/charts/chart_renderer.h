// File: app/charts/chart_renderer.h
// Draws a ChartSpec onto a QCustomPlot: the one drawing path shared by the GUI tabs and the headless
// exporter, so a chart looks the same on screen and in a report. Re-rendering the same plot with
// another spec replaces everything that an earlier call drew.
#pragma once

#include "app/charts/chart_spec.h"

class QCustomPlot;

namespace wirelab::app::charts {

// Replaces the plot's content with `spec` and queues a replot (the caller need not call replot()).
void renderChart(QCustomPlot& plot, const ChartSpec& spec);

}  // namespace wirelab::app::charts
