// File: models/patterns/push_client.h
// Push over a bidirectional connection, WebSocket-like (RFC 6455): one HTTP Upgrade handshake
// (section 4: a GET with Upgrade: websocket, answered 101), then the server writes one frame per
// event (payload + 2-14 bytes of header, section 5.2). The client may ping every pingInterval
// (section 5.5.2; the server pongs) and acknowledge every event with a small masked frame. After a
// loss it reconnects after reconnectDelay and resumes after its last id (?since= in the upgrade
// request: WebSocket has no Last-Event-ID of its own).
#pragma once

#include "models/patterns/notification_client.h"

namespace wirelab::models::patterns {

class PushClient : public NotificationClient {
 public:
  using NotificationClient::NotificationClient;

 protected:
  void onOpen() override;
  void onResponse(const ReceivedNotification& m) override;
  void onConnectionLost() override;

 private:
  void armPing();
  bool m_reconnecting = false;
};

}  // namespace wirelab::models::patterns
