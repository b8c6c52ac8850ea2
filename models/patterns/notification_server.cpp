#include "models/patterns/notification_server.h"

#include <algorithm>
#include <cmath>
#include <stdexcept>
#include <utility>

namespace wirelab::models::patterns {

namespace {
// The bits of a connection id; the top byte carries a delayed request's kind and flag (onRequest).
constexpr std::uint64_t kConnectionIdMask = (std::uint64_t{1} << 56) - 1;
}  // namespace

NotificationServer::NotificationServer(transport::tcp::TcpStack& stack, NotificationRegistry& registry,
                                       EventLog& log, NotificationMetrics& metrics,
                                       const NotificationServerConfig& config)
    : m_sched(&stack.network().scheduler()),
      m_registry(&registry),
      m_log(&log),
      m_metrics(&metrics),
      m_config(config),
      m_processing(stack.network().random().stream("patterns/server/processing")) {
  m_config.validate();
  m_processingIsZero = m_config.processingMs.quantile(1.0) <= 0.0;
  // Each accepted connection's block also holds this server's Conn and endpoint for it.
  const std::size_t clusterBytes = transport::tcp::TcpConnection::clusterBytes(m_config.tcp) +
                                   sim::AllocationCluster::bytesFor({sizeof(Conn)}) +
                                   NotificationEndpoint::clusterBytes(false);
  stack.listen(
      m_config.port, m_config.tcp, [this](transport::tcp::TcpConnection& tcp) { onAccept(tcp); },
      clusterBytes);
  // The log is const to the server; subscribing is all it does with it besides reading.
  m_subscription = m_log->created.connect([this](const BackendEvent& e) { onEventCreated(e); });
}

NotificationServer::~NotificationServer() { m_log->created.disconnect(m_subscription); }

std::size_t NotificationServer::heldRequests() const { return m_subscribed.size(); }

void NotificationServer::onAccept(transport::tcp::TcpConnection& tcp) {
  // onRequest packs a request's kind and flag above the id's 56 bits.
  if (m_nextId > kConnectionIdMask) throw std::length_error("notification server: 2^56 connections accepted");
  auto conn = std::make_unique<Conn>(*this);
  Conn& c = *conn;
  c.id = m_nextId++;
  c.endpoint = NotificationEndpoint::accept(tcp, *m_registry);
  c.endpoint->setHandler(&c);
  m_conns.emplace(c.id, std::move(conn));
  m_metrics->openConnectionsChanged(m_sched->now(), +1);
}

void NotificationServer::onClosed(std::uint64_t id) {
  auto it = m_conns.find(id);
  if (it == m_conns.end()) return;
  m_subscribed.erase(id);
  it->second->holdTimer.cancel();
  m_metrics->openConnectionsChanged(m_sched->now(), -1);
  // The endpoint is running the callback that brought us here: destroy it after this event.
  std::shared_ptr<Conn> retired(it->second.release());
  m_conns.erase(it);
  m_sched->schedule(sim::Duration::zero(), [retired] {});
}

void NotificationServer::onHoldTimeout(Conn& c) {
  m_subscribed.erase(c.id);
  c.mode = Mode::Idle;
  answerWithEvents(c, c.since, m_log->lastId(), true);
}

void NotificationServer::onRequest(Conn& c, const NotificationMessage& request) {
  if (request.kind == MessageKind::ClientAck) {
    ++m_metrics->counters.clientFrames;
    return;
  }
  if (request.kind == MessageKind::Ping) {
    ++m_metrics->counters.clientFrames;
    NotificationMessage pong;
    pong.kind = MessageKind::Pong;
    c.endpoint->send(pong, frameHeaderBytes(0, false));
    return;
  }
  ++m_metrics->counters.serverRequestsHandled;
  // The server reads the log when the request arrives (as the real server does under its lock)
  // and answers after its processing time.
  const std::uint64_t snapshot = m_log->lastId();
  if (m_processingIsZero) {
    serve(c, request, snapshot);
    return;
  }
  const double ms = std::max(0.0, m_config.processingMs.sample(m_processing));
  // Only what serve() reads, packed so that the event's callable fits a scheduler slot (32 bytes):
  // the request's kind and Last-Event-ID flag ride in the top byte of the connection id (onAccept
  // keeps ids below 2^56).
  const std::uint64_t idKind = c.id | std::uint64_t{static_cast<std::uint8_t>(request.kind)} << 56 |
                               std::uint64_t{request.hasSince} << 63;
  const std::uint64_t since = request.since;
  m_sched->schedule(sim::SecondsF(ms / 1e3), [this, idKind, since, snapshot] {
    auto it = m_conns.find(idKind & kConnectionIdMask);
    if (it == m_conns.end()) return;
    NotificationMessage r;
    r.kind = static_cast<MessageKind>((idKind >> 56) & ((1u << kMessageKindBits) - 1));
    r.hasSince = (idKind >> 63) != 0;
    r.since = since;
    serve(*it->second, r, snapshot);
  });
}

void NotificationServer::serve(Conn& c, const NotificationMessage& request, std::uint64_t snapshot) {
  const HttpSizes& sz = m_config.sizes;
  switch (request.kind) {
    case MessageKind::PollRequest:
      answerWithEvents(c, request.since, snapshot, false);
      break;
    case MessageKind::LongPollRequest:
      if (snapshot > request.since) {
        answerWithEvents(c, request.since, snapshot, false);
        break;
      }
      c.mode = Mode::HoldingLongPoll;
      c.since = request.since;
      m_subscribed[c.id] = &c;
      c.holdTimer.get(*m_sched).arm(m_config.longPolling.holdTimeout, [&c] { c.server->onHoldTimeout(c); });
      break;
    case MessageKind::SseRequest: {
      NotificationMessage head;
      head.kind = MessageKind::SseResponseHead;
      c.endpoint->send(head, sz.sseResponseHeadBytes);
      c.mode = Mode::Streaming;
      // Without Last-Event-ID the stream starts with the next event (HTML standard 9.2).
      c.since = request.hasSince ? request.since : m_log->lastId();
      for (std::uint64_t id = c.since + 1; id <= m_log->lastId(); ++id) sendStreamed(c, m_log->event(id));
      m_subscribed[c.id] = &c;
      break;
    }
    case MessageKind::UpgradeRequest: {
      NotificationMessage switching;
      switching.kind = MessageKind::UpgradeResponse;
      c.endpoint->send(switching, sz.upgradeResponseBytes);
      c.mode = Mode::Pushing;
      c.since = request.since;
      for (std::uint64_t id = c.since + 1; id <= m_log->lastId(); ++id) sendStreamed(c, m_log->event(id));
      m_subscribed[c.id] = &c;
      break;
    }
    default:
      break;  // responses never arrive at a server
  }
}

std::uint32_t NotificationServer::bodyBytes(std::uint64_t since, std::uint64_t upTo) const {
  const std::uint64_t n = upTo > since ? upTo - since : 0;
  return static_cast<std::uint32_t>(m_config.sizes.jsonEnvelopeBytes + m_log->payloadBytes(since, upTo) +
                                    (n > 0 ? n - 1 : 0));
}

std::uint32_t NotificationServer::eventsResponseBytes(std::uint64_t since, std::uint64_t upTo) const {
  const std::uint32_t body = bodyBytes(since, upTo);
  return m_config.sizes.responseFixedBytes + decimalDigits(body) + body;
}

void NotificationServer::answerWithEvents(Conn& c, std::uint64_t since, std::uint64_t upTo, bool timedOut) {
  c.holdTimer.cancel();
  NotificationMessage response;
  response.kind = MessageKind::EventsResponse;
  response.timedOut = timedOut;
  response.firstEvent = since + 1;
  response.lastEvent = std::max(since, upTo);
  c.mode = Mode::Idle;
  const std::uint32_t total = eventsResponseBytes(since, response.lastEvent);
  if (m_config.writeHeadSeparately) {
    // Python's http.server writes the status line and headers (end_headers) and then the body
    // with two send() calls; with TCP_NODELAY they leave as two segments.
    NotificationMessage head;
    head.kind = MessageKind::ResponseHead;
    const std::uint32_t headBytes = total - bodyBytes(since, response.lastEvent);
    c.endpoint->send(head, headBytes);
    c.endpoint->send(response, total - headBytes);
    return;
  }
  c.endpoint->send(response, total);
}

void NotificationServer::sendStreamed(Conn& c, const BackendEvent& e) {
  NotificationMessage m;
  m.firstEvent = m.lastEvent = e.id;
  std::uint64_t bytes = 0;
  if (c.mode == Mode::Streaming) {
    m.kind = MessageKind::SseEvent;
    bytes = e.payloadBytes + m_config.sizes.sseEventFixedBytes + decimalDigits(e.id);
  } else {
    m.kind = MessageKind::PushFrame;
    bytes = e.payloadBytes + frameHeaderBytes(e.payloadBytes, false);
  }
  c.since = e.id;
  c.endpoint->send(m, bytes);
}

void NotificationServer::onEventCreated(const BackendEvent& e) {
  // Copy first: answering a long poll unsubscribes it.
  std::vector<Conn*> targets;
  targets.reserve(m_subscribed.size());
  for (const auto& [id, c] : m_subscribed) targets.push_back(c);
  for (Conn* c : targets) {
    if (c->mode == Mode::HoldingLongPoll) {
      m_subscribed.erase(c->id);
      answerWithEvents(*c, c->since, m_log->lastId(), false);
    } else if (e.id > c->since) {
      sendStreamed(*c, e);
    }
  }
}

}  // namespace wirelab::models::patterns
