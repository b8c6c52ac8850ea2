#include "models/patterns/pattern_config.h"

#include <stdexcept>
#include <string>

namespace wirelab::models::patterns {

namespace {

[[noreturn]] void reject(const std::string& parameter, const std::string& why) {
  throw std::invalid_argument(parameter + ": " + why);
}

std::string secondsText(sim::Duration d) { return std::to_string(d.seconds()) + " s"; }

void requirePositive(const char* parameter, sim::Duration d) {
  if (d <= sim::Duration::zero()) reject(parameter, "must be positive, got " + secondsText(d));
}

void requireNotNegative(const char* parameter, sim::Duration d) {
  if (d < sim::Duration::zero()) reject(parameter, "must not be negative, got " + secondsText(d));
}

}  // namespace

const char* toString(Pattern pattern) {
  switch (pattern) {
    case Pattern::ShortPolling:
      return "short_polling";
    case Pattern::LongPolling:
      return "long_polling";
    case Pattern::ServerSentEvents:
      return "sse";
    case Pattern::Push:
      return "push";
  }
  return "?";
}

std::optional<Pattern> parsePattern(std::string_view name) {
  if (name == "short_polling" || name == "polling" || name == "poll") return Pattern::ShortPolling;
  if (name == "long_polling" || name == "longpoll") return Pattern::LongPolling;
  if (name == "sse" || name == "server_sent_events") return Pattern::ServerSentEvents;
  if (name == "push" || name == "websocket") return Pattern::Push;
  return std::nullopt;
}

void HttpSizes::validate() const {
  if (requestFixedBytes == 0) reject("http_sizes.request_fixed_bytes", "must be positive");
  if (responseFixedBytes == 0) reject("http_sizes.response_fixed_bytes", "must be positive");
  if (sseResponseHeadBytes == 0) reject("http_sizes.sse_response_head_bytes", "must be positive");
  if (upgradeRequestBytes == 0) reject("http_sizes.upgrade_request_bytes", "must be positive");
  if (upgradeResponseBytes == 0) reject("http_sizes.upgrade_response_bytes", "must be positive");
}

void ShortPollingConfig::validate() const {
  requirePositive("short_polling.interval", interval);
  requireNotNegative("short_polling.first_poll_delay", firstPollDelay);
}

void LongPollingConfig::validate() const { requirePositive("long_polling.hold_timeout", holdTimeout); }

void SseConfig::validate() const { requireNotNegative("sse.retry_delay", retryDelay); }

void PushConfig::validate() const {
  requireNotNegative("push.ping_interval", pingInterval);
  requireNotNegative("push.reconnect_delay", reconnectDelay);
}

void DisconnectConfig::validate() const { requireNotNegative("disconnect.mean_interval", meanInterval); }

void NotificationServerConfig::validate() const {
  if (port == 0) reject("server.port", "must be positive");
  if (processingMs.quantile(0.0) < 0.0) reject("server.processing_ms", "must not take negative values");
  longPolling.validate();
  sizes.validate();
  tcp.validate();
}

void NotificationClientConfig::validate() const {
  shortPolling.validate();
  sse.validate();
  push.validate();
  disconnect.validate();
  sizes.validate();
  tcp.validate();
}

}  // namespace wirelab::models::patterns
