// File: models/workload/bulk_transfer.h
// The simplest workload: a sender that keeps a TCP connection's send buffer full (unlimited, or
// up to a byte count) and a sink that counts what arrives, as ns-3's BulkSendApplication and
// PacketSink. Goodput is measured at the sink: in-order bytes handed to the application.
#pragma once

#include <cstdint>
#include <functional>

#include "models/transport/tcp/tcp_stack.h"

namespace wirelab::models::workload {

class BulkSender {
 public:
  // Starts at `start`; sends `totalBytes` (0: without end) then closes.
  BulkSender(transport::tcp::TcpStack& stack, transport::Endpoint remote,
             const transport::tcp::TcpConfig& config, sim::SimTime start, std::uint64_t totalBytes = 0);

  transport::tcp::TcpConnection* connection() const { return m_connection; }
  std::uint64_t bytesQueued() const { return m_queued; }
  sim::SimTime startTime() const { return m_start; }

 private:
  void open();
  void fill();

  transport::tcp::TcpStack* m_stack;
  transport::Endpoint m_remote;
  transport::tcp::TcpConfig m_config;
  sim::SimTime m_start;
  std::uint64_t m_total;
  std::uint64_t m_queued = 0;
  transport::tcp::TcpConnection* m_connection = nullptr;
};

class BulkSink {
 public:
  BulkSink(transport::tcp::TcpStack& stack, std::uint16_t port, const transport::tcp::TcpConfig& config);

  std::uint64_t bytesReceived() const { return m_received; }
  sim::SimTime firstByteAt() const { return m_firstByte; }
  sim::SimTime lastByteAt() const { return m_lastByte; }
  // Called for every in-order delivery, with the connection's remote endpoint.
  std::function<void(transport::Endpoint from, std::uint64_t bytes, sim::SimTime at)> onBytes;

 private:
  std::uint64_t m_received = 0;
  sim::SimTime m_firstByte, m_lastByte;
};

}  // namespace wirelab::models::workload
