// File: app/charts/chart_renderer.cpp
#include "app/charts/chart_renderer.h"

#include <qcustomplot.h>

#include <algorithm>
#include <array>
#include <cmath>
#include <cstddef>
#include <limits>
#include <numeric>
#include <vector>

namespace wirelab::app::charts {
namespace {

// Okabe-Ito: distinguishable with the common colour-vision deficiencies and in grey-scale print.
// Yellow is left out: it disappears on white.
constexpr std::array<QRgb, 7> kPalette = {0xFF0072B2, 0xFFD55E00, 0xFF009E73, 0xFFCC79A7,
                                          0xFFE69F00, 0xFF56B4E9, 0xFF000000};
// Past seven series the colours come round again with another dash pattern and marker, so that
// series 1 and 8 still differ (solid vs dashed, circle vs square).
struct SeriesLook {
  QColor color;
  Qt::PenStyle dash = Qt::SolidLine;
  QCPScatterStyle::ScatterShape marker = QCPScatterStyle::ssCircle;
};
constexpr std::array<Qt::PenStyle, 5> kDashes = {Qt::SolidLine, Qt::DashLine, Qt::DotLine, Qt::DashDotLine,
                                                 Qt::DashDotDotLine};
constexpr std::array<QCPScatterStyle::ScatterShape, 5> kMarkers = {
    QCPScatterStyle::ssCircle, QCPScatterStyle::ssSquare, QCPScatterStyle::ssTriangle,
    QCPScatterStyle::ssDiamond, QCPScatterStyle::ssCross};
SeriesLook seriesLook(std::size_t index, const ChartSeries& s) {
  const std::size_t colour = s.colourGroup >= 0 ? static_cast<std::size_t>(s.colourGroup) : index;
  const std::size_t dash = s.dashGroup >= 0 ? static_cast<std::size_t>(s.dashGroup) : index / kPalette.size();
  return {QColor::fromRgba(kPalette[colour % kPalette.size()]), kDashes[dash % kDashes.size()],
          kMarkers[dash % kMarkers.size()]};
}

const QColor kTextColor(0x20, 0x20, 0x20);
const QColor kAxisColor(0x60, 0x60, 0x60);
const QColor kGridColor(0xE3, 0xE3, 0xE3);
const QString kErrorBarLayer = QStringLiteral("errorbars");

QString toQString(const std::string& s) {
  return QString::fromUtf8(s.data(), static_cast<qsizetype>(s.size()));
}

QFont fontWithSize(const QFont& base, double pointSize, bool bold = false) {
  QFont f = base;
  f.setPointSizeF(pointSize);
  f.setBold(bold);
  return f;
}

struct Range {
  double lower = std::numeric_limits<double>::infinity();
  double upper = -std::numeric_limits<double>::infinity();
  bool valid() const { return lower <= upper; }
  void include(double v) {
    lower = std::min(lower, v);
    upper = std::max(upper, v);
  }
};

bool usable(double v, bool positiveOnly) { return std::isfinite(v) && (!positiveOnly || v > 0); }

// Data extent of every series, error bounds included, so error bars never poke out of the plot.
void dataRanges(const ChartSpec& spec, Range& x, Range& y) {
  for (const ChartSeries& s : spec.series) {
    const std::size_t n = std::min(s.x.size(), s.y.size());
    for (std::size_t i = 0; i < n; ++i) {
      if (!usable(s.x[i], spec.logX) || !usable(s.y[i], spec.logY)) continue;
      x.include(s.x[i]);
      y.include(s.y[i]);
      if (i < s.errorLow.size() && usable(s.errorLow[i], spec.logY)) y.include(s.errorLow[i]);
      if (i < s.errorHigh.size() && usable(s.errorHigh[i], spec.logY)) y.include(s.errorHigh[i]);
    }
  }
}

bool needsXMargin(const ChartSpec& spec) {
  // Markers and whiskers on the plot border get cut in half; plain lines and steps can touch it (a
  // time axis that starts at -1.5 s looks wrong).
  return std::any_of(spec.series.begin(), spec.series.end(), [](const ChartSeries& s) {
    return s.style == SeriesStyle::Points || s.style == SeriesStyle::LinePoints || !s.errorLow.empty();
  });
}

QCPRange xRangeFor(const ChartSpec& spec, Range x) {
  if (spec.logX) {
    if (!x.valid()) return {1, 10};
    // A quarter decade of air on each side, as on a logarithmic y axis.
    const double f = std::pow(10.0, 0.25);
    return {x.lower / f, x.upper * f};
  }
  if (!x.valid()) return {0, 1};
  if (x.lower == x.upper) return {x.lower - 1, x.upper + 1};
  if (!needsXMargin(spec)) {
    // A time axis whose first sample comes just after zero still starts at zero.
    const bool nearZero = x.lower > 0 && x.lower <= 0.02 * x.upper;
    return {nearZero ? 0.0 : x.lower, x.upper};
  }
  const double margin = 0.03 * (x.upper - x.lower);
  return {x.lower - margin, x.upper + margin};
}

QCPRange yRangeFor(const ChartSpec& spec, Range y) {
  QCPRange r;
  if (spec.logY) {
    if (!y.valid()) {
      r = {1, 10};
    } else {
      // A quarter decade of air on a log axis, whatever the magnitude.
      const double f = std::pow(10.0, 0.25);
      r = {y.lower / f, y.upper * f};
    }
  } else if (!y.valid()) {
    r = {0, 1};
  } else if (y.lower == y.upper) {
    const double half = y.lower == 0 ? 1 : std::abs(y.lower) * 0.1;
    r = {y.lower - half, y.upper + half};
  } else {
    const double span = y.upper - y.lower;
    // Non-negative quantities (delays, lengths, probabilities) read best from a zero baseline, unless
    // that would squash the data into a thin band at the top.
    const double lower = (y.lower >= 0 && y.lower <= 0.3 * y.upper) ? 0.0 : y.lower - 0.05 * span;
    r = {lower, y.upper + 0.06 * span};
  }
  if (spec.yMin) r.lower = *spec.yMin;
  if (spec.yMax) r.upper = *spec.yMax;
  if (r.lower >= r.upper) r.upper = r.lower + (spec.logY ? r.lower * 10 : 1);
  return r;
}

double normalized(double v, const QCPRange& r, bool log) {
  if (log) return (std::log10(v) - std::log10(r.lower)) / (std::log10(r.upper) - std::log10(r.lower));
  return (v - r.lower) / (r.upper - r.lower);
}

// The legend goes into the inner corner that the data leaves emptiest: the plot area is divided
// into a grid, every cell a line, bar or point passes through is marked (lines and bars are walked
// in small steps, so a long bar claims every cell it crosses, not just its ends), and the corner
// with the fewest marked cells wins. Counting cells rather than points keeps a dense curve from
// outweighing a thick bar that covers a corner.
Qt::Alignment emptiestCorner(const ChartSpec& spec, const QCPRange& xr, const QCPRange& yr) {
  constexpr int kCells = 40;
  constexpr double kCornerW = 0.45, kCornerH = 0.4;
  constexpr double kStep = 0.25 / kCells;  // normalised distance between samples along a line
  std::array<std::array<bool, kCells>, kCells> marked{};
  auto mark = [&](double nx, double ny) {
    if (!(nx >= 0 && nx <= 1 && ny >= 0 && ny <= 1)) return;
    marked[static_cast<std::size_t>(std::min(kCells - 1, static_cast<int>(nx * kCells)))]
          [static_cast<std::size_t>(std::min(kCells - 1, static_cast<int>(ny * kCells)))] = true;
  };
  auto at = [&](double x, double y, double& nx, double& ny) {
    if (!usable(x, spec.logX) || !usable(y, spec.logY)) return false;
    nx = normalized(x, xr, spec.logX);
    ny = normalized(y, yr, spec.logY);
    return std::isfinite(nx) && std::isfinite(ny);
  };
  for (const ChartSeries& s : spec.series) {
    const std::size_t n = std::min(s.x.size(), s.y.size());
    for (std::size_t i = 0; i < n; ++i) {
      double x0 = 0, y0 = 0;
      if (!at(s.x[i], s.y[i], x0, y0)) continue;
      mark(x0, y0);
      // Segments are (start, end) pairs: nothing is drawn between one bar's end and the next's start.
      const bool joined = s.style == SeriesStyle::Segments ? i % 2 == 0 : s.style != SeriesStyle::Points;
      double x1 = 0, y1 = 0;
      if (i + 1 >= n || !joined || !at(s.x[i + 1], s.y[i + 1], x1, y1)) continue;
      if (s.style == SeriesStyle::Step) y1 = y0;  // the horizontal part; the riser is at x1
      // Clip to the plot before walking, so a line from far outside costs no more steps.
      const double length = std::hypot(std::clamp(x1, 0.0, 1.0) - std::clamp(x0, 0.0, 1.0),
                                       std::clamp(y1, 0.0, 1.0) - std::clamp(y0, 0.0, 1.0));
      const int steps = std::clamp(static_cast<int>(length / kStep), 1, 4 * kCells);
      for (int k = 1; k <= steps; ++k) {
        const double t = static_cast<double>(k) / steps;
        mark(x0 + t * (x1 - x0), y0 + t * (y1 - y0));
      }
    }
  }
  std::array<int, 4> hits{};  // top-left, top-right, bottom-left, bottom-right
  for (int cx = 0; cx < kCells; ++cx) {
    for (int cy = 0; cy < kCells; ++cy) {
      if (!marked[static_cast<std::size_t>(cx)][static_cast<std::size_t>(cy)]) continue;
      const double nx = (cx + 0.5) / kCells, ny = (cy + 0.5) / kCells;
      const bool left = nx <= kCornerW, right = nx >= 1 - kCornerW;
      const bool top = ny >= 1 - kCornerH, bottom = ny <= kCornerH;
      if (top && left) ++hits[0];
      if (top && right) ++hits[1];
      if (bottom && left) ++hits[2];
      if (bottom && right) ++hits[3];
    }
  }
  constexpr std::array<Qt::Alignment, 4> corners = {
      Qt::AlignTop | Qt::AlignLeft, Qt::AlignTop | Qt::AlignRight, Qt::AlignBottom | Qt::AlignLeft,
      Qt::AlignBottom | Qt::AlignRight};
  // Ties prefer the top-left: the usual place readers look for a legend.
  const auto best = std::min_element(hits.begin(), hits.end());
  return corners[static_cast<std::size_t>(best - hits.begin())];
}

void styleAxis(QCPAxis& axis, const QFont& base) {
  axis.setLabelFont(fontWithSize(base, 10.5));
  axis.setLabelColor(kTextColor);
  axis.setTickLabelFont(fontWithSize(base, 9.5));
  axis.setTickLabelColor(kTextColor);
  axis.setBasePen(QPen(kAxisColor, 1));
  axis.setTickPen(QPen(kAxisColor, 1));
  axis.setSubTickPen(QPen(kAxisColor, 1));
  axis.setTickLengthIn(0);
  axis.setTickLengthOut(4);
  axis.setSubTickLengthIn(0);
  axis.setSubTickLengthOut(2);
  axis.grid()->setPen(QPen(kGridColor, 1, Qt::SolidLine));
  axis.grid()->setZeroLinePen(Qt::NoPen);
  axis.grid()->setSubGridVisible(false);
}

// Linear, or logarithmic with a tick at each power of ten and eight sub-ticks between.
void setScale(QCPAxis& axis, bool log) {
  if (log) {
    axis.setScaleType(QCPAxis::stLogarithmic);
    auto ticker = QSharedPointer<QCPAxisTickerLog>::create();
    ticker->setSubTickCount(8);
    axis.setTicker(ticker);
    axis.setNumberFormat("gb");
  } else {
    axis.setScaleType(QCPAxis::stLinear);
    axis.setTicker(QSharedPointer<QCPAxisTicker>::create());
    axis.setNumberFormat("g");
  }
  axis.setSubTicks(log);
}

// Rebuilds the outer layout as [title] / [axis rect] / [note], keeping the default axis rect (the
// legend and axes live in it) and deleting whatever title and note an earlier render added.
void layoutTitleAndNote(QCustomPlot& plot, const ChartSpec& spec, const QFont& base) {
  QCPLayoutGrid* layout = plot.plotLayout();
  QCPAxisRect* rect = plot.axisRect();
  layout->take(rect);
  layout->clear();
  int row = 0;
  if (!spec.title.empty()) {
    auto* title = new QCPTextElement(&plot, toQString(spec.title), fontWithSize(base, 12.5, true));
    title->setTextColor(kTextColor);
    title->setMargins(QMargins(10, 10, 10, 2));
    layout->addElement(row++, 0, title);
  }
  layout->addElement(row++, 0, rect);
  if (!spec.note.empty()) {
    auto* note = new QCPTextElement(&plot, toQString(spec.note), fontWithSize(base, 8.5));
    note->setTextColor(QColor(0x70, 0x70, 0x70));
    note->setMargins(QMargins(10, 0, 10, 6));
    layout->addElement(row++, 0, note);
  }
  // Text elements cap their own height, so the axis rect takes whatever the title and note leave.
  layout->setRowSpacing(0);
}

// A curve keeps its points in the given order (a graph sorts them by x), and NaN separates the
// bars, so one legend entry covers all the segments of a series.
void addSegments(QCustomPlot& plot, const ChartSeries& s, const QColor& color) {
  auto* curve = new QCPCurve(plot.xAxis, plot.yAxis);
  curve->setName(toQString(s.name));
  QVector<double> ts, xs, ys;
  const std::size_t n = std::min(s.x.size(), s.y.size()) / 2 * 2;
  for (std::size_t i = 0; i < n; i += 2) {
    for (std::size_t k = 0; k < 3; ++k) {
      ts.push_back(static_cast<double>(ts.size()));
      xs.push_back(k < 2 ? s.x[i + k] : std::numeric_limits<double>::quiet_NaN());
      ys.push_back(k < 2 ? s.y[i + k] : std::numeric_limits<double>::quiet_NaN());
    }
  }
  curve->setData(ts, xs, ys, /*alreadySorted=*/true);
  QPen pen(color, 7.0);
  pen.setCapStyle(Qt::FlatCap);
  curve->setPen(pen);
}

void addSeries(QCustomPlot& plot, const ChartSpec& spec, const ChartSeries& s, const SeriesLook& look) {
  const QColor& color = look.color;
  if (s.style == SeriesStyle::Segments) {
    addSegments(plot, s, color);
    return;
  }
  QCPGraph* graph = plot.addGraph();
  graph->setName(toQString(s.name));
  const std::size_t n = std::min(s.x.size(), s.y.size());
  // A graph keeps its points sorted by x, and error bars go by the graph's index: the points (and
  // their bounds, below) are handed over already in that order, or a bar would mark another point.
  std::vector<std::size_t> order(n);
  std::iota(order.begin(), order.end(), std::size_t{0});
  std::stable_sort(order.begin(), order.end(), [&s](std::size_t a, std::size_t b) {
    const bool aNumber = !std::isnan(s.x[a]), bNumber = !std::isnan(s.x[b]);
    return aNumber != bNumber ? aNumber : (aNumber && s.x[a] < s.x[b]);
  });
  QVector<double> xs(static_cast<qsizetype>(n)), ys(static_cast<qsizetype>(n));
  for (std::size_t k = 0; k < n; ++k) {
    const std::size_t i = order[k];
    // NaN leaves a gap; on a log axis non-positive values have no place either.
    const bool drawn = usable(s.x[i], spec.logX) && usable(s.y[i], spec.logY);
    xs[static_cast<qsizetype>(k)] = s.x[i];
    ys[static_cast<qsizetype>(k)] = drawn ? s.y[i] : std::numeric_limits<double>::quiet_NaN();
  }
  graph->setData(xs, ys, /*alreadySorted=*/true);

  // Dense step traces turn into a solid block with a thick pen.
  QPen pen(color, s.style == SeriesStyle::Line || s.style == SeriesStyle::LinePoints ? 2.0 : 1.2);
  pen.setJoinStyle(Qt::RoundJoin);
  pen.setStyle(look.dash);
  graph->setPen(pen);
  switch (s.style) {
    case SeriesStyle::Line:
      graph->setLineStyle(QCPGraph::lsLine);
      break;
    case SeriesStyle::Step:
      graph->setLineStyle(QCPGraph::lsStepLeft);
      break;
    case SeriesStyle::Points:
      graph->setLineStyle(QCPGraph::lsNone);
      break;
    case SeriesStyle::LinePoints:
    case SeriesStyle::Segments:
      graph->setLineStyle(QCPGraph::lsLine);
      break;
  }
  if (s.style == SeriesStyle::Points || s.style == SeriesStyle::LinePoints) {
    graph->setScatterStyle(QCPScatterStyle(look.marker, QPen(color, 1.5), QBrush(Qt::white), 7));
  }

  if (s.errorLow.size() == n && s.errorHigh.size() == n && n > 0) {
    auto* bars = new QCPErrorBars(plot.xAxis, plot.yAxis);
    bars->removeFromLegend();
    bars->setDataPlottable(graph);
    QVector<double> minus(static_cast<qsizetype>(n)), plus(static_cast<qsizetype>(n));
    for (std::size_t k = 0; k < n; ++k) {
      const std::size_t i = order[k];
      // QCPErrorBars takes distances from the value; the spec holds the interval's bounds.
      const double y = s.y[i];
      double low = s.errorLow[i], high = s.errorHigh[i];
      if (spec.logY && !(low > 0)) low = y;  // a bound at or below zero cannot be drawn on a log axis
      minus[static_cast<qsizetype>(k)] = std::isfinite(low) ? std::max(0.0, y - low) : 0.0;
      plus[static_cast<qsizetype>(k)] = std::isfinite(high) ? std::max(0.0, high - y) : 0.0;
    }
    bars->setData(minus, plus);
    bars->setPen(QPen(color, 1.5));
    bars->setWhiskerWidth(8);
    bars->setSymbolGap(8);  // the whisker stops at the marker instead of crossing it
    // Whiskers on a layer below the graphs, so markers and lines sit on top of them.
    if (!plot.layer(kErrorBarLayer)) plot.addLayer(kErrorBarLayer, plot.layer("main"), QCustomPlot::limBelow);
    bars->setLayer(kErrorBarLayer);
  }
}

}  // namespace

void renderChart(QCustomPlot& plot, const ChartSpec& spec) {
  plot.clearItems();
  plot.clearPlottables();
  const QFont base = plot.font();

  plot.setBackground(Qt::white);
  plot.setAntialiasedElements(QCP::aePlottables | QCP::aeScatters | QCP::aeFills | QCP::aeItems |
                              QCP::aeLegendItems | QCP::aeOther);
  plot.setNotAntialiasedElements(QCP::aeAxes | QCP::aeGrid | QCP::aeSubGrid | QCP::aeZeroLine);
  layoutTitleAndNote(plot, spec, base);

  plot.xAxis->setLabel(toQString(spec.xLabel));
  plot.yAxis->setLabel(toQString(spec.yLabel));
  styleAxis(*plot.xAxis, base);
  styleAxis(*plot.yAxis, base);
  // A frame around the plot area: the top and right axes without ticks or labels.
  for (QCPAxis* axis : {plot.xAxis2, plot.yAxis2}) {
    axis->setVisible(true);
    axis->setTicks(false);
    axis->setTickLabels(false);
    axis->setBasePen(QPen(kAxisColor, 1));
  }

  setScale(*plot.xAxis, spec.logX);
  setScale(*plot.yAxis, spec.logY);
  setScale(*plot.xAxis2, spec.logX);
  setScale(*plot.yAxis2, spec.logY);

  for (std::size_t i = 0; i < spec.series.size(); ++i) {
    addSeries(plot, spec, spec.series[i], seriesLook(i, spec.series[i]));
  }

  Range x, y;
  dataRanges(spec, x, y);
  const QCPRange xr = xRangeFor(spec, x), yr = yRangeFor(spec, y);
  plot.xAxis->setRange(xr);
  plot.yAxis->setRange(yr);
  plot.xAxis2->setRange(xr);
  plot.yAxis2->setRange(yr);

  const bool showLegend = spec.series.size() > 1;
  plot.legend->setVisible(showLegend);
  if (showLegend) {
    plot.legend->setFont(fontWithSize(base, 9.5));
    plot.legend->setTextColor(kTextColor);
    plot.legend->setBrush(QColor(255, 255, 255, 230));
    plot.legend->setBorderPen(QPen(QColor(0xC8, 0xC8, 0xC8), 1));
    plot.legend->setIconSize(26, 12);
    plot.legend->setMargins(QMargins(8, 5, 8, 5));
    // QCustomPlot clips each legend entry to its own rectangle, and the painter's text sat lower in it
    // than the entry's size allows: descenders were cut off (the "g" of "receiving" in the waterfall).
    // Three pixels below each entry leave room for them.
    for (int i = 0; i < plot.legend->itemCount(); ++i) plot.legend->item(i)->setMargins(QMargins(0, 0, 0, 3));
    plot.axisRect()->insetLayout()->setInsetAlignment(0, emptiestCorner(spec, xr, yr));
    plot.axisRect()->insetLayout()->setMargins(QMargins(12, 12, 12, 12));
  }
  plot.replot(QCustomPlot::rpQueuedReplot);
}

}  // namespace wirelab::app::charts
