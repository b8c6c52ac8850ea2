// File: models/http/http2_session.h
// One end of an HTTP/2 connection over TCP (RFC 9113): frames written in order of priority
// (control frames first, then DATA of the active streams round-robin, RFC 9113 section 5.3 left
// to the implementation), limited by per-stream and connection flow-control windows (65,535 bytes
// initially, section 6.9.2) that WINDOW_UPDATE frames reopen once half a window is consumed, and
// frames consumed from the peer as their bytes arrive. Client and server build on it.
#pragma once

#include <cstdint>
#include <deque>
#include <functional>
#include <map>
#include <memory>

#include "models/http/http2_frames.h"
#include "models/transport/tcp/tcp_connection.h"

namespace wirelab::models::http {

struct Http2Settings {
  std::uint32_t initialStreamWindow = 65'535;      // SETTINGS_INITIAL_WINDOW_SIZE
  std::uint32_t initialConnectionWindow = 65'535;  // RFC 9113 6.9.2 (raised by WINDOW_UPDATE)
  std::uint32_t maxFrameSize = 16'384;             // SETTINGS_MAX_FRAME_SIZE
  std::uint32_t maxConcurrentStreams = 100;        // SETTINGS_MAX_CONCURRENT_STREAMS
  // HPACK (RFC 7541) as a size model: the first header block on a connection costs its full
  // size, later ones only this fraction (indexed fields from the dynamic table).
  double hpackRepeatRatio = 0.1;
  void validate() const;
};

class Http2Session {
 public:
  using FrameHandler = std::function<void(const Http2Frame&)>;

  Http2Session(transport::tcp::TcpConnection& tcp, std::shared_ptr<Http2Wire> wire, bool isClient,
               const Http2Settings& settings);

  // Queues a HEADERS frame of `headerBytes` uncompressed (HPACK applied here).
  void sendHeaders(std::uint32_t stream, std::uint32_t headerBytes, bool endStream);
  // Queues `bytes` of DATA on `stream`, split into frames, sent as windows allow.
  void sendData(std::uint32_t stream, std::uint64_t bytes, bool endStream);

  // Every HEADERS and DATA frame received, as it completes.
  FrameHandler onFrame;

  transport::tcp::TcpConnection& tcp() const { return *m_tcp; }
  std::uint64_t connectionWindow() const { return m_connectionSendWindow; }

 private:
  struct StreamOut {
    std::uint64_t pending = 0;  // DATA bytes queued, not yet framed
    bool endStream = false;
    std::int64_t window = 0;  // stream send window
  };

  void pump();
  void onBytes(std::uint64_t bytes);
  void handle(const Http2Frame& f);
  bool write(const Http2Frame& f);
  std::uint32_t compressedHeaderBytes(std::uint32_t raw);

  transport::tcp::TcpConnection* m_tcp;
  std::shared_ptr<Http2Wire> m_wire;
  std::deque<Http2Frame>* m_out;  // frames this end writes, in stream order
  std::deque<Http2Frame>* m_in;   // frames the peer writes
  Http2Settings m_settings;
  std::deque<Http2Frame> m_control;  // HEADERS, WINDOW_UPDATE: sent before DATA
  std::map<std::uint32_t, StreamOut> m_streams;
  std::uint32_t m_roundRobinAfter = 0;  // last stream that sent DATA
  std::int64_t m_connectionSendWindow;
  std::uint64_t m_received = 0;                             // bytes received, not yet consumed as frames
  std::map<std::uint32_t, std::uint64_t> m_streamConsumed;  // DATA bytes since our last update
  std::uint64_t m_connectionConsumed = 0;
  bool m_firstHeaderBlock = true;
};

}  // namespace wirelab::models::http
