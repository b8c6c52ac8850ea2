#include "models/http/http2_session.h"

#include <algorithm>
#include <cmath>
#include <stdexcept>
#include <string>

#include "models/transport/tcp/tcp_stack.h"

namespace wirelab::models::http {

const char* toString(Http2Scheduling s) {
  switch (s) {
    case Http2Scheduling::RoundRobin:
      return "round-robin";
    case Http2Scheduling::Sequential:
      return "sequential";
    case Http2Scheduling::NginxSequential:
      return "nginx-sequential";
  }
  return "?";
}

void Http2Settings::validate() const {
  const auto fail = [](const std::string& m) { throw std::invalid_argument("http2: " + m); };
  if (initialStreamWindow == 0 || initialStreamWindow > 0x7fffffffu)
    fail("initialStreamWindow must lie in [1, 2^31-1]");
  if (initialConnectionWindow == 0 || initialConnectionWindow > 0x7fffffffu) {
    fail("initialConnectionWindow must lie in [1, 2^31-1]");
  }
  if (maxFrameSize < 16'384 || maxFrameSize > 16'777'215)
    fail("maxFrameSize must lie in [16384, 16777215] (RFC 9113 6.5.2)");
  if (maxConcurrentStreams == 0) fail("maxConcurrentStreams must be positive");
  if (!(hpackRepeatRatio > 0.0 && hpackRepeatRatio <= 1.0)) fail("hpackRepeatRatio must lie in (0, 1]");
  if (dataFrameBytes == 0 || dataFrameBytes > maxFrameSize)
    fail("dataFrameBytes must lie in [1, maxFrameSize] (RFC 9113 4.2)");
}

Http2Session::Http2Session(transport::tcp::TcpConnection& tcp, std::shared_ptr<Http2Wire> wire, bool isClient,
                           const Http2Settings& settings, bool overTls)
    : m_tcp(&tcp),
      m_wire(std::move(wire)),
      m_out(isClient ? &m_wire->toServer : &m_wire->toClient),
      m_in(isClient ? &m_wire->toClient : &m_wire->toServer),
      m_settings(settings),
      m_connectionSendWindow(settings.initialConnectionWindow),
      m_flushTimer(tcp.stack().network().scheduler()) {
  settings.validate();
  // Over TLS the session is made inside the TLS session's data callback: replacing that callback
  // here would destroy the function that is running.
  if (!overTls) tcp.callbacks().onData = [this](std::uint64_t bytes) { onBytes(bytes); };
  // When TCP asks for data (send buffer half empty), write at once, inside the ACK's processing: a
  // deferred write would leave TCP momentarily without data and its window validation would count
  // the flight as application-limited (no growth). Batching is for frames the application queues.
  tcp.callbacks().onSendSpace = [this] { flush(); };
  if (isClient) {
    m_alive = std::make_shared<bool>(true);
    tcp.traces().dataHeld.connect(
        [this, alive = std::weak_ptr<bool>(m_alive)](std::uint64_t holeEnd, std::uint64_t heldEnd) {
          if (!alive.expired()) onDataHeld(holeEnd, heldEnd);
        });
  }
  // RFC 9113 3.4: the client's 24-byte preface and a SETTINGS frame open the connection; the
  // server's preface is its SETTINGS frame, which nginx writes once it has read the client's
  // preface (ngx_http_v2_init() from the first read), i.e. together with its first response.
  if (isClient) {
    m_control.push_back(Http2Frame{FrameType::Settings, 0, 24 + 18, false, 0});
    m_settingsSent = true;
    pump();
  }
}

std::uint32_t Http2Session::compressedHeaderBytes(std::uint32_t raw) {
  if (m_firstHeaderBlock) {
    m_firstHeaderBlock = false;
    return raw;
  }
  return std::max<std::uint32_t>(1,
                                 static_cast<std::uint32_t>(std::lround(raw * m_settings.hpackRepeatRatio)));
}

void Http2Session::sendHeaders(std::uint32_t stream, std::uint32_t headerBytes, bool endStream,
                               std::uint16_t weight) {
  if (weight > kMaxWeight) throw std::invalid_argument("http2: a stream's weight lies in [1, 256]");
  Http2Frame f;
  f.type = FrameType::Headers;
  f.stream = stream;
  f.payloadBytes = compressedHeaderBytes(headerBytes) + (weight > 0 ? kPriorityFieldBytes : 0);
  f.endStream = endStream;
  f.weight = weight;
  m_control.push_back(f);
  m_streams.try_emplace(stream, StreamOut{0, false, m_settings.initialStreamWindow});
  pump();
}

void Http2Session::sendData(std::uint32_t stream, std::uint64_t bytes, bool endStream) {
  StreamOut& s =
      m_streams.try_emplace(stream, StreamOut{0, false, m_settings.initialStreamWindow}).first->second;
  if (m_settings.scheduling == Http2Scheduling::NginxSequential && s.pending == 0 && bytes > 0 &&
      std::find(m_sequence.begin(), m_sequence.end(), stream) == m_sequence.end()) {
    m_sequence.push_back(stream);
    s.quantumLeft = kNginxOutputBufferBytes;
  }
  s.pending += bytes;
  s.endStream = s.endStream || endStream;
  pump();
}

bool Http2Session::write(const Http2Frame& f) {
  if (m_tcp->sendSpace() < m_batchBytes + f.wireBytes()) return false;  // resumed by onSendSpace
  m_batchBytes += f.wireBytes();
  m_out->push_back(f);
  return true;
}

void Http2Session::pump() {
  if (!m_flushTimer.isArmed()) m_flushTimer.arm(sim::Duration::zero(), [this] { flush(); });
}

void Http2Session::flush() {
  fillBatch();
  if (m_batchBytes == 0) return;
  const std::uint64_t bytes = m_batchBytes;
  m_batchBytes = 0;
  m_tcp->send(bytes);
}

void Http2Session::fillBatch() {
  for (;;) {
    if (!m_control.empty()) {
      if (!write(m_control.front())) return;
      m_control.pop_front();
      continue;
    }
    auto it = nextDataStream();
    if (it == m_streams.end()) return;
    StreamOut& s = it->second;
    const auto len = static_cast<std::uint32_t>(std::min<std::uint64_t>(
        {s.pending, m_settings.dataFrameBytes,
         static_cast<std::uint64_t>(std::max<std::int64_t>(0, s.window)),
         static_cast<std::uint64_t>(std::max<std::int64_t>(0, m_connectionSendWindow))}));
    Http2Frame f;
    f.type = FrameType::Data;
    f.stream = it->first;
    f.payloadBytes = len;
    f.endStream = s.endStream && s.pending == len;
    if (!write(f)) return;
    s.pending -= len;
    s.window -= len;
    m_connectionSendWindow -= len;
    m_roundRobinAfter = it->first;
    m_lastCycle = std::max(m_lastCycle, s.cycle);
    s.cycle = m_lastCycle + static_cast<std::uint64_t>(len) * kMaxWeight / s.weight;
    if (m_settings.scheduling == Http2Scheduling::NginxSequential) {
      s.quantumLeft -= std::min<std::uint64_t>(s.quantumLeft, len);
      if (f.endStream || s.pending == 0) {
        m_sequence.erase(std::find(m_sequence.begin(), m_sequence.end(), it->first));
      } else if (s.quantumLeft == 0) {
        // The output buffer is out; the stream's next buffer queues behind the other streams'.
        m_sequence.erase(std::find(m_sequence.begin(), m_sequence.end(), it->first));
        m_sequence.push_back(it->first);
        s.quantumLeft = kNginxOutputBufferBytes;
      }
    }
    if (f.endStream) m_streams.erase(it);
  }
}

std::map<std::uint32_t, Http2Session::StreamOut>::iterator Http2Session::nextDataStream() {
  auto eligible = [this](const StreamOut& s) {
    return (s.pending > 0 && s.window > 0 && m_connectionSendWindow > 0) || (s.pending == 0 && s.endStream);
  };
  if (m_settings.scheduling == Http2Scheduling::NginxSequential) {
    // The oldest queued stream that may send; a stream blocked by its window lets the next pass.
    for (std::uint32_t id : m_sequence) {
      auto it = m_streams.find(id);
      if (it != m_streams.end() && eligible(it->second)) return it;
    }
    // Streams ended without body bytes (sendData(0, true)) are not in the sequence.
    for (auto it = m_streams.begin(); it != m_streams.end(); ++it) {
      if (it->second.pending == 0 && it->second.endStream) return it;
    }
    return m_streams.end();
  }
  if (m_settings.scheduling == Http2Scheduling::Sequential) {
    for (auto it = m_streams.begin(); it != m_streams.end(); ++it) {
      if (eligible(it->second)) return it;
    }
    return m_streams.end();
  }
  // Round robin: of the streams that may send, the one furthest behind in virtual time (a stream
  // that was idle or blocked counts from now, so it gets no burst of catching up); among equals,
  // the next after the last one served.
  auto best = m_streams.end();
  std::uint64_t bestCycle = 0;
  auto it = m_streams.upper_bound(m_roundRobinAfter);
  for (std::size_t visited = 0; visited < m_streams.size(); ++visited, ++it) {
    if (it == m_streams.end()) it = m_streams.begin();
    if (!eligible(it->second)) continue;
    const std::uint64_t cycle = std::max(it->second.cycle, m_lastCycle);
    if (best == m_streams.end() || cycle < bestCycle) {
      best = it;
      bestCycle = cycle;
    }
  }
  return best;
}

void Http2Session::onDataHeld(std::uint64_t holeEnd, std::uint64_t heldEnd) {
  // Walk the peer's frames from the in-order point (the front frame's first m_received bytes are
  // in): a frame with bytes in [holeEnd, heldEnd) arrived, at least partly, and must wait.
  std::uint64_t offset = 0;
  bool front = true;
  for (const Http2Frame& f : *m_in) {
    const std::uint64_t start = offset;
    offset += f.wireBytes() - (front ? m_received : 0);
    front = false;
    if (start >= heldEnd) break;
    if (offset <= holeEnd || f.stream == 0) continue;
    if (m_blockedReported.insert(f.stream).second && onHeadOfLineBlocked) onHeadOfLineBlocked(f.stream);
  }
}

void Http2Session::onBytes(std::uint64_t bytes) {
  m_blockedReported.clear();  // in-order data flows again: a later hole is a new episode
  m_received += bytes;
  while (!m_in->empty() && m_received >= m_in->front().wireBytes()) {
    const Http2Frame f = m_in->front();
    m_in->pop_front();
    m_received -= f.wireBytes();
    handle(f);
  }
  // What the arriving frames made us send (WINDOW_UPDATE, SETTINGS ACK) leaves with this
  // delivery, as a real stack's reply to a read does, so TCP can carry its ACK on it.
  flush();
}

void Http2Session::handle(const Http2Frame& f) {
  switch (f.type) {
    case FrameType::Settings:
      // RFC 9113 6.5.3: a SETTINGS frame with parameters is acknowledged at once by an empty
      // SETTINGS frame with the ACK flag (the empty frame is the acknowledgement here).
      if (f.payloadBytes > 0) {
        if (!m_settingsSent) {
          m_control.push_back(Http2Frame{FrameType::Settings, 0, 18, false, 0});
          m_settingsSent = true;
        }
        m_control.push_back(Http2Frame{FrameType::Settings, 0, 0, false, 0});
        pump();
      }
      return;
    case FrameType::WindowUpdate:
      if (f.stream == 0) {
        m_connectionSendWindow += f.windowIncrement;
      } else if (auto it = m_streams.find(f.stream); it != m_streams.end()) {
        it->second.window += f.windowIncrement;
      }
      pump();
      return;
    case FrameType::Data: {
      // RFC 9113 6.9: give the credit back once half a window has been consumed.
      m_connectionConsumed += f.payloadBytes;
      if (m_connectionConsumed >= m_settings.initialConnectionWindow / 2) {
        m_control.push_back(Http2Frame{FrameType::WindowUpdate, 0, 4, false,
                                       static_cast<std::uint32_t>(m_connectionConsumed)});
        m_connectionConsumed = 0;
      }
      std::uint64_t& consumed = m_streamConsumed[f.stream];
      consumed += f.payloadBytes;
      if (f.endStream) {
        m_streamConsumed.erase(f.stream);
      } else if (consumed >= m_settings.initialStreamWindow / 2) {
        m_control.push_back(
            Http2Frame{FrameType::WindowUpdate, f.stream, 4, false, static_cast<std::uint32_t>(consumed)});
        consumed = 0;
      }
      if (onFrame) onFrame(f);
      pump();
      return;
    }
    case FrameType::Headers:
      // The peer's PRIORITY weight is for what this end sends back on the stream.
      if (f.weight > 0) {
        m_streams.try_emplace(f.stream, StreamOut{0, false, m_settings.initialStreamWindow})
            .first->second.weight = f.weight;
      }
      if (onFrame) onFrame(f);
      return;
  }
}

}  // namespace wirelab::models::http
