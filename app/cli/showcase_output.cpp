// File: app/cli/showcase_output.cpp
#include "app/cli/showcase_output.h"

#include <unistd.h>

#include <algorithm>
#include <charconv>
#include <cmath>
#include <cstdio>
#include <fstream>
#include <system_error>
#include <vector>

#include "app/charts/chart_export.h"
#include "app/charts/showcase_charts.h"
#include "models/scenario/json_writer.h"

namespace wirelab::app::cli {
namespace {

namespace fs = std::filesystem;
using models::showcase::LoadPoint;
using models::showcase::QueueingShowcaseResult;

// One JSON string escaper for every file Wirelab writes (models/scenario/json_writer.h).
std::string jsonString(const std::string& s) { return models::scenario::JsonWriter::quote(s); }

// Writes "key": value pairs with commas and indentation, in the order they are added.
class JsonObject {
 public:
  explicit JsonObject(int indent) : m_indent(indent) {}
  JsonObject& raw(const std::string& key, const std::string& value) {
    m_fields.push_back(jsonString(key) + ": " + value);
    return *this;
  }
  JsonObject& number(const std::string& key, double v) { return raw(key, formatNumber(v)); }
  JsonObject& integer(const std::string& key, long long v) { return raw(key, std::to_string(v)); }
  JsonObject& unsignedInteger(const std::string& key, unsigned long long v) {
    return raw(key, std::to_string(v));
  }
  JsonObject& string(const std::string& key, const std::string& v) { return raw(key, jsonString(v)); }
  std::string str() const {
    const std::string pad(static_cast<std::size_t>(m_indent + 2), ' ');
    std::string out = "{\n";
    for (std::size_t i = 0; i < m_fields.size(); ++i) {
      out += pad + m_fields[i] + (i + 1 < m_fields.size() ? ",\n" : "\n");
    }
    return out + std::string(static_cast<std::size_t>(m_indent), ' ') + "}";
  }

 private:
  int m_indent;
  std::vector<std::string> m_fields;
};

std::string jsonArray(const std::vector<std::string>& items, int indent, bool oneLine) {
  if (items.empty()) return "[]";
  if (oneLine) {
    std::string out = "[";
    for (std::size_t i = 0; i < items.size(); ++i) out += (i ? ", " : "") + items[i];
    return out + "]";
  }
  const std::string pad(static_cast<std::size_t>(indent + 2), ' ');
  std::string out = "[\n";
  for (std::size_t i = 0; i < items.size(); ++i)
    out += pad + items[i] + (i + 1 < items.size() ? ",\n" : "\n");
  return out + std::string(static_cast<std::size_t>(indent), ' ') + "]";
}

std::optional<std::string> writeFile(const fs::path& file, const std::string& content) {
  std::ofstream out(file, std::ios::binary | std::ios::trunc);
  out << content;
  out.close();
  if (!out) return "cannot write '" + file.string() + "'";
  return std::nullopt;
}

}  // namespace

std::string formatNumber(double value) {
  if (!std::isfinite(value)) return "null";
  char buf[32];
  const auto [end, ec] = std::to_chars(buf, buf + sizeof buf, value);
  if (ec != std::errc()) return "null";  // cannot happen with 32 bytes; keeps the JSON valid anyway
  return std::string(buf, end);
}

std::string resultsJson(const QueueingShowcaseResult& r) {
  const auto& c = r.config;
  std::vector<std::string> loads;
  for (double load : c.loads) loads.push_back(formatNumber(load));

  JsonObject config(2);
  config.integer("link_rate_bps", c.linkRate.bitsPerSecond())
      .integer("packet_size_bytes", c.packetSize.bytes())
      .number("propagation_delay_s", c.propagationDelay.seconds())
      .raw("loads", jsonArray(loads, 4, true))
      .integer("replications", c.replications)
      .number("warmup_s", c.warmup.seconds())
      .number("duration_s", c.duration.seconds())
      .integer("queue_limit_packets", c.queueLimitPackets)
      .number("trace_load", c.traceLoad)
      .unsignedInteger("seed", c.seed);

  std::vector<std::string> points;
  for (const LoadPoint& p : r.points) {
    JsonObject o(4);
    o.number("load", p.load)
        .number("mean_wait_ms", p.meanWaitMs)
        .number("mean_wait_ci95_half_width_ms", p.meanWaitCiHalfWidthMs)
        .number("closed_form_wait_ms", p.closedFormWaitMs)
        .number("p99_wait_ms", p.p99WaitMs)
        .number("mean_sojourn_ms", p.meanSojournMs)
        .integer("packets_sent", p.packetsSent)
        .integer("packets_delivered", p.packetsDelivered)
        .integer("packets_dropped", p.packetsDropped)
        .unsignedInteger("events", p.events);
    points.push_back(o.str());
  }

  // The run's one expectation (see closedFormDisagreements): its verdict and every failure.
  std::vector<std::string> failures;
  for (const std::string& f : models::showcase::closedFormDisagreements(r)) failures.push_back(jsonString(f));
  JsonObject expectation(4);
  expectation.string("name", "mean waiting time agrees with M/D/1 within max(5%, 95% CI) at every load")
      .raw("passed", failures.empty() ? "true" : "false")
      .raw("failures", jsonArray(failures, 6, false));

  JsonObject root(0);
  root.string("wirelab_version", WIRELAB_VERSION)
      .string("showcase", "queueing")
      .raw("config", config.str())
      .raw("points", jsonArray(points, 2, false))
      .raw("expectations", jsonArray({expectation.str()}, 2, false))
      .unsignedInteger("total_events", r.totalEvents)
      .integer("queue_trace_samples", static_cast<long long>(r.queueTrace.size()))
      .integer("wait_cdf_points", static_cast<long long>(r.waitCdfMs.size()));
  return root.str() + "\n";
}

std::string meanWaitCsv(const QueueingShowcaseResult& r) {
  std::string out =
      "load,mean_wait_ms,ci95_half_width_ms,ci95_low_ms,ci95_high_ms,closed_form_wait_ms,p99_wait_ms,"
      "mean_sojourn_ms,packets_sent,packets_delivered,packets_dropped,events\n";
  for (const LoadPoint& p : r.points) {
    out += formatNumber(p.load) + "," + formatNumber(p.meanWaitMs) + "," +
           formatNumber(p.meanWaitCiHalfWidthMs) + "," +
           formatNumber(p.meanWaitMs - p.meanWaitCiHalfWidthMs) + "," +
           formatNumber(p.meanWaitMs + p.meanWaitCiHalfWidthMs) + "," + formatNumber(p.closedFormWaitMs) +
           "," + formatNumber(p.p99WaitMs) + "," + formatNumber(p.meanSojournMs) + "," +
           std::to_string(p.packetsSent) + "," + std::to_string(p.packetsDelivered) + "," +
           std::to_string(p.packetsDropped) + "," + std::to_string(p.events) + "\n";
  }
  return out;
}

std::string queueTraceCsv(const QueueingShowcaseResult& r) {
  std::string out = "time_s,packets_queued\n";
  for (const auto& q : r.queueTrace)
    out += formatNumber(q.timeS) + "," + formatNumber(q.packetsQueued) + "\n";
  return out;
}

std::string waitCdfCsv(const QueueingShowcaseResult& r) {
  std::string out = "wait_ms,cumulative_probability\n";
  const std::size_t n = std::min(r.waitCdfMs.size(), r.waitCdfProb.size());
  for (std::size_t i = 0; i < n; ++i)
    out += formatNumber(r.waitCdfMs[i]) + "," + formatNumber(r.waitCdfProb[i]) + "\n";
  return out;
}

std::optional<std::string> writeShowcaseFiles(const QueueingShowcaseResult& result, const fs::path& folder) {
  std::error_code ec;
  for (const char* sub : {"series", "charts"}) {
    fs::create_directories(folder / sub, ec);
    if (ec) return "cannot create '" + (folder / sub).string() + "': " + ec.message();
  }
  if (auto e = writeFile(folder / "results.json", resultsJson(result))) return e;
  if (auto e = writeFile(folder / "series" / (std::string(charts::kMeanWaitChartId) + ".csv"),
                         meanWaitCsv(result)))
    return e;
  if (auto e = writeFile(folder / "series" / (std::string(charts::kQueueTraceChartId) + ".csv"),
                         queueTraceCsv(result)))
    return e;
  if (auto e =
          writeFile(folder / "series" / (std::string(charts::kWaitCdfChartId) + ".csv"), waitCdfCsv(result)))
    return e;
  for (const charts::ChartSpec& spec : charts::showcaseCharts(result)) {
    for (const char* ext : {".png", ".svg"}) {
      if (auto e = charts::exportChart(spec, folder / "charts" / (spec.id + ext))) return e;
    }
  }
  return std::nullopt;
}

std::optional<std::string> checkReplaceable(const fs::path& target) {
  std::error_code ec;
  const fs::file_status status = fs::symlink_status(target, ec);
  if (status.type() == fs::file_type::not_found) return std::nullopt;
  if (status.type() != fs::file_type::directory) {
    return "output path '" + target.string() + "' exists and is not a folder";
  }
  if (fs::is_empty(target, ec) || fs::is_regular_file(target / "results.json", ec)) return std::nullopt;
  return "output folder '" + target.string() +
         "' exists and does not look like an earlier showcase output (no results.json); "
         "refusing to replace it, choose another --out";
}

std::optional<std::string> replaceFolder(const fs::path& staged, const fs::path& target) {
  std::error_code ec;
  const bool hadOld = fs::exists(fs::symlink_status(target, ec));
  const fs::path old =
      target.parent_path() / ("." + target.filename().string() + ".old-" + std::to_string(::getpid()));
  if (hadOld) {
    fs::remove_all(old, ec);
    fs::rename(target, old, ec);
    if (ec) return "cannot move the earlier output '" + target.string() + "' aside: " + ec.message();
  }
  fs::rename(staged, target, ec);
  if (ec) {
    const std::string message = "cannot move the new output into '" + target.string() + "': " + ec.message();
    std::error_code ignored;
    if (hadOld) fs::rename(old, target, ignored);  // put the earlier output back
    return message;
  }
  if (hadOld) fs::remove_all(old, ec);  // best effort: the new output is already in place
  return std::nullopt;
}

}  // namespace wirelab::app::cli
