// File: models/http/http2_frames.h
// HTTP/2 frames as byte counts on a TCP stream (RFC 9113 section 4): every frame is a 9-byte
// header and a payload. The simulator carries no bytes, so the frame boundaries a real receiver
// parses travel beside the stream: the sender appends each frame it writes to the direction's
// FrameQueue, and the receiver takes them in order as the bytes arrive (TCP delivers in order).
#pragma once

#include <cstdint>
#include <deque>
#include <map>
#include <memory>

#include "models/transport/transport_types.h"

namespace wirelab::models::http {

inline constexpr std::uint32_t kFrameHeaderBytes = 9;  // RFC 9113 section 4.1
// HEADERS' priority fields (RFC 9113 6.2): exclusive bit and stream dependency, 4 bytes; weight, 1.
inline constexpr std::uint32_t kPriorityFieldBytes = 5;
inline constexpr std::uint16_t kDefaultWeight = 16;  // RFC 7540 5.3.5
inline constexpr std::uint16_t kMaxWeight = 256;

enum class FrameType : std::uint8_t { Data, Headers, Settings, WindowUpdate };

struct Http2Frame {
  FrameType type = FrameType::Data;
  std::uint32_t stream = 0;
  std::uint32_t payloadBytes = 0;  // flow-controlled for DATA (RFC 9113 section 6.9)
  bool endStream = false;
  std::uint32_t windowIncrement = 0;  // WINDOW_UPDATE
  // HEADERS with the PRIORITY flag (RFC 9113 6.2; weights as RFC 7540 5.3.2 defined them):
  // the stream's weight, 1..256; 0 when the flag is not set (the default weight, 16).
  std::uint16_t weight = 0;
  std::uint32_t wireBytes() const { return kFrameHeaderBytes + payloadBytes; }
};

// The two directions of one HTTP/2 connection, found by the client's endpoint.
struct Http2Wire {
  std::deque<Http2Frame> toServer, toClient;
};

class Http2WireRegistry {
 public:
  // The wire of the connection whose client end is `client`, created on first use by either end.
  std::shared_ptr<Http2Wire> obtain(transport::Endpoint client) {
    std::shared_ptr<Http2Wire>& wire = m_wires[client];
    if (!wire) wire = std::make_shared<Http2Wire>();
    return wire;
  }

 private:
  std::map<transport::Endpoint, std::shared_ptr<Http2Wire>> m_wires;
};

}  // namespace wirelab::models::http
