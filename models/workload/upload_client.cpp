#include "models/workload/upload_client.h"

#include <algorithm>
#include <cmath>
#include <sstream>
#include <stdexcept>

#include "sim/core/distributions.h"

namespace wirelab::models::workload {

const char* toString(UploadMode mode) {
  return mode == UploadMode::SingleRequest ? "single-request" : "chunked-resumable";
}

void UploadConfig::validate() const {
  const auto fail = [](const std::string& what, double got) {
    std::ostringstream s;
    s << "upload." << what << ", got " << got;
    throw std::invalid_argument(s.str());
  };
  if (totalBytes < 1) fail("totalBytes: must be positive", 0);
  if (mode == UploadMode::ChunkedResumable && chunkBytes < 1) fail("chunkBytes: must be positive", 0);
  if (!(disconnectsPerSecond >= 0) || std::isinf(disconnectsPerSecond)) {
    fail("disconnectsPerSecond: must be zero (none) or positive and finite", disconnectsPerSecond);
  }
  if (reconnectDelay < sim::Duration::zero()) {
    fail("reconnectDelay: must not be negative (seconds)", reconnectDelay.seconds());
  }
}

UploadClient::UploadClient(transport::tcp::TcpStack& stack, transport::Endpoint server,
                           const transport::tcp::TcpConfig& tcp, Registry& registry, sim::RandomStream rng,
                           const UploadConfig& config)
    : m_stack(&stack),
      m_server(server),
      m_tcp(tcp),
      m_registry(&registry),
      m_rng(rng),
      m_config(config),
      m_sched(&stack.network().scheduler()) {
  config.validate();
  m_stats.startedAt = m_sched->now();
  connect();
}

UploadClient::~UploadClient() {
  if (!m_timer.isNone()) m_sched->cancel(m_timer);
}

void UploadClient::connect() {
  ++m_stats.connections;
  m_endpoint = Endpoint::connect(*m_stack, m_server, m_tcp, *m_registry);
  m_endpoint->callbacks().onConnected = [this] { onConnected(); };
  m_endpoint->callbacks().onMessage = [this](const messaging::Received<UploadMessage>& m) {
    onMessage(m.meta);
  };
  m_endpoint->callbacks().onClosed = [this](const char*) { onConnectionLost(); };
  if (m_config.disconnectsPerSecond > 0) {
    // Memoryless: drawing afresh at each connection is the same process as one running only while
    // connected.
    const double gap = sim::Exponential(1.0 / m_config.disconnectsPerSecond).sample(m_rng);
    m_timer = m_sched->schedule(sim::Nanoseconds(std::llround(gap * 1e9)), [this] {
      m_timer = sim::EventId{};
      disconnect();
    });
  }
}

void UploadClient::onConnected() {
  if (m_config.mode == UploadMode::SingleRequest) {
    m_offset = 0;  // a plain PUT cannot resume: the whole body again
    sendRequest({UploadOp::Put, 0, m_config.totalBytes}, m_config.totalBytes);
  } else if (!m_created && m_config.createRequest) {
    sendRequest({UploadOp::Create, 0, 0}, 0);
  } else if (m_stats.connections > 1) {
    sendRequest({UploadOp::Head, 0, 0}, 0);  // tus: HEAD for Upload-Offset before resuming
  } else {
    sendNextChunk();
  }
}

void UploadClient::sendRequest(UploadMessage m, std::uint64_t bodyBytes) {
  if (bodyBytes > 0) {
    const std::uint64_t end = m.offset + bodyBytes;
    if (m.offset < m_bodySentUpTo) m_stats.bodyBytesResent += std::min(end, m_bodySentUpTo) - m.offset;
    m_bodySentUpTo = std::max(m_bodySentUpTo, end);
  }
  const std::uint64_t bytes = m_config.requestHeaderBytes + bodyBytes;
  ++m_stats.requests;
  m_stats.applicationBytesWritten += bytes;
  m_endpoint->send(m, bytes);
}

void UploadClient::sendNextChunk() {
  const std::uint64_t length = std::min(m_config.chunkBytes, m_config.totalBytes - m_offset);
  sendRequest({UploadOp::Patch, m_offset, length}, length);
}

void UploadClient::onMessage(const UploadMessage& m) {
  switch (m.op) {
    case UploadOp::PutDone:
      m_offset = m_config.totalBytes;
      finish();
      return;
    case UploadOp::Created:
      m_created = true;
      m_offset = 0;
      sendNextChunk();
      return;
    case UploadOp::HeadReply:
    case UploadOp::PatchAck:
      m_offset = m.offset;
      progressed(m_sched->now(), m_offset);
      if (m_offset >= m_config.totalBytes) {
        finish();
      } else {
        sendNextChunk();
      }
      return;
    default:
      return;
  }
}

// The TCP payload this connection sent, retransmissions included, added to the totals.
// Not from inside the endpoint's onClosed: that callback would be destroyed while it runs.
void UploadClient::retireConnection(bool fromOnClosed) {
  if (m_endpoint == nullptr) return;
  if (auto* tcp = m_endpoint->connection()) m_stats.tcpPayloadBytesSent += tcp->counters().bytesSent;
  if (!fromOnClosed) m_endpoint->callbacks().onClosed = nullptr;
  m_endpoint->callbacks().onConnected = nullptr;
  m_endpoint->callbacks().onMessage = nullptr;
  m_retired.push_back(std::move(m_endpoint));
}

void UploadClient::disconnect() {
  if (m_stats.done) return;
  ++m_stats.restarts;
  disconnected(m_sched->now(), m_offset);
  Endpoint* ep = m_endpoint.get();
  retireConnection(false);
  ep->abort();  // RST (RFC 9293 3.10.5): whatever was in flight is lost
  m_timer = m_sched->schedule(m_config.reconnectDelay, [this] {
    m_timer = sim::EventId{};
    connect();
  });
}

// The connection failed on its own (the server reset it, or the handshake gave up): same as a
// disconnect, without a fresh draw of the process. Its TCP counters are gone with it: its bytes
// are not in tcpPayloadBytesSent (nothing but the client's own disconnects ends one here).
void UploadClient::onConnectionLost() {
  if (m_stats.done) return;
  if (!m_timer.isNone()) m_sched->cancel(m_timer);
  m_timer = sim::EventId{};
  ++m_stats.restarts;
  disconnected(m_sched->now(), m_offset);
  retireConnection(true);
  m_timer = m_sched->schedule(m_config.reconnectDelay, [this] {
    m_timer = sim::EventId{};
    connect();
  });
}

void UploadClient::finish() {
  m_stats.done = true;
  m_stats.doneAt = m_sched->now();
  if (!m_timer.isNone()) m_sched->cancel(m_timer);
  m_timer = sim::EventId{};
  Endpoint* ep = m_endpoint.get();
  retireConnection(false);
  ep->close();
  completed(m_stats.doneAt);
}

}  // namespace wirelab::models::workload
