// File: models/http/http_exchange.h
// One HTTP request/response as the models see it: sizes on the wire (headers included) and the
// waterfall record of its life (queued, connect, sent, first byte, done; on which connection) that
// charts and exports draw, with the cause of any wait.
#pragma once

#include <cstdint>
#include <string>
#include <utility>
#include <vector>

#include "models/transport/transport_types.h"
#include "sim/core/time.h"

namespace wirelab::models::http {

struct HttpRequestSpec {
  transport::Endpoint origin;
  std::uint32_t requestBytes = 400;    // request line + headers (+ body)
  std::uint64_t responseBytes = 5000;  // status line + headers + body
  std::string label;                   // what it is ("index.html", "img/3.png")
  // HTTP/2: the response's weight among round-robin responses (RFC 7540 5.3.2: 1..256, sent in
  // the request's HEADERS with the PRIORITY flag); 0 sends none, which means the default, 16.
  std::uint16_t weight = 0;
};

struct HttpWaterfall {
  std::uint64_t id = 0;
  std::string label;
  sim::SimTime queuedAt;      // the application asked for it
  sim::SimTime connectStart;  // a new connection was opened for it (else equal to sentAt)
  sim::SimTime connectEnd;    // TCP's (or QUIC's) handshake ended
  sim::SimTime tlsEnd;        // TLS's handshake over TCP ended (equal to connectEnd without TLS, and
                              // for HTTP/3, whose QUIC handshake carries TLS 1.3)
  sim::SimTime sentAt;        // the request was written to the connection
  sim::SimTime firstByteAt;   // the first response byte arrived
  sim::SimTime doneAt;        // the last response byte arrived
  int connection = -1;        // index of the connection within its origin's pool
  bool newConnection = false;
  std::string waitCause;            // e.g. "queued: 6 connections busy"
  int status = 200;                 // HTTP/1.1: the server's status code (e.g. 503 from a full queue)
  std::uint64_t responseBytes = 0;  // HTTP/1.1: the response's size as the server declared it
  // HTTP/2: how often its response's data arrived but waited behind a lost TCP segment
  // (head-of-line blocking), and when it first did.
  int headOfLineBlocks = 0;
  sim::SimTime headOfLineBlockedAt;
};

// The record of a request made now: its id, what it is, when the application asked.
inline HttpWaterfall newWaterfall(std::uint64_t id, const HttpRequestSpec& spec, sim::SimTime now) {
  HttpWaterfall w;
  w.id = id;
  w.label = spec.label;
  w.queuedAt = now;
  return w;
}

// Ends an exchange held in a stream-indexed map: stamps doneAt, records it, removes it, then calls
// its completion callback last (which may issue new requests into the same map).
template <typename OpenMap>
void completeExchange(OpenMap& open, typename OpenMap::iterator it, sim::SimTime now,
                      std::vector<HttpWaterfall>& completed) {
  it->second.record.doneAt = now;
  completed.push_back(it->second.record);
  auto done = std::move(it->second.done);
  const HttpWaterfall record = it->second.record;
  open.erase(it);
  if (done) done(record);
}

}  // namespace wirelab::models::http
