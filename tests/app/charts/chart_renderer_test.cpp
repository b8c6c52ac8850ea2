// File: tests/app/charts/chart_renderer_test.cpp
// renderChart: what ends up on the plot (graphs, error bars, legend, axes, layout), and that
// rendering again replaces the previous chart instead of piling up.
#include "app/charts/chart_renderer.h"

#include <gtest/gtest.h>
#include <qcustomplot.h>

#include <cmath>
#include <vector>

#include "tests/app/charts/chart_test_support.h"
#include "tests/app/qt_test_environment.h"

namespace wirelab::app::charts {
namespace {

using testing::makeSeries;
using testing::sampleSpec;

int countErrorBars(QCustomPlot& plot) {
  int n = 0;
  for (int i = 0; i < plot.plottableCount(); ++i)
    n += qobject_cast<QCPErrorBars*>(plot.plottable(i)) != nullptr;
  return n;
}

TEST(RenderChartTest, DrawsSeriesErrorBarsLabelsAndLegend) {
  QCustomPlot plot;
  renderChart(plot, sampleSpec());
  EXPECT_EQ(plot.graphCount(), 2);
  EXPECT_EQ(countErrorBars(plot), 1);
  EXPECT_EQ(plot.graph(0)->name(), QStringLiteral("M/D/1 closed form"));
  EXPECT_EQ(plot.xAxis->label(), QStringLiteral("offered load (ρ)"));
  EXPECT_EQ(plot.yAxis->label(), QStringLiteral("mean waiting time (ms)"));
  EXPECT_TRUE(plot.legend->visible());
  EXPECT_EQ(plot.legend->itemCount(), 2) << "error bars stay out of the legend";
  // Title, plot, note.
  EXPECT_EQ(plot.plotLayout()->rowCount(), 3);
  // The range covers the data and the top of the highest error bar, from a zero baseline.
  EXPECT_DOUBLE_EQ(plot.yAxis->range().lower, 0.0);
  EXPECT_GT(plot.yAxis->range().upper, 0.95 / (2 * 0.05) * 1.1);
  EXPECT_LT(plot.xAxis->range().lower, 0.1);
  EXPECT_GT(plot.xAxis->range().upper, 0.95);
  EXPECT_NE(plot.graph(0)->pen().color(), plot.graph(1)->pen().color());
}

TEST(RenderChartTest, SingleSeriesHasNoLegend) {
  ChartSpec spec = sampleSpec();
  spec.series.resize(1);
  QCustomPlot plot;
  renderChart(plot, spec);
  EXPECT_FALSE(plot.legend->visible());
}

// A request waterfall as HTTP/1.1 x 6 draws it: a base document at the top, then 40 requests
// queued at 0.31 s that leave in waves of six, one round trip apart; each bar is its queued part,
// then waiting for the first byte, then receiving. The bottom rows wait longest, so their long
// queued bars fill the bottom-left; only the top-right is free.
TEST(RenderChartTest, TheLegendGoesWhereTheBarsLeaveRoom) {
  ChartSeries queued = makeSeries("queued", SeriesStyle::Segments);
  ChartSeries waiting = makeSeries("request sent, awaiting first byte", SeriesStyle::Segments);
  ChartSeries receiving = makeSeries("receiving", SeriesStyle::Segments);
  const auto bar = [](ChartSeries& s, double from, double to, double row) {
    s.x.insert(s.x.end(), {from, to});
    s.y.insert(s.y.end(), {row, row});
  };
  bar(waiting, 0.0, 0.2, 41);
  bar(receiving, 0.2, 0.31, 41);
  for (int i = 0; i < 40; ++i) {
    const double sent = 0.41 + 0.1 * (i / 6) + 0.002 * (i % 6);
    const double row = 40 - i;
    bar(queued, 0.31, sent, row);
    bar(waiting, sent, sent + 0.1, row);
    bar(receiving, sent + 0.1, sent + 0.105, row);
  }
  ChartSpec spec;
  spec.series = {queued, waiting, receiving};
  spec.yMin = 0;
  spec.yMax = 42;
  QCustomPlot plot;
  renderChart(plot, spec);
  ASSERT_TRUE(plot.legend->visible());
  EXPECT_EQ(plot.axisRect()->insetLayout()->insetAlignment(0), Qt::AlignTop | Qt::AlignRight);
}

TEST(RenderChartTest, RenderingAgainReplacesEverything) {
  QCustomPlot plot;
  renderChart(plot, sampleSpec());
  ChartSpec other;
  other.title = "Queue length";
  other.series.push_back(makeSeries("trace", SeriesStyle::Step, {0, 1, 2}, {0, 3, 1}));
  renderChart(plot, other);
  EXPECT_EQ(plot.graphCount(), 1);
  EXPECT_EQ(countErrorBars(plot), 0);
  EXPECT_EQ(plot.plotLayout()->rowCount(), 2) << "title and plot; the old note is gone";
  EXPECT_EQ(plot.graph(0)->lineStyle(), QCPGraph::lsStepLeft);
  renderChart(plot, sampleSpec());
  EXPECT_EQ(plot.plotLayout()->rowCount(), 3);
  EXPECT_EQ(plot.graphCount(), 2);
}

TEST(RenderChartTest, StylesMapToLineAndScatterStyles) {
  ChartSpec spec;
  for (SeriesStyle style :
       {SeriesStyle::Line, SeriesStyle::Points, SeriesStyle::LinePoints, SeriesStyle::Step}) {
    spec.series.push_back(makeSeries("s", style, {1, 2}, {1, 2}));
  }
  QCustomPlot plot;
  renderChart(plot, spec);
  ASSERT_EQ(plot.graphCount(), 4);
  EXPECT_EQ(plot.graph(0)->lineStyle(), QCPGraph::lsLine);
  EXPECT_TRUE(plot.graph(0)->scatterStyle().isNone());
  EXPECT_EQ(plot.graph(1)->lineStyle(), QCPGraph::lsNone);
  EXPECT_FALSE(plot.graph(1)->scatterStyle().isNone());
  EXPECT_EQ(plot.graph(2)->lineStyle(), QCPGraph::lsLine);
  EXPECT_FALSE(plot.graph(2)->scatterStyle().isNone());
  EXPECT_EQ(plot.graph(3)->lineStyle(), QCPGraph::lsStepLeft);
}

TEST(RenderChartTest, SeriesPastThePaletteDifferInDashAndMarker) {
  ChartSpec spec;
  for (int i = 0; i < 16; ++i)
    spec.series.push_back(makeSeries("s" + std::to_string(i), SeriesStyle::LinePoints, {1, 2}, {1, 2}));
  QCustomPlot plot;
  renderChart(plot, spec);
  ASSERT_EQ(plot.graphCount(), 16);
  // Every pair of series differs in colour, dash pattern or marker.
  for (int a = 0; a < 16; ++a) {
    for (int b = a + 1; b < 16; ++b) {
      const QCPGraph& ga = *plot.graph(a);
      const QCPGraph& gb = *plot.graph(b);
      const bool same = ga.pen().color() == gb.pen().color() && ga.pen().style() == gb.pen().style() &&
                        ga.scatterStyle().shape() == gb.scatterStyle().shape();
      EXPECT_FALSE(same) << "series " << a << " and " << b << " look alike";
    }
  }
  EXPECT_EQ(plot.graph(0)->pen().color(), plot.graph(7)->pen().color()) << "seven colours, then round again";
  EXPECT_EQ(plot.graph(0)->pen().style(), Qt::SolidLine);
  EXPECT_EQ(plot.graph(7)->pen().style(), Qt::DashLine);
}

TEST(RenderChartTest, LogAxisAndExplicitLimits) {
  ChartSpec spec = sampleSpec();
  spec.logY = true;
  QCustomPlot plot;
  renderChart(plot, spec);
  EXPECT_EQ(plot.yAxis->scaleType(), QCPAxis::stLogarithmic);
  EXPECT_GT(plot.yAxis->range().lower, 0.0);

  spec.logY = false;
  spec.yMin = -1;
  spec.yMax = 42;
  renderChart(plot, spec);
  EXPECT_EQ(plot.yAxis->scaleType(), QCPAxis::stLinear);
  EXPECT_DOUBLE_EQ(plot.yAxis->range().lower, -1);
  EXPECT_DOUBLE_EQ(plot.yAxis->range().upper, 42);
}

TEST(RenderChartTest, ALogarithmicXAxisSpansThePositiveDataAndLeavesTheRestOut) {
  // Load times from 0.2 to 9.7 s on both axes: a quarter decade of air each side, and a point at
  // x = 0 (no place on a log axis) neither stretches the range nor is drawn.
  ChartSpec spec;
  spec.logX = spec.logY = true;
  spec.series.push_back(
      makeSeries("loads", SeriesStyle::Points, {0.2, 1.0, 9.7, 0.0}, {0.21, 1.1, 9.0, 3.0}));
  QCustomPlot plot;
  renderChart(plot, spec);
  EXPECT_EQ(plot.xAxis->scaleType(), QCPAxis::stLogarithmic);
  EXPECT_EQ(plot.xAxis2->scaleType(), QCPAxis::stLogarithmic);
  EXPECT_NEAR(plot.xAxis->range().lower, 0.2 / std::pow(10.0, 0.25), 1e-9);
  EXPECT_NEAR(plot.xAxis->range().upper, 9.7 * std::pow(10.0, 0.25), 1e-9);
  ASSERT_EQ(plot.graphCount(), 1);
  EXPECT_TRUE(std::isnan(plot.graph(0)->data()->at(0)->value)) << "the point at x = 0 is sorted first";
  EXPECT_DOUBLE_EQ(plot.graph(0)->data()->at(1)->value, 0.21);
  spec.logX = false;
  renderChart(plot, spec);
  EXPECT_EQ(plot.xAxis->scaleType(), QCPAxis::stLinear);
}

TEST(RenderChartTest, ErrorBarsStayWithTheirPointsWhenXIsNotSorted) {
  // The graph sorts its points by x; each bar must still span its own point's interval.
  ChartSpec spec;
  ChartSeries s = makeSeries("unsorted", SeriesStyle::Points, {3, 1, 2}, {30, 10, 20});
  s.errorLow = {29, 5, 18};
  s.errorHigh = {31, 15, 22};
  spec.series.push_back(s);
  QCustomPlot plot;
  renderChart(plot, spec);
  QCPErrorBars* bars = nullptr;
  for (int i = 0; i < plot.plottableCount(); ++i) {
    if (auto* b = qobject_cast<QCPErrorBars*>(plot.plottable(i))) bars = b;
  }
  ASSERT_NE(bars, nullptr);
  ASSERT_EQ(plot.graph(0)->data()->size(), 3);
  const double lows[] = {5, 18, 29}, highs[] = {15, 22, 31};  // x = 1, 2, 3
  for (int k = 0; k < 3; ++k) {
    const double y = plot.graph(0)->data()->at(k)->value;
    EXPECT_DOUBLE_EQ(plot.graph(0)->data()->at(k)->key, k + 1.0);
    EXPECT_DOUBLE_EQ(y - bars->data()->at(k).errorMinus, lows[k]) << k;
    EXPECT_DOUBLE_EQ(y + bars->data()->at(k).errorPlus, highs[k]) << k;
  }
}

TEST(RenderChartTest, EmptyAndDegenerateSpecsStillGiveAUsableRange) {
  QCustomPlot plot;
  renderChart(plot, ChartSpec{});
  EXPECT_LT(plot.xAxis->range().lower, plot.xAxis->range().upper);
  ChartSpec flat;
  flat.series.push_back(makeSeries("flat", SeriesStyle::Line, {5, 5}, {3, 3}));
  renderChart(plot, flat);
  EXPECT_LT(plot.xAxis->range().lower, 5);
  EXPECT_GT(plot.yAxis->range().upper, 3);
}

}  // namespace
}  // namespace wirelab::app::charts
