#include "models/patterns/sse_client.h"

namespace wirelab::models::patterns {

void SseClient::onOpen() {
  if (stopped()) return;
  NotificationMessage m;
  m.kind = MessageKind::SseRequest;
  m.hasSince = !m_reconnecting || config().sse.sendLastEventId;
  m.since = m.hasSince ? lastSeenId() : 0;
  if (m_reconnecting) {
    record(RecordKind::Reconnect, lastSeenId(),
           m.hasSince ? "SSE reconnect with Last-Event-ID " + std::to_string(m.since)
                      : std::string("SSE reconnect without Last-Event-ID"));
  }
  m_reconnecting = false;
  // Last-Event-ID travels as a header ("Last-Event-ID: 17\r\n", 17 bytes + digits); the dataset's
  // client puts it in the query instead, which is what the request size models.
  sendRequest(m, requestBytes("/sse?since=", m.since));
}

void SseClient::onResponse(const ReceivedNotification& m) {
  if (m.meta.kind == MessageKind::SseResponseHead) {
    ++metrics().counters.responses;
    return;
  }
  acceptEvents(m.meta, m.at);
}

void SseClient::onConnectionLost() {
  m_reconnecting = true;
  ++metrics().counters.reconnects;
  patternTimer().arm(*this, config().sse.retryDelay, [](NotificationClient& self) {
    auto& sse = static_cast<SseClient&>(self);
    if (!sse.stopped()) sse.openConnection();
  });
}

}  // namespace wirelab::models::patterns
