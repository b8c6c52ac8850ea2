#include "models/patterns/notification_metrics.h"

#include <algorithm>
#include <cmath>
#include <utility>

namespace wirelab::models::patterns {

const char* toString(RecordKind kind) {
  switch (kind) {
    case RecordKind::PollEmpty:
      return "poll empty";
    case RecordKind::PollSkipped:
      return "poll skipped";
    case RecordKind::LongPollTimedOut:
      return "long poll timed out";
    case RecordKind::Disconnect:
      return "disconnect";
    case RecordKind::Reconnect:
      return "reconnect";
    case RecordKind::DuplicateEvent:
      return "duplicate event";
    case RecordKind::MissedEvents:
      return "missed events";
    case RecordKind::ConnectionOpened:
      return "connection opened";
    case RecordKind::ConnectionClosed:
      return "connection closed";
  }
  return "?";
}

void NotificationMetrics::delivered(std::uint32_t client, const BackendEvent& event, sim::SimTime at) {
  const Delivery d{client, event.id, event.createdAt, at};
  ++counters.eventsDelivered;
  m_latencySum += d.latencySeconds();
  ++m_latencyCount;
  if (m_keepDetail) m_deliveries.push_back(d);
  notified(d);
}

void NotificationMetrics::record(CauseRecord r) {
  recorded(r);
  if (m_keepDetail) m_records.push_back(std::move(r));
}

void NotificationMetrics::openConnectionsChanged(sim::SimTime at, int delta) {
  m_openNow += delta;
  m_openPeak = std::max(m_openPeak, m_openNow);
  if (m_keepDetail) m_open.emplace_back(at, m_openNow);
}

LatencySummary NotificationMetrics::latency() const {
  LatencySummary s;
  std::vector<double> v;
  v.reserve(m_deliveries.size());
  for (const Delivery& d : m_deliveries) v.push_back(d.latencySeconds());
  if (v.empty()) return s;
  std::sort(v.begin(), v.end());
  s.count = v.size();
  double sum = 0;
  for (double x : v) sum += x;
  s.mean = sum / static_cast<double>(v.size());
  const std::size_t n = v.size();
  s.median = n % 2 == 1 ? v[n / 2] : (v[n / 2 - 1] + v[n / 2]) / 2;
  const auto i90 = static_cast<std::size_t>(std::lround(0.9 * static_cast<double>(n - 1)));
  s.p90 = v[std::min(n - 1, i90)];
  s.min = v.front();
  s.max = v.back();
  return s;
}

}  // namespace wirelab::models::patterns
