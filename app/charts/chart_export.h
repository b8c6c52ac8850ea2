// File: app/charts/chart_export.h
// Headless export of a ChartSpec to PNG, PDF or SVG (chosen by the file extension), drawn by the same
// renderChart as the GUI. Writes atomically: readers of `file` see the old file or the complete new
// one, never a half-written chart.
#pragma once

#include <filesystem>
#include <optional>
#include <string>

#include "app/charts/chart_spec.h"

namespace wirelab::app::charts {

// Returns an error message, or nullopt on success. Needs a QApplication (see HeadlessQt) and must
// run on the GUI thread, since the chart is a QWidget. The folder of `file` must exist.
std::optional<std::string> exportChart(const ChartSpec& spec, const std::filesystem::path& file,
                                       int widthPx = 900, int heightPx = 560);

}  // namespace wirelab::app::charts
