#include "models/http/http3.h"

#include <algorithm>
#include <cmath>
#include <string>
#include <utility>

#include "models/http/http2_client.h"

namespace wirelab::models::http {

using transport::quic::QuicConnection;

Http3Client::Http3Client(transport::quic::QuicEndpoint& endpoint, const sim::Scheduler& scheduler,
                         MessageBoard& board, QpackModel qpack)
    : m_endpoint(&endpoint), m_sched(&scheduler), m_board(&board), m_qpack(qpack) {
  if (!(qpack.repeatRatio > 0.0 && qpack.repeatRatio <= 1.0)) {
    throw std::invalid_argument("http3: qpack repeatRatio must lie in (0, 1]");
  }
}

std::uint64_t Http3Client::request(const HttpRequestSpec& spec, Done done) {
  Origin& origin = m_origins[spec.origin];
  Exchange e{spec, newWaterfall(m_nextId++, spec, m_sched->now()), std::move(done)};
  e.record.connectStart = e.record.queuedAt;
  if (origin.connection == nullptr) {
    e.record.newConnection = true;
    origin.connection = &m_endpoint->connect(spec.origin);
    origin.connection->setStreamDataCallback(
        [this, &origin](std::uint64_t stream, std::uint64_t bytes, bool fin) {
          onStreamData(origin, stream, bytes, fin);
        });
  }
  QuicConnection& c = *origin.connection;
  const std::uint64_t stream = c.openStream();
  // RFC 9114 4.1: the request is a HEADERS frame (QPACK-encoded) on a new stream, which it ends.
  const std::uint32_t headerBytes =
      origin.firstHeaderBlock
          ? spec.requestBytes
          : std::max<std::uint32_t>(
                1, static_cast<std::uint32_t>(std::lround(spec.requestBytes * m_qpack.repeatRatio)));
  origin.firstHeaderBlock = false;
  const std::uint64_t body =
      spec.responseBytes > kResponseHeaderBytes ? spec.responseBytes - kResponseHeaderBytes : 0;
  m_board->postForStream(c.originalDestinationConnectionId(), stream, MessageDescriptor{headerBytes, body});
  e.record.sentAt = m_sched->now();
  e.record.connection = static_cast<int>(stream);
  origin.open.emplace(stream, std::move(e));
  c.send(stream, headerBytes + 3, true);  // + the HTTP/3 frame header (type, length)
  return m_nextId - 1;
}

void Http3Client::onStreamData(Origin& origin, std::uint64_t stream, std::uint64_t bytes, bool fin) {
  auto it = origin.open.find(stream);
  if (it == origin.open.end()) return;
  Exchange& e = it->second;
  const sim::SimTime now = m_sched->now();
  if (bytes > 0 && e.record.firstByteAt == sim::SimTime()) e.record.firstByteAt = now;
  if (e.record.newConnection && e.record.connectEnd == sim::SimTime()) {
    e.record.connectEnd = origin.connection->stats().handshakeCompleteAt;
    e.record.tlsEnd = e.record.connectEnd;
  }
  if (!fin) return;
  completeExchange(origin.open, it, now, m_completed);
}

Http3Server::Http3Server(transport::quic::QuicEndpoint& endpoint, sim::Scheduler& scheduler,
                         const sim::RandomStreams& random, MessageBoard& board, sim::Distribution thinkTimeMs,
                         QpackModel qpack)
    : m_sched(&scheduler),
      m_board(&board),
      m_thinkTime(scheduler, std::move(thinkTimeMs),
                  random.stream("http3-server/" + std::to_string(endpoint.localEndpoint().node) + ":" +
                                std::to_string(endpoint.localEndpoint().port) + "/think")),
      m_handler(&m_thinkTime),
      m_qpack(qpack) {
  endpoint.listen([this](QuicConnection& c) {
    c.setStreamDataCallback([this, &c](std::uint64_t stream, std::uint64_t, bool fin) {
      if (fin) onRequest(c, stream);
    });
  });
}

void Http3Server::onRequest(QuicConnection& c, std::uint64_t stream) {
  MessageDescriptor d;
  if (!m_board->takeForStream(c.originalDestinationConnectionId(), stream, d)) return;
  ServerRequest request{m_nextRequestId++, std::move(d), c.peer(), m_sched->now()};
  m_handler->handle(request, [this, &c, stream](const ServerResponse& r) {
    ++m_handled;
    // QPACK: the connection's first header block full size, later ones a fraction.
    const bool first = m_sentHeaders.insert(&c).second;
    const auto headers = static_cast<std::uint64_t>(
        first ? kResponseHeaderBytes : std::max(1L, std::lround(kResponseHeaderBytes * m_qpack.repeatRatio)));
    // HEADERS (QPACK) and DATA frames, each with its frame header, on the request's stream,
    // which the response ends (RFC 9114 4.1).
    c.setIncremental(stream, m_incrementalResponses);
    c.send(stream, headers + 3 + (r.bytes > 0 ? r.bytes + 3 : 0), true);
  });
}

}  // namespace wirelab::models::http
