#include "models/scenario/run_results.h"

#include <algorithm>
#include <cmath>

#include "sim/metrics/histogram.h"

namespace wirelab::models::scenario {

void RunResults::addSample(const std::string& metric, const std::string& unit, double value) {
  Metric& m = m_metrics[metric];
  m.unit = unit;
  m.distribution = true;
  // Keep every stride-th sample; when the cap is reached, keep every other one kept so far and
  // double the stride, so the kept samples stay evenly spread over the whole run.
  if (m.seen++ % m.stride != 0) {
    ++m.droppedSamples;
    return;
  }
  m.samples.push_back(value);
  if (m.samples.size() < kMaxSamplesPerMetric) return;
  std::vector<double> kept;
  kept.reserve(m.samples.size() / 2 + 1);
  for (std::size_t i = 0; i < m.samples.size(); i += 2) kept.push_back(m.samples[i]);
  m.droppedSamples += m.samples.size() - kept.size();
  m.samples = std::move(kept);
  m.stride *= 2;
}

void RunResults::setValue(const std::string& metric, const std::string& unit, double value) {
  Metric& m = m_metrics[metric];
  m.unit = unit;
  m.distribution = false;
  m.value = value;
}

void RunResults::addEvent(double time, std::string source, std::string cause) {
  if (m_events.size() >= kMaxEvents) {
    ++droppedEvents;
    return;
  }
  m_events.push_back(TaggedEvent{time, std::move(source), std::move(cause)});
}

void RunResults::addWaterfall(WaterfallRow row) {
  if (m_waterfall.size() < kMaxWaterfallRows) m_waterfall.push_back(std::move(row));
}

const Metric* RunResults::find(const std::string& name) const {
  auto it = m_metrics.find(name);
  return it == m_metrics.end() ? nullptr : &it->second;
}

SampleSummary summarize(std::vector<double> samples) {
  SampleSummary s;
  s.count = samples.size();
  if (samples.empty()) {
    s.mean = s.min = s.p50 = s.p90 = s.p99 = s.max = std::nan("");
    return s;
  }
  sim::ExactQuantiles q;
  double sum = 0;
  for (const double x : samples) {
    q.add(x);
    sum += x;
  }
  s.mean = sum / static_cast<double>(samples.size());
  s.min = q.quantile(0.0);
  s.p50 = q.quantile(0.5);
  s.p90 = q.quantile(0.9);
  s.p99 = q.quantile(0.99);
  s.max = q.quantile(1.0);
  return s;
}

void RunResults::write(JsonWriter& w) const {
  w.beginObject();
  w.key("format").value("wirelab-run/1");
  w.key("seed").value(seed);
  w.key("replication").value(replication);
  w.key("simulated_events").value(simulatedEvents);
  w.key("simulated_seconds").value(simulatedSeconds);
  w.key("metrics").beginObject();
  for (const auto& [name, m] : m_metrics) {
    w.key(name).beginObject();
    w.key("unit").value(m.unit);
    if (m.distribution) {
      w.key("dropped_samples").value(m.droppedSamples);
      w.key("samples").beginArray();
      for (const double x : m.samples) w.value(x);
      w.endArray();
    } else {
      w.key("value").value(m.value);
    }
    w.endObject();
  }
  w.endObject();
  w.key("series").beginArray();
  for (const Series& s : m_series) {
    w.beginObject();
    w.key("name").value(s.name);
    w.key("x").value(s.xLabel);
    w.key("y").value(s.yLabel);
    w.key("points").beginArray();
    for (const auto& [x, y] : s.points) w.beginArray().value(x).value(y).endArray();
    w.endArray();
    w.endObject();
  }
  w.endArray();
  w.key("waterfall").beginArray();
  for (const WaterfallRow& r : m_waterfall) {
    w.beginArray().value(r.workload).value(r.label).value(r.queued).value(r.connectStart).value(r.connectEnd);
    w.value(r.sent).value(r.firstByte).value(r.done).value(r.connection).value(r.cause).endArray();
  }
  w.endArray();
  w.key("dropped_events").value(droppedEvents);
  w.key("events").beginArray();
  for (const TaggedEvent& e : m_events)
    w.beginArray().value(e.time).value(e.source).value(e.cause).endArray();
  w.endArray();
  w.endObject();
}

namespace {

double number(const YAML::Node& n) { return n.IsNull() ? std::nan("") : n.as<double>(); }

}  // namespace

std::optional<RunResults> RunResults::read(const YAML::Node& node, std::string& error) {
  try {
    if (!node.IsMap() || !node["format"] || node["format"].as<std::string>() != "wirelab-run/1") {
      error = "not a Wirelab run file (format wirelab-run/1)";
      return std::nullopt;
    }
    RunResults r;
    r.seed = node["seed"].as<std::uint64_t>();
    r.replication = node["replication"].as<std::uint64_t>();
    r.simulatedEvents = node["simulated_events"].as<std::uint64_t>();
    r.simulatedSeconds = number(node["simulated_seconds"]);
    for (const auto& kv : node["metrics"]) {
      Metric m;
      m.unit = kv.second["unit"].as<std::string>();
      if (kv.second["samples"]) {
        m.distribution = true;
        m.droppedSamples = kv.second["dropped_samples"].as<std::uint64_t>();
        for (const auto& x : kv.second["samples"]) m.samples.push_back(number(x));
      } else {
        m.value = number(kv.second["value"]);
      }
      r.m_metrics[kv.first.as<std::string>()] = std::move(m);
    }
    for (const auto& s : node["series"]) {
      Series series{s["name"].as<std::string>(), s["x"].as<std::string>(), s["y"].as<std::string>(), {}};
      for (const auto& p : s["points"]) series.points.emplace_back(number(p[0]), number(p[1]));
      r.m_series.push_back(std::move(series));
    }
    for (const auto& row : node["waterfall"]) {
      r.m_waterfall.push_back(WaterfallRow{row[0].as<std::string>(), row[1].as<std::string>(), number(row[2]),
                                           number(row[3]), number(row[4]), number(row[5]), number(row[6]),
                                           number(row[7]), row[8].as<int>(), row[9].as<std::string>()});
    }
    r.droppedEvents = node["dropped_events"].as<std::uint64_t>();
    for (const auto& e : node["events"]) {
      r.m_events.push_back(TaggedEvent{number(e[0]), e[1].as<std::string>(), e[2].as<std::string>()});
    }
    return r;
  } catch (const YAML::Exception& e) {
    error = "malformed run file: " + e.msg;
    return std::nullopt;
  }
}

}  // namespace wirelab::models::scenario
