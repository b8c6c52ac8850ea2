#include "models/http/http2_client.h"

#include <stdexcept>
#include <string>
#include <utility>

namespace wirelab::models::http {

Http2Client::Http2Client(transport::tcp::TcpStack& stack, MessageBoard& board, Http2WireRegistry& wires,
                         const Http2ClientConfig& config)
    : m_stack(&stack), m_board(&board), m_wires(&wires), m_config(config) {
  config.settings.validate();
  config.tcp.validate();
  if (config.tls) config.tls->validate();
}

std::uint64_t Http2Client::request(const HttpRequestSpec& spec, Done done) {
  if (spec.weight > kMaxWeight) {
    throw std::invalid_argument("http2: request weight " + std::to_string(spec.weight) +
                                " outside [1, 256] (RFC 7540 5.3.2; 0 sends none)");
  }
  Exchange e{spec, newWaterfall(m_nextId++, spec, m_stack->network().scheduler().now()), std::move(done)};
  Origin& origin = m_origins[spec.origin];
  origin.queue.push_back(std::move(e));
  if (origin.tcp == nullptr) {
    origin.connectStart = m_stack->network().scheduler().now();
    origin.queue.back().record.newConnection = true;
    origin.tcp = &m_stack->connect(spec.origin, m_config.tcp);
    if (m_config.tls) {
      // The session starts once TLS is up (ALPN "h2" rides in the handshake, RFC 9113 3.2); every
      // byte behind the handshake's last flight reaches it through the TLS session.
      origin.tls = std::make_unique<transport::tls::TlsSession>(
          *origin.tcp, transport::tls::TlsSession::Role::Client, *m_config.tls);
      origin.tls->onTcpConnected = [this, &origin] {
        origin.connectEnd = m_stack->network().scheduler().now();
      };
      origin.tls->onSecure = [this, &origin] {
        origin.tlsEnd = m_stack->network().scheduler().now();
        startSession(origin);
        origin.tls->onData = [session = origin.session.get()](std::uint64_t bytes) {
          session->receive(bytes);
        };
      };
    } else {
      origin.tcp->callbacks().onConnected = [this, &origin] {
        origin.connectEnd = origin.tlsEnd = m_stack->network().scheduler().now();
        startSession(origin);
      };
    }
    origin.tcp->callbacks().onClosed = [&origin](const char*) {
      origin.tcp = nullptr;
      origin.session.reset();
      origin.tls.reset();
    };
  }
  startStreams(origin);
  return m_nextId - 1;
}

void Http2Client::startSession(Origin& origin) {
  origin.session = std::make_unique<Http2Session>(*origin.tcp, m_wires->obtain(origin.tcp->local()), true,
                                                  m_config.settings, origin.tls != nullptr);
  origin.session->onFrame = [this, &origin](const Http2Frame& f) { onFrame(origin, f); };
  origin.session->onHeadOfLineBlocked = [this, &origin](std::uint32_t stream) {
    auto it = origin.open.find(stream);
    if (it == origin.open.end()) return;
    HttpWaterfall& record = it->second.record;
    if (record.headOfLineBlocks++ == 0) record.headOfLineBlockedAt = m_stack->network().scheduler().now();
  };
  startStreams(origin);
}

void Http2Client::startStreams(Origin& origin) {
  if (!origin.session) return;
  const sim::SimTime now = m_stack->network().scheduler().now();
  while (!origin.queue.empty()) {
    if (origin.open.size() >= m_config.settings.maxConcurrentStreams) {
      for (Exchange& e : origin.queue) {
        if (e.record.waitCause.empty()) {
          e.record.waitCause =
              "queued: " + std::to_string(m_config.settings.maxConcurrentStreams) + " streams open";
        }
      }
      return;
    }
    Exchange e = std::move(origin.queue.front());
    origin.queue.pop_front();
    const std::uint32_t stream = origin.nextStream;
    origin.nextStream += 2;
    e.record.connectStart = e.record.newConnection ? origin.connectStart : now;
    e.record.connectEnd = e.record.newConnection ? origin.connectEnd : now;
    e.record.tlsEnd = e.record.newConnection ? origin.tlsEnd : now;
    e.record.sentAt = now;
    e.record.connection = static_cast<int>(stream);  // the stream id, for HTTP/2
    const std::uint64_t body =
        e.spec.responseBytes > kResponseHeaderBytes ? e.spec.responseBytes - kResponseHeaderBytes : 0;
    m_board->post(origin.tcp->local(), MessageDescriptor{e.spec.requestBytes, body});
    const std::uint32_t requestHeaders = e.spec.requestBytes;
    const std::uint16_t weight = e.spec.weight;
    origin.open.emplace(stream, std::move(e));
    origin.session->sendHeaders(stream, requestHeaders, true, weight);
  }
}

void Http2Client::onFrame(Origin& origin, const Http2Frame& f) {
  auto it = origin.open.find(f.stream);
  if (it == origin.open.end()) return;
  Exchange& e = it->second;
  const sim::SimTime now = m_stack->network().scheduler().now();
  if (f.type == FrameType::Headers && e.record.firstByteAt == sim::SimTime()) e.record.firstByteAt = now;
  if (!f.endStream) return;
  completeExchange(origin.open, it, now, m_completed);
  startStreams(origin);
}

}  // namespace wirelab::models::http
