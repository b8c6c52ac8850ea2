#include "models/http/http2_server.h"

#include <string>

#include "models/http/http2_client.h"

namespace wirelab::models::http {

Http2Server::Http2Server(transport::tcp::TcpStack& stack, MessageBoard& board, Http2WireRegistry& wires,
                         const Http2ServerConfig& config)
    : m_stack(&stack),
      m_board(&board),
      m_wires(&wires),
      m_config(config),
      m_thinkTime(
          stack.network().scheduler(), config.thinkTimeMs,
          stack.network().random().stream("http2-server/" + stack.network().node(stack.node()).name() + ":" +
                                          std::to_string(config.port) + "/think")),
      m_handler(&m_thinkTime) {
  config.settings.validate();
  if (config.tls) config.tls->validate();
  stack.listen(config.port, config.tcp, [this](transport::tcp::TcpConnection& tcp) {
    const transport::Endpoint client = tcp.remote();
    const auto startSession = [this, &tcp, client] {
      m_sessions.push_back(std::make_unique<Http2Session>(tcp, m_wires->obtain(client), false,
                                                          m_config.settings, m_config.tls.has_value()));
      Http2Session& session = *m_sessions.back();
      session.onFrame = [this, &session, client](const Http2Frame& f) {
        if (f.type == FrameType::Headers && f.endStream) onRequest(session, client, f.stream);
      };
      return &session;
    };
    if (m_config.tls) {
      // The client's preface follows its Finished, possibly in the same delivery; the TLS session
      // passes every byte behind its last flight on (onData, which it calls only once secure).
      m_tlsSessions.push_back(std::make_unique<transport::tls::TlsSession>(
          tcp, transport::tls::TlsSession::Role::Server, *m_config.tls));
      transport::tls::TlsSession& tls = *m_tlsSessions.back();
      tls.onSecure = [&tls, startSession] {
        Http2Session* session = startSession();
        tls.onData = [session](std::uint64_t bytes) { session->receive(bytes); };
      };
    } else {
      startSession();
    }
    tcp.callbacks().onPeerClosed = [&tcp] { tcp.close(); };
  });
}

void Http2Server::onRequest(Http2Session& session, transport::Endpoint client, std::uint32_t stream) {
  if (!m_board->hasNext(client)) return;
  ServerRequest request{m_nextRequestId++, m_board->next(client), client,
                        m_stack->network().scheduler().now()};
  m_board->pop(client);
  m_handler->handle(request, [this, &session, stream](const ServerResponse& r) {
    ++m_handled;
    // RFC 9113 8.1: a HEADERS frame, then the body as DATA, the last frame ending the stream.
    session.sendHeaders(stream, kResponseHeaderBytes, r.bytes == 0);
    if (r.bytes > 0) session.sendData(stream, r.bytes, true);
  });
}

}  // namespace wirelab::models::http
