// File: app/cli/scenario_charts.h
// The charts a scenario's results make, as plain ChartSpecs (drawn by app/charts for the GUI and
// for headless export): the scenario's `charts:` section, or when it has none, a latency CDF per
// distribution metric and a comparison across the sweep for each.
//   cdf       empirical CDF of a distribution metric, one curve per case (all replications pooled)
//   series    a time series of the first replication, one curve per case
//   sweep     a statistic against a sweep axis, with 95% confidence intervals of the mean
//   waterfall the requests of one workload as bars from queued to done (first case, replication)
#pragma once

#include <map>
#include <string>
#include <vector>

#include "app/charts/chart_spec.h"
#include "models/scenario/output.h"

namespace wirelab::app::cli {

std::vector<charts::ChartSpec> scenarioCharts(
    const models::scenario::ScenarioPlan& plan, const models::scenario::ScenarioOutcome& outcome,
    const std::map<std::string, models::scenario::RunResults>& runs);

}  // namespace wirelab::app::cli
