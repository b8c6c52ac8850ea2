#include "models/workload/bulk_transfer.h"

#include <limits>

namespace wirelab::models::workload {

using transport::tcp::TcpConnection;

BulkSender::BulkSender(transport::tcp::TcpStack& stack, transport::Endpoint remote,
                       const transport::tcp::TcpConfig& config, sim::SimTime start, std::uint64_t totalBytes)
    : m_stack(&stack), m_remote(remote), m_config(config), m_start(start), m_total(totalBytes) {
  config.validate();
  stack.network().scheduler().scheduleAt(start, [this] { open(); });
}

void BulkSender::open() {
  m_connection = &m_stack->connect(m_remote, m_config);
  m_connection->callbacks().onConnected = [this] { fill(); };
  m_connection->callbacks().onSendSpace = [this] { fill(); };
  m_connection->callbacks().onClosed = [this](const char*) { m_connection = nullptr; };
}

void BulkSender::fill() {
  if (m_connection == nullptr) return;
  const std::uint64_t wanted = m_total == 0 ? std::numeric_limits<std::uint64_t>::max() : m_total - m_queued;
  m_queued += m_connection->send(wanted);
  if (m_total != 0 && m_queued == m_total) m_connection->close();
}

BulkSink::BulkSink(transport::tcp::TcpStack& stack, std::uint16_t port,
                   const transport::tcp::TcpConfig& config) {
  auto& scheduler = stack.network().scheduler();
  stack.listen(port, config, [this, &scheduler](TcpConnection& c) {
    const transport::Endpoint from = c.remote();
    c.callbacks().onData = [this, from, &scheduler](std::uint64_t bytes) {
      const sim::SimTime now = scheduler.now();
      if (m_received == 0) m_firstByte = now;
      m_received += bytes;
      m_lastByte = now;
      if (onBytes) onBytes(from, bytes, now);
    };
    c.callbacks().onPeerClosed = [&c] { c.close(); };
  });
}

}  // namespace wirelab::models::workload
