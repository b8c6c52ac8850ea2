#include "models/patterns/push_client.h"

namespace wirelab::models::patterns {

void PushClient::onOpen() {
  if (stopped()) return;
  NotificationMessage m;
  m.kind = MessageKind::UpgradeRequest;
  m.since = lastSeenId();
  if (m_reconnecting) {
    record(RecordKind::Reconnect, lastSeenId(), "push reconnect since " + std::to_string(m.since));
  }
  m_reconnecting = false;
  sendRequest(m, config().sizes.upgradeRequestBytes + decimalDigits(m.since));
}

void PushClient::onResponse(const ReceivedNotification& m) {
  if (m.meta.kind == MessageKind::UpgradeResponse) {
    ++metrics().counters.responses;
    armPing();
    return;
  }
  if (m.meta.kind != MessageKind::PushFrame) return;
  acceptEvents(m.meta, m.at);
  if (config().push.ackEachEvent) {
    NotificationMessage ack;
    ack.kind = MessageKind::ClientAck;
    ack.firstEvent = ack.lastEvent = m.meta.lastEvent;
    const std::uint32_t payload = config().sizes.pushAckPayloadBytes;
    sendFrame(ack, payload + frameHeaderBytes(payload, true));
  }
}

void PushClient::armPing() {
  if (config().push.pingInterval <= sim::Duration::zero()) return;
  patternTimer().arm(*this, config().push.pingInterval, [](NotificationClient& self) {
    auto& push = static_cast<PushClient&>(self);
    if (push.stopped() || !push.connected()) return;
    NotificationMessage ping;
    ping.kind = MessageKind::Ping;
    push.sendFrame(ping, frameHeaderBytes(0, true));
    push.armPing();
  });
}

void PushClient::onConnectionLost() {
  m_reconnecting = true;
  ++metrics().counters.reconnects;
  patternTimer().arm(*this, config().push.reconnectDelay, [](NotificationClient& self) {
    auto& push = static_cast<PushClient&>(self);
    if (!push.stopped()) push.openConnection();
  });
}

}  // namespace wirelab::models::patterns
