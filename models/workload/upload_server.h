// File: models/workload/upload_server.h
// The server side of the upload protocols (upload_protocol.h) on one TCP port: it answers a PUT
// once the whole body has arrived, and keeps one resumable upload's committed offset across
// connections (the upload resource outlives them, as on a tus or GCS server).
#pragma once

#include <cstdint>
#include <memory>
#include <vector>

#include "models/messaging/message_stream.h"
#include "models/workload/upload_protocol.h"

namespace wirelab::models::workload {

class UploadServer {
 public:
  using Endpoint = messaging::MessageEndpoint<UploadMessage>;
  using Registry = messaging::MessageRegistry<UploadMessage>;

  UploadServer(transport::tcp::TcpStack& stack, std::uint16_t port, const transport::tcp::TcpConfig& tcp,
               Registry& registry, std::uint32_t responseBytes);

  std::uint64_t committedOffset() const { return m_committed; }
  std::uint64_t completedPuts() const { return m_completedPuts; }
  std::uint64_t connectionsAccepted() const { return m_connections.size(); }
  std::uint64_t rejectedPatches() const { return m_rejectedPatches; }

 private:
  void onMessage(Endpoint& ep, const UploadMessage& m);

  Registry* m_registry;
  std::uint32_t m_responseBytes;
  // Kept until the server goes: an endpoint may be closing inside its own callback.
  std::vector<std::unique_ptr<Endpoint>> m_connections;
  std::uint64_t m_committed = 0;
  std::uint64_t m_completedPuts = 0;
  std::uint64_t m_rejectedPatches = 0;
};

}  // namespace wirelab::models::workload
