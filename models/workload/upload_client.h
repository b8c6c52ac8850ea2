// File: models/workload/upload_client.h
// The client side of a large upload (upload_protocol.h) over a connection that drops at random:
// while connected, disconnects arrive as a Poisson process (the connection is reset, as when a
// phone changes network); the client reconnects after a fixed delay and either starts the whole
// body again (SingleRequest) or asks the server for its committed offset and resumes
// (ChunkedResumable).
#pragma once

#include <cstdint>
#include <memory>
#include <vector>

#include "models/messaging/message_stream.h"
#include "models/workload/upload_protocol.h"
#include "sim/core/random.h"
#include "sim/core/signal.h"

namespace wirelab::models::workload {

struct UploadStats {
  bool done = false;
  sim::SimTime startedAt, doneAt;
  std::uint64_t connections = 0;              // TCP connections opened (attempts)
  std::uint64_t restarts = 0;                 // disconnects before completion
  std::uint64_t requests = 0;                 // HTTP requests written (PUT, POST, PATCH, HEAD)
  std::uint64_t applicationBytesWritten = 0;  // request headers + bodies handed to TCP
  std::uint64_t tcpPayloadBytesSent = 0;      // TCP payload sent, retransmissions included
  std::uint64_t bodyBytesResent = 0;          // body bytes sent again after a disconnect
  double completionSeconds() const { return done ? (doneAt - startedAt).seconds() : 0; }
};

class UploadClient {
 public:
  using Endpoint = messaging::MessageEndpoint<UploadMessage>;
  using Registry = messaging::MessageRegistry<UploadMessage>;

  // Starts now. `rng` drives the disconnect process.
  UploadClient(transport::tcp::TcpStack& stack, transport::Endpoint server,
               const transport::tcp::TcpConfig& tcp, Registry& registry, sim::RandomStream rng,
               const UploadConfig& config);
  UploadClient(const UploadClient&) = delete;
  UploadClient& operator=(const UploadClient&) = delete;
  ~UploadClient();

  const UploadStats& stats() const { return m_stats; }
  std::uint64_t acknowledgedOffset() const { return m_offset; }

  sim::Signal<sim::SimTime, std::uint64_t> disconnected;  // time, offset acknowledged so far
  sim::Signal<sim::SimTime, std::uint64_t> progressed;    // time, offset acknowledged (resumable)
  sim::Signal<sim::SimTime> completed;                    // the whole body is stored (once)

 private:
  void connect();
  void onConnected();
  void onMessage(const UploadMessage& m);
  void sendRequest(UploadMessage m, std::uint64_t bodyBytes);
  void sendNextChunk();
  void disconnect();
  void onConnectionLost();
  void finish();
  void retireConnection(bool fromOnClosed);

  transport::tcp::TcpStack* m_stack;
  transport::Endpoint m_server;
  transport::tcp::TcpConfig m_tcp;
  Registry* m_registry;
  sim::RandomStream m_rng;
  UploadConfig m_config;
  sim::Scheduler* m_sched;
  std::unique_ptr<Endpoint> m_endpoint;
  std::vector<std::unique_ptr<Endpoint>> m_retired;  // may still be inside their own callbacks
  sim::EventId m_timer;  // the next disconnect while connected, the reconnection while not
  bool m_created = false;
  std::uint64_t m_offset = 0;        // acknowledged by the server
  std::uint64_t m_bodySentUpTo = 0;  // highest body offset ever written (for bodyBytesResent)
  UploadStats m_stats;
};

}  // namespace wirelab::models::workload
