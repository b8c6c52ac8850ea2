#include "models/patterns/notification_client.h"

#include <cmath>
#include <cstring>
#include <utility>

namespace wirelab::models::patterns {

NotificationClient::NotificationClient(const ClientContext& context, std::uint32_t index,
                                       const NotificationClientConfig& config)
    : m_context(&context), m_index(index), m_config(&config) {
  m_config->validate();
  if (m_config->disconnect.meanInterval > sim::Duration::zero()) {
    m_disconnects = std::make_unique<RandomDisconnects>(
        scheduler(),
        context.stack->network().random().stream("patterns/client/" + std::to_string(index) + "/disconnect"));
  }
}

NotificationClient::~NotificationClient() { m_patternTimer.cancel(*this); }

void NotificationClient::start() {
  m_stopped = false;
  openConnection();
  onStart();
  armRandomDisconnect();
}

void NotificationClient::stop() {
  m_stopped = true;
  m_patternTimer.cancel(*this);
  if (m_disconnects) m_disconnects->timer.cancel();
  if (m_endpoint) m_endpoint->close();
}

void NotificationClient::dropConnection(const char* cause) {
  if (!m_endpoint || !m_endpoint->open()) return;
  m_dropCause = cause;
  m_endpoint->abort();  // onClosed follows (at once or after this event)
}

void NotificationClient::openConnection() {
  if (m_endpoint) {
    m_retired = std::move(m_endpoint);
  }
  {
    sim::AllocationCluster::Scope scope(m_cluster);
    m_endpoint = NotificationEndpoint::connect(*m_context->stack, m_context->server, m_config->tcp,
                                               *m_context->registry);
  }
  ++metrics().counters.connectionsOpened;
  m_endpoint->setHandler(this);
}

void NotificationClient::onEndpointConnected() {
  m_everConnected = true;
  m_retired.reset();
  onOpen();
}

void NotificationClient::onEndpointMessage(const ReceivedNotification& m) {
  if (m.meta.kind != MessageKind::Pong && m.meta.kind != MessageKind::ResponseHead) onResponse(m);
}

void NotificationClient::onEndpointPeerClosed() {
  // The server ended the response stream (SSE) or the connection: treat as a loss.
  if (!m_stopped && m_endpoint) m_endpoint->close();
}

void NotificationClient::onClosed(const char* reason) {
  if (m_stopped) return;
  ++metrics().counters.disconnects;
  const std::string cause =
      m_dropCause == nullptr ? std::string("connection closed: ") + reason : m_dropCause;
  m_dropCause = nullptr;
  record(RecordKind::Disconnect, m_lastSeen, cause);
  onConnectionLost();
}

void NotificationClient::armRandomDisconnect() {
  if (!m_disconnects || m_stopped) return;
  const double gap =
      -std::log(m_disconnects->stream.uniformOpen01()) * m_config->disconnect.meanInterval.seconds();
  m_disconnects->timer.arm(sim::SecondsF(gap), [this] {
    dropConnection("random disconnect");
    armRandomDisconnect();
  });
}

void NotificationClient::sendRequest(const NotificationMessage& m, std::uint64_t bytes) {
  ++metrics().counters.requestsSent;
  m_endpoint->send(m, bytes);
}

void NotificationClient::sendFrame(const NotificationMessage& m, std::uint64_t bytes) {
  m_endpoint->send(m, bytes);
}

std::uint64_t NotificationClient::requestBytes(const char* path, std::uint64_t since) const {
  return m_config->sizes.requestFixedBytes + std::strlen(path) + decimalDigits(since);
}

void NotificationClient::acceptEvents(const NotificationMessage& m, sim::SimTime at) {
  for (std::uint64_t id = m.firstEvent; id <= m.lastEvent; ++id) {
    if (id <= m_lastSeen) {
      ++metrics().counters.duplicates;
      record(RecordKind::DuplicateEvent, id, "duplicate event " + std::to_string(id));
      continue;
    }
    if (id > m_lastSeen + 1) {
      metrics().counters.missed += id - m_lastSeen - 1;
      record(RecordKind::MissedEvents, id,
             "missed events " + std::to_string(m_lastSeen + 1) + ".." + std::to_string(id - 1));
    }
    metrics().delivered(m_index, m_context->log->event(id), at);
    m_lastSeen = id;
  }
}

void NotificationClient::record(RecordKind kind, std::uint64_t eventId, std::string cause) {
  if (!metrics().keepsDetail() && !metrics().recorded.hasSubscribers()) return;
  metrics().record(CauseRecord{scheduler().now(), m_index, kind, eventId, std::move(cause)});
}

}  // namespace wirelab::models::patterns
