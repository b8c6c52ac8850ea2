#include "models/patterns/long_polling_client.h"

namespace wirelab::models::patterns {

void LongPollingClient::ask() {
  if (stopped()) return;
  NotificationMessage m;
  m.kind = MessageKind::LongPollRequest;
  m.since = lastSeenId();
  sendRequest(m, requestBytes("/longpoll?since=", m.since));
}

void LongPollingClient::onOpen() { ask(); }

void LongPollingClient::onResponse(const ReceivedNotification& m) {
  ++metrics().counters.responses;
  if (m.meta.lastEvent < m.meta.firstEvent) {
    ++metrics().counters.emptyResponses;
    if (m.meta.timedOut) {
      ++metrics().counters.longPollTimeouts;
      record(RecordKind::LongPollTimedOut, lastSeenId(), "long poll timed out");
    }
  } else {
    acceptEvents(m.meta, m.at);
  }
  ask();
}

void LongPollingClient::onConnectionLost() {
  ++metrics().counters.reconnects;
  record(RecordKind::Reconnect, lastSeenId(), "long poll reconnect since " + std::to_string(lastSeenId()));
  openConnection();
}

}  // namespace wirelab::models::patterns
