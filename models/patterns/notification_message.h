// File: models/patterns/notification_message.h
// What travels beside the byte counts of one notification connection (the MessageStream's Meta):
// the parse result a real HTTP or WebSocket receiver would get from the bytes.
#pragma once

#include <cstdint>

#include "models/messaging/message_stream.h"

namespace wirelab::models::patterns {

enum class MessageKind : std::uint8_t {
  PollRequest,      // GET /poll?since=K
  LongPollRequest,  // GET /longpoll?since=K
  SseRequest,       // GET /sse (with Last-Event-ID: K when hasSince)
  UpgradeRequest,   // GET /ws?since=K with Upgrade: websocket (RFC 6455 4.1)
  ResponseHead,     // the status line and headers of an EventsResponse written on their own
  EventsResponse,   // 200 with the events (firstEvent..lastEvent), possibly none
  SseResponseHead,  // 200 text/event-stream, the body follows event by event
  SseEvent,         // one "id: K\ndata: ...\n\n" block of the stream
  UpgradeResponse,  // 101 Switching Protocols (RFC 6455 4.2.2)
  PushFrame,        // a server frame carrying one event
  ClientAck,        // a client frame acknowledging an event
  Ping,             // RFC 6455 5.5.2
  Pong,             // RFC 6455 5.5.3
};
// The notification server packs a kind into 7 bits while a request waits for its processing time
// (notification_server.cpp): a kind must stay below 128 (Pong is the last; a kind added after it
// goes into this check instead).
inline constexpr unsigned kMessageKindBits = 7;
static_assert(static_cast<unsigned>(MessageKind::Pong) < (1u << kMessageKindBits),
              "MessageKind no longer fits the notification server's 7 bits");

struct NotificationMessage {
  MessageKind kind = MessageKind::PollRequest;
  bool hasSince = true;   // SseRequest: whether Last-Event-ID was sent
  bool timedOut = false;  // EventsResponse of a long poll that the hold timeout ended
  std::uint64_t since = 0;
  // Events carried: ids firstEvent..lastEvent; none when lastEvent < firstEvent.
  std::uint64_t firstEvent = 1;
  std::uint64_t lastEvent = 0;
};

using NotificationEndpoint = messaging::MessageEndpoint<NotificationMessage>;
using NotificationRegistry = messaging::MessageRegistry<NotificationMessage>;
using ReceivedNotification = messaging::Received<NotificationMessage>;

}  // namespace wirelab::models::patterns
