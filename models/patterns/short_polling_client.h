// File: models/patterns/short_polling_client.h
// Short polling: GET /poll?since=<last id seen> on a fixed schedule (start + firstPollDelay + k P,
// like a timer, not P after the previous answer) over one keep-alive connection, as the real
// client of the dataset does. A tick that finds the previous poll unanswered is skipped (HTTP/1.1
// without pipelining: one request at a time per connection) and recorded. Ticks stop at stopAt.
#pragma once

#include "models/patterns/notification_client.h"

namespace wirelab::models::patterns {

class ShortPollingClient : public NotificationClient {
 public:
  ShortPollingClient(const ClientContext& context, std::uint32_t index,
                     const NotificationClientConfig& config, sim::SimTime stopAt);

 protected:
  void onStart() override;
  void onOpen() override;
  void onResponse(const ReceivedNotification& m) override;
  void onConnectionLost() override;

 private:
  void tick();
  static void onTick(NotificationClient& self) { static_cast<ShortPollingClient&>(self).tick(); }
  void poll();

  // The flags first: they take what NotificationClient leaves after its own (its tail padding).
  bool m_outstanding = false;
  bool m_pollWhenOpen = false;
  sim::SimTime m_firstTick;
  sim::SimTime m_stopAt;
  std::uint64_t m_ticks = 0;
};

}  // namespace wirelab::models::patterns
