// File: app/charts/showcase_charts.h
// Turns the queueing showcase's result into the three charts that the CLI exports and the GUI
// shows, so both present the same figures: mean waiting time against load (simulated, with 95% CI,
// next to the M/D/1 closed form), queue length over time at the trace load, and the waiting-time CDF.
#pragma once

#include <vector>

#include "app/charts/chart_spec.h"
#include "models/showcase/queueing_showcase.h"

namespace wirelab::app::charts {

// Chart ids (file stems), in the order showcaseCharts returns them.
inline constexpr const char* kMeanWaitChartId = "mean_wait_vs_load";
inline constexpr const char* kQueueTraceChartId = "queue_length_trace";
inline constexpr const char* kWaitCdfChartId = "wait_cdf";

// Long traces are thinned for drawing (the envelope is kept); the CSV files keep every sample.
std::vector<ChartSpec> showcaseCharts(const models::showcase::QueueingShowcaseResult& result);

}  // namespace wirelab::app::charts
