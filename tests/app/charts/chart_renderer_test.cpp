// File: tests/app/charts/chart_renderer_test.cpp
// renderChart: what ends up on the plot (graphs, error bars, legend, axes, layout), and that
// rendering again replaces the previous chart instead of piling up.
#include "app/charts/chart_renderer.h"

#include <gtest/gtest.h>
#include <qcustomplot.h>

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
