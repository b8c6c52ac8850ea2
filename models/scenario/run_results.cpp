#include "models/scenario/run_results.h"

#include <algorithm>
#include <cmath>

#include "models/scenario/json_reader.h"
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
    w.value(r.tlsEnd)
        .value(r.sent)
        .value(r.firstByte)
        .value(r.done)
        .value(r.connection)
        .value(r.cause)
        .endArray();
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

// The run file's values, checked as they are read: a file of another shape is an error, not a
// crash. (null stands for NaN, as the writer puts it.)
struct Reader {
  std::string* error;
  bool ok = true;
  bool bad(const std::string& what) {
    if (ok) *error = "malformed run file: " + what;
    ok = false;
    return false;
  }
  const JsonValue* member(const JsonValue& v, std::string_view key) {
    const JsonValue* m = v.find(key);
    if (m == nullptr) bad("no \"" + std::string(key) + "\"");
    return m;
  }
  double number(const JsonValue* v) {
    if (v == nullptr) return 0;
    if (v->type == JsonValue::Type::Null) return std::nan("");
    if (v->type != JsonValue::Type::Number) bad("expected a number");
    return v->number;
  }
  std::uint64_t count(const JsonValue* v) {
    const double d = number(v);
    if (!(d >= 0) || d != std::floor(d)) bad("expected a count");
    return ok ? static_cast<std::uint64_t>(d) : 0;
  }
  std::string text(const JsonValue* v) {
    if (v == nullptr) return "";
    if (v->type != JsonValue::Type::String) bad("expected a string");
    return v->string;
  }
  const std::vector<JsonValue>& list(const JsonValue* v) {
    static const std::vector<JsonValue> none;
    if (v == nullptr || v->type != JsonValue::Type::Array) {
      bad("expected a list");
      return none;
    }
    return v->items;
  }
  const JsonValue* at(const JsonValue& v, std::size_t i) {
    if (v.type != JsonValue::Type::Array || i >= v.items.size()) {
      bad("a row is too short");
      return nullptr;
    }
    return &v.items[i];
  }
};

}  // namespace

std::optional<RunResults> RunResults::read(std::string_view text, std::string& error) {
  auto doc = parseJson(text, error);
  if (!doc) {
    error = "not JSON: " + error;
    return std::nullopt;
  }
  const JsonValue* format = doc->find("format");
  if (format == nullptr || format->type != JsonValue::Type::String || format->string != "wirelab-run/1") {
    error = "not a Wirelab run file (format wirelab-run/1)";
    return std::nullopt;
  }
  Reader in{&error};
  RunResults r;
  r.seed = in.count(in.member(*doc, "seed"));
  r.replication = in.count(in.member(*doc, "replication"));
  r.simulatedEvents = in.count(in.member(*doc, "simulated_events"));
  r.simulatedSeconds = in.number(in.member(*doc, "simulated_seconds"));
  if (const JsonValue* metrics = in.member(*doc, "metrics"); metrics != nullptr) {
    for (const auto& [name, m] : metrics->members) {
      Metric metric;
      metric.unit = in.text(in.member(m, "unit"));
      if (const JsonValue* samples = m.find("samples")) {
        metric.distribution = true;
        metric.droppedSamples = in.count(in.member(m, "dropped_samples"));
        metric.samples.reserve(samples->items.size());
        for (const JsonValue& x : in.list(samples)) metric.samples.push_back(in.number(&x));
      } else {
        metric.value = in.number(in.member(m, "value"));
      }
      r.m_metrics[name] = std::move(metric);
    }
  }
  for (const JsonValue& s : in.list(in.member(*doc, "series"))) {
    Series series{in.text(in.member(s, "name")), in.text(in.member(s, "x")), in.text(in.member(s, "y")), {}};
    for (const JsonValue& p : in.list(in.member(s, "points"))) {
      series.points.emplace_back(in.number(in.at(p, 0)), in.number(in.at(p, 1)));
    }
    r.m_series.push_back(std::move(series));
  }
  for (const JsonValue& w : in.list(in.member(*doc, "waterfall"))) {
    // Rows written before the TLS phase was recorded have no tlsEnd: TLS then ended with TCP.
    const std::size_t tls = in.list(&w).size() >= 11 ? 1 : 0;
    WaterfallRow row;
    row.workload = in.text(in.at(w, 0));
    row.label = in.text(in.at(w, 1));
    row.queued = in.number(in.at(w, 2));
    row.connectStart = in.number(in.at(w, 3));
    row.connectEnd = in.number(in.at(w, 4));
    row.tlsEnd = tls > 0 ? in.number(in.at(w, 5)) : row.connectEnd;
    row.sent = in.number(in.at(w, 5 + tls));
    row.firstByte = in.number(in.at(w, 6 + tls));
    row.done = in.number(in.at(w, 7 + tls));
    row.connection = static_cast<int>(in.number(in.at(w, 8 + tls)));
    row.cause = in.text(in.at(w, 9 + tls));
    r.m_waterfall.push_back(std::move(row));
  }
  r.droppedEvents = in.count(in.member(*doc, "dropped_events"));
  for (const JsonValue& e : in.list(in.member(*doc, "events"))) {
    r.m_events.push_back(TaggedEvent{in.number(in.at(e, 0)), in.text(in.at(e, 1)), in.text(in.at(e, 2))});
  }
  if (!in.ok) return std::nullopt;
  return r;
}

}  // namespace wirelab::models::scenario
