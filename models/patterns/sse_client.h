// File: models/patterns/sse_client.h
// Server-sent events (HTML Living Standard, section 9.2): one GET whose response stays open and
// carries every event as it happens. After the connection is lost the client waits the
// reconnection time (SSE `retry`, 3 s by default) and asks again with Last-Event-ID set to the
// last id it saw, so the server resends what was missed; without Last-Event-ID the events of the
// gap are lost. The first request carries since=0 as the dataset's client does.
#pragma once

#include "models/patterns/notification_client.h"

namespace wirelab::models::patterns {

class SseClient : public NotificationClient {
 public:
  using NotificationClient::NotificationClient;

 protected:
  void onOpen() override;
  void onResponse(const ReceivedNotification& m) override;
  void onConnectionLost() override;

 private:
  bool m_reconnecting = false;
};

}  // namespace wirelab::models::patterns
