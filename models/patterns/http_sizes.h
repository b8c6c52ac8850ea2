// File: models/patterns/http_sizes.h
// The byte sizes of every message the notification patterns put on the wire, stated in one place.
// The simulator carries byte counts, so these sizes are the model of the HTTP text. The defaults
// are those of the real client and server of ../shared/tools/realnet/workloads/events_*.py, counted
// from their code and checked against the dataset's byte counts (2864 request bytes for 25 polls,
// 169 response header bytes per response):
//   request:  "GET /poll?since=17 HTTP/1.1\r\nHost: 10.77.0.2:9001\r\nUser-Agent: rn-events/1\r\n"
//             "Accept: */*\r\nConnection: keep-alive\r\n\r\n"
//             = requestFixedBytes (101) + the path ("/poll?since=", 12) + the digits of the id (2)
//   response: Python http.server's "HTTP/1.1 200 OK", Server, Date, Content-Type, Content-Length,
//             Cache-Control and the empty line = responseFixedBytes (167) + the digits of the
//             Content-Length; body = {"events":[...],"server_epoch":...}: jsonEnvelopeBytes (47) +
//             the events' payloads + one comma between two events
//   SSE:      response head of 169 bytes (text/event-stream, Connection: close; no Content-Length);
//             each event "id: 17\ndata: <payload>\n\n" = payload + sseEventFixedBytes (13) + digits
//   WebSocket: the opening handshake of RFC 6455 section 1.2/4.1 (the RFC's example request with
//             Origin and Sec-WebSocket-Protocol, about 230 bytes; the 101 response, about 129);
//             frames carry a 2-14 byte header (RFC 6455 section 5.2), see frameHeaderBytes().
#pragma once

#include <cstdint>

namespace wirelab::models::patterns {

struct HttpSizes {
  std::uint32_t requestFixedBytes = 101;
  std::uint32_t responseFixedBytes = 167;
  std::uint32_t jsonEnvelopeBytes = 47;
  std::uint32_t sseResponseHeadBytes = 169;
  std::uint32_t sseEventFixedBytes = 13;
  std::uint32_t upgradeRequestBytes = 230;
  std::uint32_t upgradeResponseBytes = 129;
  std::uint32_t pushAckPayloadBytes = 8;  // the client's acknowledgement frame carries the event id
  // Throws std::invalid_argument naming the first bad field.
  void validate() const;
};

// Decimal digits of a non-negative integer (the size of an id or a Content-Length in the text).
inline std::uint32_t decimalDigits(std::uint64_t v) {
  std::uint32_t d = 1;
  while (v >= 10) {
    v /= 10;
    ++d;
  }
  return d;
}

// RFC 6455 section 5.2: 2 bytes, plus 2 for a 16-bit extended length (payload 126..65535) or 8 for
// a 64-bit one, plus the 4-byte masking key on frames from the client (section 5.3: a client
// masks every frame, a server never does).
inline std::uint32_t frameHeaderBytes(std::uint64_t payloadBytes, bool fromClient) {
  std::uint32_t h = 2;
  if (payloadBytes > 65'535) {
    h += 8;
  } else if (payloadBytes > 125) {
    h += 2;
  }
  return h + (fromClient ? 4u : 0u);
}

}  // namespace wirelab::models::patterns
