// File: models/patterns/long_polling_client.h
// Long polling: GET /longpoll?since=<last id seen>; the server holds it until an event exists or
// its hold timeout passes; the client asks again as soon as each response arrives (and at once
// after reconnecting when the connection was lost).
#pragma once

#include "models/patterns/notification_client.h"

namespace wirelab::models::patterns {

class LongPollingClient : public NotificationClient {
 public:
  using NotificationClient::NotificationClient;

 protected:
  void onOpen() override;
  void onResponse(const ReceivedNotification& m) override;
  void onConnectionLost() override;

 private:
  void ask();
};

}  // namespace wirelab::models::patterns
