#include "models/http/http2_server.h"

#include <algorithm>
#include <cmath>
#include <string>

#include "models/http/http2_client.h"

namespace wirelab::models::http {

Http2Server::Http2Server(transport::tcp::TcpStack& stack, MessageBoard& board, Http2WireRegistry& wires,
                         const Http2ServerConfig& config)
    : m_stack(&stack),
      m_board(&board),
      m_wires(&wires),
      m_config(config),
      m_think(stack.network().random().stream("http2-server/" + stack.network().node(stack.node()).name() +
                                              ":" + std::to_string(config.port) + "/think")) {
  config.settings.validate();
  stack.listen(config.port, config.tcp, [this](transport::tcp::TcpConnection& tcp) {
    const transport::Endpoint client = tcp.remote();
    m_sessions.push_back(
        std::make_unique<Http2Session>(tcp, m_wires->obtain(client), false, m_config.settings));
    Http2Session& session = *m_sessions.back();
    session.onFrame = [this, &session, client](const Http2Frame& f) {
      if (f.type == FrameType::Headers && f.endStream) onRequest(session, client, f.stream);
    };
    tcp.onPeerClosed = [&tcp] { tcp.close(); };
  });
}

void Http2Server::onRequest(Http2Session& session, transport::Endpoint client, std::uint32_t stream) {
  if (!m_board->hasNext(client)) return;
  const MessageDescriptor d = m_board->next(client);
  m_board->pop(client);
  const double thinkMs = std::max(0.0, m_config.thinkTimeMs.sample(m_think));
  const auto respond = [this, &session, stream, body = d.responseBytes] {
    ++m_handled;
    session.sendHeaders(stream, kResponseHeaderBytes, body == 0);
    if (body > 0) session.sendData(stream, body, true);
  };
  if (thinkMs <= 0) {
    respond();
  } else {
    m_stack->network().scheduler().schedule(sim::Nanoseconds(std::llround(thinkMs * 1e6)), respond);
  }
}

}  // namespace wirelab::models::http
