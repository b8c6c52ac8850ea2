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
#include <set>

#include "models/http/http2_frames.h"
#include "models/transport/tcp/tcp_connection.h"
#include "sim/core/timer.h"

namespace wirelab::models::http {

// How a sender orders the DATA of its open streams (RFC 9113 section 5.3 leaves it to the
// implementation once priorities are unused, as nghttp --no-dep and RFC 9218's default urgency
// make them).
enum class Http2Scheduling : std::uint8_t {
  // One frame per stream in turn: every stream progresses at the same rate, all finish together.
  // RFC 9218's incremental responses (section 4.2) of equal urgency share the connection so.
  // Weighted (RFC 7540 5.3.2): each stream's share is proportional to the weight its peer sent,
  // by stride scheduling as nghttp2 does (a frame of n bytes advances its stream's virtual time
  // by n x 256 / weight; the stream furthest behind goes next); equal weights take equal turns.
  RoundRobin,
  // RFC 9218's default for a request without a Priority header: non-incremental responses of
  // equal urgency, one at a time in ascending stream ID (section 10), i.e. in request order; a
  // stream blocked by its flow-control window lets the next one send.
  Sequential,
  // nginx 1.22 (ngx_http_v2_filter_module / ngx_http_v2_queue_frame): a response's DATA frames
  // are queued for the connection as soon as the stream's window allows, and equal-weight
  // streams' frames are kept in the order they were queued, so a body handed over whole is
  // written out before the next stream's: streams complete one after another, in request order.
  NginxSequential,
};
const char* toString(Http2Scheduling s);

// nginx reads a static file into output buffers of 32 KiB (`output_buffers 2 32k`) and queues one
// buffer's frames per stream at a time (a stream with frames still queued waits), so bodies larger
// than that interleave with the other streams' in 32 KiB turns.
inline constexpr std::uint64_t kNginxOutputBufferBytes = 32 * 1024;

struct Http2Settings {
  std::uint32_t initialStreamWindow = 65'535;      // SETTINGS_INITIAL_WINDOW_SIZE
  std::uint32_t initialConnectionWindow = 65'535;  // RFC 9113 6.9.2 (raised by WINDOW_UPDATE)
  std::uint32_t maxFrameSize = 16'384;             // SETTINGS_MAX_FRAME_SIZE
  std::uint32_t maxConcurrentStreams = 100;        // SETTINGS_MAX_CONCURRENT_STREAMS
  // HPACK (RFC 7541) as a size model: the first header block on a connection costs its full
  // size, later ones only this fraction (indexed fields from the dynamic table).
  double hpackRepeatRatio = 0.1;
  // Local sending policy, never advertised: how DATA of concurrent streams is ordered, and the
  // largest DATA payload this end writes (at most the peer's SETTINGS_MAX_FRAME_SIZE; nginx
  // slices bodies into http2_chunk_size = 8 KiB frames).
  Http2Scheduling scheduling = Http2Scheduling::Sequential;  // RFC 9218 sections 4.2 and 10
  std::uint32_t dataFrameBytes = 16'384;
  void validate() const;
};

class Http2Session {
 public:
  using FrameHandler = std::function<void(const Http2Frame&)>;

  // Over TLS (`overTls`), the TLS session keeps the connection's data callback and hands the bytes
  // on through receive(); otherwise the session takes the callback itself.
  Http2Session(transport::tcp::TcpConnection& tcp, std::shared_ptr<Http2Wire> wire, bool isClient,
               const Http2Settings& settings, bool overTls = false);

  // Queues a HEADERS frame of `headerBytes` uncompressed (HPACK applied here); a `weight` of
  // 1..256 sets its PRIORITY flag (5 bytes more) to ask the peer for that share of the connection.
  void sendHeaders(std::uint32_t stream, std::uint32_t headerBytes, bool endStream, std::uint16_t weight = 0);
  // Queues `bytes` of DATA on `stream`, split into frames, sent as windows allow.
  void sendData(std::uint32_t stream, std::uint64_t bytes, bool endStream);

  // Every HEADERS and DATA frame received, as it completes.
  FrameHandler onFrame;
  // The connection's bytes, when they reach the owner first: over TLS, every byte behind the
  // handshake, as the TLS session passes it on.
  void receive(std::uint64_t bytes) { onBytes(bytes); }
  // A stream whose frames arrived but wait behind a lost TCP segment: TCP delivers in order, so a
  // hole anywhere in the connection holds back every stream with data beyond it (head-of-line
  // blocking, RFC 9113 has no remedy; HTTP/3's streams do not share one). Called once per stream
  // until the held data is delivered.
  std::function<void(std::uint32_t stream)> onHeadOfLineBlocked;

  transport::tcp::TcpConnection& tcp() const { return *m_tcp; }
  std::uint64_t connectionWindow() const { return m_connectionSendWindow; }

 private:
  struct StreamOut {
    std::uint64_t pending = 0;  // DATA bytes queued, not yet framed
    bool endStream = false;
    std::int64_t window = 0;                // stream send window
    std::uint64_t quantumLeft = 0;          // NginxSequential: bytes left of the output buffer being sent
    std::uint16_t weight = kDefaultWeight;  // RoundRobin: what the peer's HEADERS asked for
    std::uint64_t cycle = 0;                // RoundRobin: virtual time of the stream's next frame
  };

  // Frames are written in batches: everything queued at one instant goes to TCP in one send(),
  // as nghttp2's session_send() and nginx's output queue serialise their pending frames into one
  // write() per event-loop turn (so 36 requests leave in one segment, not 36).
  void pump();
  void flush();
  void fillBatch();
  // The stream whose DATA goes next under the configured policy, or m_streams.end().
  std::map<std::uint32_t, StreamOut>::iterator nextDataStream();
  void onBytes(std::uint64_t bytes);
  void onDataHeld(std::uint64_t holeEnd, std::uint64_t heldEnd);
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
  std::uint32_t m_roundRobinAfter = 0;   // last stream that sent DATA
  std::uint64_t m_lastCycle = 0;         // RoundRobin: virtual time of the last DATA frame sent
  std::deque<std::uint32_t> m_sequence;  // NginxSequential: streams in the order their DATA was queued
  std::int64_t m_connectionSendWindow;
  std::uint64_t m_received = 0;               // bytes received, not yet consumed as frames
  std::set<std::uint32_t> m_blockedReported;  // streams reported head-of-line blocked, until data flows
  // A client session listens to its connection's dataHeld, which may outlive it: the slot checks
  // this first. Null for a server's session, which does not listen.
  std::shared_ptr<bool> m_alive;
  std::map<std::uint32_t, std::uint64_t> m_streamConsumed;  // DATA bytes since our last update
  std::uint64_t m_connectionConsumed = 0;
  bool m_firstHeaderBlock = true;
  bool m_settingsSent = false;     // a server sends its SETTINGS once the client's preface arrived
  std::uint64_t m_batchBytes = 0;  // frames written in this flush, not yet handed to TCP
  sim::Timer m_flushTimer;         // the zero-delay flush of the current instant
};

}  // namespace wirelab::models::http
