// File: app/charts/chart_spec.h
// A plain C++ description of one chart: what the simulation side produces and what both the GUI and
// the headless exporter draw. No Qt types here, so specs can be built (and tested) without Qt and
// carried across threads by value.
#pragma once

#include <optional>
#include <string>
#include <vector>

namespace wirelab::app::charts {

// Segments: the points taken in pairs, (x[0], y[0])-(x[1], y[1]), (x[2], y[2])-(x[3], y[3]), ...,
// each drawn as a thick bar (waterfalls, timelines).
enum class SeriesStyle { Line, Points, LinePoints, Step, Segments };

struct ChartSeries {
  std::string name;  // legend text
  std::vector<double> x, y;
  // Optional confidence interval, drawn as error bars: absolute lower and upper bounds of y (not
  // distances from y), each the same size as y. Leave both empty for none.
  std::vector<double> errorLow, errorHigh;
  SeriesStyle style = SeriesStyle::Line;
  // Optional grouping: series with the same colourGroup share a colour, with the same dashGroup a
  // dash pattern (the cases of a two-axis grid: colour by one axis, dash by the other). -1: the
  // series' position picks both.
  int colourGroup = -1;
  int dashGroup = -1;
};

struct ChartSpec {
  std::string id;      // file stem when exported, e.g. "mean_wait_vs_load"
  std::string title;   // one line, above the plot
  std::string xLabel;  // with units, e.g. "offered load (ρ)"
  std::string yLabel;  // with units, e.g. "mean waiting time (ms)"
  bool logX = false;   // logarithmic axes: points at or below zero are left out
  bool logY = false;
  std::optional<double> yMin, yMax;  // override the automatic range
  std::vector<ChartSeries> series;
  std::string note;  // small caption under the plot (method, sample sizes); empty for none
};

}  // namespace wirelab::app::charts
