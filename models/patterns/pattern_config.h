// File: models/patterns/pattern_config.h
// The parameters of the four notification patterns, their server and their clients, as plain data
// a scenario file can fill in; every struct's validate() throws std::invalid_argument naming the
// parameter ("short_polling.interval: must be positive, got -1.000000 s").
#pragma once

#include <cstdint>
#include <optional>
#include <string_view>

#include "models/patterns/http_sizes.h"
#include "models/transport/tcp/tcp_config.h"
#include "sim/core/distributions.h"
#include "sim/core/time.h"

namespace wirelab::models::patterns {

enum class Pattern { ShortPolling, LongPolling, ServerSentEvents, Push };
const char* toString(Pattern pattern);
// "short_polling", "long_polling", "sse", "push" (also "polling", "longpoll", "websocket").
std::optional<Pattern> parsePattern(std::string_view name);

struct ShortPollingConfig {
  sim::Duration interval = sim::Seconds(2);  // P: polls at start + firstPollDelay + k P
  sim::Duration firstPollDelay = sim::Duration::zero();
  void validate() const;
};

struct LongPollingConfig {
  sim::Duration holdTimeout = sim::Seconds(20);  // the server answers empty after holding this long
  void validate() const;
};

struct SseConfig {
  // The EventSource reconnection time: 3 s by default in the HTML Living Standard's EventSource
  // processing model (a server may change it with a `retry:` field).
  sim::Duration retryDelay = sim::Seconds(3);
  // After a reconnect the client sends Last-Event-ID (HTML standard 9.2.4) and the server resends
  // what was missed; without it the stream resumes from the newest event.
  bool sendLastEventId = true;
  void validate() const;
};

struct PushConfig {
  sim::Duration pingInterval = sim::Duration::zero();  // client pings (RFC 6455 5.5.2); zero = none
  bool ackEachEvent = false;                           // the client answers every event with a frame
  sim::Duration reconnectDelay = sim::Seconds(1);
  void validate() const;
};

// Optional client disconnects: a Poisson process of connection losses per client (the client
// aborts its connection, RFC 9293 3.10.5, and reconnects as its pattern does).
struct DisconnectConfig {
  sim::Duration meanInterval = sim::Duration::zero();  // zero: no random disconnects
  void validate() const;
};

struct NotificationServerConfig {
  std::uint16_t port = 80;
  sim::Distribution processingMs = sim::Constant(0.0);  // per request, before the server answers
  LongPollingConfig longPolling;
  // Write a response's head and body with separate writes (two segments with TCP_NODELAY), as the
  // dataset's Python server does; false: one write.
  bool writeHeadSeparately = false;
  HttpSizes sizes;
  transport::tcp::TcpConfig tcp;
  void validate() const;
};

struct NotificationClientConfig {
  Pattern pattern = Pattern::ShortPolling;
  ShortPollingConfig shortPolling;
  SseConfig sse;
  PushConfig push;
  DisconnectConfig disconnect;
  HttpSizes sizes;
  transport::tcp::TcpConfig tcp;
  void validate() const;
};

}  // namespace wirelab::models::patterns
