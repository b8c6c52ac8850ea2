// File: models/scenario/run_results.h
// What one run of a scenario produced: named metrics (a distribution of samples such as request
// latencies, or one value such as bytes on the wire), time series for charts and CSV files, and
// cause-tagged events ("queued: 6 connections busy") a GUI can list. Workloads fill it at the end
// of a run; the runner writes it as runs/<id>.json and aggregates replications from those files,
// so a merged set of shards gives the same bytes as one unsharded batch.
#pragma once

#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "models/scenario/json_writer.h"

namespace wirelab::models::scenario {

struct Series {
  std::string name;  // "h1.cwnd" (also the CSV file's name)
  std::string xLabel, yLabel;
  std::vector<std::pair<double, double>> points;
};

struct TaggedEvent {
  double time = 0;     // seconds of simulated time
  std::string source;  // the workload (and element) it concerns
  std::string cause;
};

// One request's life, for waterfall charts and exports (seconds of simulated time).
struct WaterfallRow {
  std::string workload, label;
  double queued = 0, connectStart = 0, connectEnd = 0, tlsEnd = 0, sent = 0, firstByte = 0, done = 0;
  int connection = -1;  // which connection (or stream) of its origin
  std::string cause;    // why it waited, if it did
};

struct Metric {
  std::string unit;  // "s", "B", "1" for counts
  bool distribution = false;
  std::vector<double> samples;  // distribution: every sample (up to kMaxSamplesPerMetric)
  double value = 0;             // single value
  std::uint64_t droppedSamples = 0;
  std::uint64_t seen = 0;    // samples offered (kept or not)
  std::uint64_t stride = 1;  // every stride-th offered sample is kept
};

// Beyond this many samples a metric keeps every k-th (deterministic thinning), so run files stay
// bounded for 100,000-client scenarios; quantiles stay within the thinning's resolution.
inline constexpr std::size_t kMaxSamplesPerMetric = 200'000;

class RunResults {
 public:
  void addSample(const std::string& metric, const std::string& unit, double value);
  void setValue(const std::string& metric, const std::string& unit, double value);
  void addSeries(Series s) { m_series.push_back(std::move(s)); }
  void addEvent(double time, std::string source, std::string cause);
  // Requests kept per run for waterfalls (the first ones); the rest are counted.
  static constexpr std::size_t kMaxWaterfallRows = 5'000;
  void addWaterfall(WaterfallRow row);
  const std::vector<WaterfallRow>& waterfall() const { return m_waterfall; }

  const std::map<std::string, Metric>& metrics() const { return m_metrics; }
  const std::vector<Series>& series() const { return m_series; }
  const std::vector<TaggedEvent>& events() const { return m_events; }
  const Metric* find(const std::string& name) const;

  // Run facts the runner records.
  std::uint64_t simulatedEvents = 0;
  double simulatedSeconds = 0;
  std::uint64_t seed = 0;
  std::uint64_t replication = 0;

  // runs/<id>.json: every metric with its samples, the series, the tagged events.
  void write(JsonWriter& w) const;
  // Reads what write() wrote; nullopt (with `error`) on a file that is not such a document.
  static std::optional<RunResults> read(std::string_view text, std::string& error);

  // Events kept per run (the first ones, in time order); the rest are only counted.
  static constexpr std::size_t kMaxEvents = 10'000;
  std::uint64_t droppedEvents = 0;

 private:
  std::map<std::string, Metric> m_metrics;
  std::vector<Series> m_series;
  std::vector<TaggedEvent> m_events;
  std::vector<WaterfallRow> m_waterfall;
};

// Statistics of a set of samples (Hyndman-Fan type 7 quantiles, as sim/metrics uses).
struct SampleSummary {
  std::size_t count = 0;
  double mean = 0, min = 0, p50 = 0, p90 = 0, p99 = 0, max = 0;
};
SampleSummary summarize(std::vector<double> samples);

}  // namespace wirelab::models::scenario
