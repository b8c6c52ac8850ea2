// File: models/patterns/notification_metrics.h
// What the notification patterns measure, shared by one server and its clients: exact counters,
// notification latency per event (created at the backend -> received by the client), cause-tagged
// records a GUI can list ("poll returned empty", "long poll timed out", "SSE reconnect with
// Last-Event-ID 17"), and the server's open connections over time. Every record and delivery is
// also a sim::Signal; the vectors are kept only with keepDetail (a 100,000-client run keeps
// counters and sums only).
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "models/patterns/backend_events.h"
#include "sim/core/signal.h"
#include "sim/core/time.h"

namespace wirelab::models::patterns {

enum class RecordKind : std::uint8_t {
  PollEmpty,         // "poll returned empty"
  PollSkipped,       // a poll tick found the previous request unanswered
  LongPollTimedOut,  // "long poll timed out"
  Disconnect,        // the client lost its connection (random disconnect, reset, peer close)
  Reconnect,         // "SSE reconnect with Last-Event-ID 17", "long poll reconnect", ...
  DuplicateEvent,    // an event the client had already received
  MissedEvents,      // ids skipped: never delivered to this client
  ConnectionOpened,  // at the server
  ConnectionClosed,  // at the server
};
const char* toString(RecordKind kind);

struct CauseRecord {
  sim::SimTime time;
  std::uint32_t client = 0;  // client index; servers record with the client index they know
  RecordKind kind = RecordKind::PollEmpty;
  std::uint64_t eventId = 0;  // the event concerned, when there is one
  std::string cause;
};

struct Delivery {
  std::uint32_t client = 0;
  std::uint64_t eventId = 0;
  sim::SimTime createdAt;
  sim::SimTime receivedAt;
  double latencySeconds() const { return (receivedAt - createdAt).seconds(); }
};

struct NotificationCounters {
  std::uint64_t requestsSent = 0;           // HTTP requests (polls, long polls, SSE, upgrades)
  std::uint64_t serverRequestsHandled = 0;  // requests the server parsed and answered or held
  std::uint64_t responses = 0;              // complete responses (or 101s / SSE heads) at clients
  std::uint64_t emptyResponses = 0;         // "poll returned empty" (and empty long-poll answers)
  std::uint64_t longPollTimeouts = 0;
  std::uint64_t eventsDelivered = 0;  // first receipts (unique per client and event)
  std::uint64_t duplicates = 0;
  std::uint64_t missed = 0;        // ids a client skipped
  std::uint64_t clientFrames = 0;  // WebSocket frames from clients (acks, pings)
  std::uint64_t disconnects = 0;
  std::uint64_t reconnects = 0;
  std::uint64_t connectionsOpened = 0;  // TCP connections the clients opened
};

struct LatencySummary {
  std::uint64_t count = 0;
  double mean = 0, median = 0, p90 = 0, min = 0, max = 0;  // seconds
};

class NotificationMetrics {
 public:
  explicit NotificationMetrics(bool keepDetail = true) : m_keepDetail(keepDetail) {}

  void delivered(std::uint32_t client, const BackendEvent& event, sim::SimTime at);
  void record(CauseRecord r);
  void openConnectionsChanged(sim::SimTime at, int delta);

  NotificationCounters counters;
  const std::vector<Delivery>& deliveries() const { return m_deliveries; }
  const std::vector<CauseRecord>& records() const { return m_records; }
  // (time, open connections at the server) after every change.
  const std::vector<std::pair<sim::SimTime, std::int64_t>>& openConnections() const { return m_open; }
  std::int64_t openConnectionsNow() const { return m_openNow; }
  std::int64_t openConnectionsPeak() const { return m_openPeak; }
  double meanLatencySeconds() const {
    return m_latencyCount ? m_latencySum / static_cast<double>(m_latencyCount) : 0;
  }
  // From the kept deliveries (keepDetail); the median as Python's statistics.median and p90 as
  // the dataset's pct() (index round(0.9 (n - 1)) of the sorted values), so both compare alike.
  LatencySummary latency() const;
  bool keepsDetail() const { return m_keepDetail; }

  sim::Signal<const Delivery&> notified;
  sim::Signal<const CauseRecord&> recorded;

 private:
  bool m_keepDetail;
  std::vector<Delivery> m_deliveries;
  std::vector<CauseRecord> m_records;
  std::vector<std::pair<sim::SimTime, std::int64_t>> m_open;
  std::int64_t m_openNow = 0;
  std::int64_t m_openPeak = 0;
  double m_latencySum = 0;
  std::uint64_t m_latencyCount = 0;
};

}  // namespace wirelab::models::patterns
