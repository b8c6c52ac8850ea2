#include "models/workload/upload_server.h"

#include <stdexcept>

namespace wirelab::models::workload {

UploadServer::UploadServer(transport::tcp::TcpStack& stack, std::uint16_t port,
                           const transport::tcp::TcpConfig& tcp, Registry& registry,
                           std::uint32_t responseBytes)
    : m_registry(&registry), m_responseBytes(responseBytes) {
  stack.listen(port, tcp, [this](transport::tcp::TcpConnection& c) {
    m_connections.push_back(Endpoint::accept(c, *m_registry));
    Endpoint& ep = *m_connections.back();
    ep.callbacks().onMessage = [this, &ep](const messaging::Received<UploadMessage>& m) {
      onMessage(ep, m.meta);
    };
    ep.callbacks().onPeerClosed = [&ep] { ep.close(); };
  });
}

void UploadServer::onMessage(Endpoint& ep, const UploadMessage& m) {
  switch (m.op) {
    case UploadOp::Put:
      ++m_completedPuts;
      ep.send({UploadOp::PutDone, m.length, 0}, m_responseBytes);
      break;
    case UploadOp::Create:
      m_committed = 0;
      ep.send({UploadOp::Created, 0, 0}, m_responseBytes);
      break;
    case UploadOp::Patch:
      // tus core protocol: the PATCH's Upload-Offset must equal the resource's offset, else 409.
      if (m.offset == m_committed) {
        m_committed += m.length;
      } else {
        ++m_rejectedPatches;
      }
      ep.send({UploadOp::PatchAck, m_committed, 0}, m_responseBytes);
      break;
    case UploadOp::Head:
      ep.send({UploadOp::HeadReply, m_committed, 0}, m_responseBytes);
      break;
    default:
      break;  // responses never travel towards the server
  }
}

}  // namespace wirelab::models::workload
