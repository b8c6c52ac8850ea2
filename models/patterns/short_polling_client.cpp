#include "models/patterns/short_polling_client.h"

namespace wirelab::models::patterns {

ShortPollingClient::ShortPollingClient(const ClientContext& context, std::uint32_t index,
                                       const NotificationClientConfig& config, sim::SimTime stopAt)
    : NotificationClient(context, index, config), m_stopAt(stopAt) {}

void ShortPollingClient::onStart() {
  m_firstTick = scheduler().now() + config().shortPolling.firstPollDelay;
  m_ticks = 0;
  if (m_firstTick < m_stopAt) patternTimer().armAt(*this, m_firstTick, &onTick);
}

void ShortPollingClient::tick() {
  if (stopped()) return;
  ++m_ticks;
  const sim::SimTime next = m_firstTick + config().shortPolling.interval * static_cast<std::int64_t>(m_ticks);
  if (next < m_stopAt) patternTimer().armAt(*this, next, &onTick);
  if (m_outstanding) {
    record(RecordKind::PollSkipped, lastSeenId(), "poll skipped: previous poll unanswered");
    return;
  }
  if (!connected()) {
    m_pollWhenOpen = true;
    return;
  }
  poll();
}

void ShortPollingClient::poll() {
  NotificationMessage m;
  m.kind = MessageKind::PollRequest;
  m.since = lastSeenId();
  m_outstanding = true;
  sendRequest(m, requestBytes("/poll?since=", m.since));
}

void ShortPollingClient::onOpen() {
  if (m_pollWhenOpen && !stopped()) {
    m_pollWhenOpen = false;
    poll();
  }
}

void ShortPollingClient::onResponse(const ReceivedNotification& m) {
  m_outstanding = false;
  ++metrics().counters.responses;
  if (m.meta.lastEvent < m.meta.firstEvent) {
    ++metrics().counters.emptyResponses;
    record(RecordKind::PollEmpty, lastSeenId(), "poll returned empty");
    return;
  }
  acceptEvents(m.meta, m.at);
}

void ShortPollingClient::onConnectionLost() {
  // The next tick finds the connection down, reconnects (now) and polls once it is open; a poll
  // lost with the connection is repeated at once.
  if (m_outstanding) m_pollWhenOpen = true;
  m_outstanding = false;
  record(RecordKind::Reconnect, lastSeenId(), "poll reconnect");
  ++metrics().counters.reconnects;
  openConnection();
}

}  // namespace wirelab::models::patterns
