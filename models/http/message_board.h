// File: models/http/message_board.h
// Where an HTTP server learns the size of the request it is reading and of the response to send,
// and where an HTTP/1.1 client learns the size of the response it is reading. The simulator
// carries byte counts, not bytes, so the header fields a real peer would parse (the request line,
// Content-Length, Connection: close) travel beside the stream: the client posts a descriptor per
// request on its connection, and the server takes them in order as the bytes arrive; the server
// posts a descriptor per response (its actual size and status, e.g. a short 503), and the client
// takes them in order as the response bytes arrive.
#pragma once

#include <cstdint>
#include <deque>
#include <map>
#include <string>
#include <utility>

#include "models/transport/transport_types.h"

namespace wirelab::models::http {

struct MessageDescriptor {
  MessageDescriptor() = default;
  MessageDescriptor(std::uint64_t request, std::uint64_t response, std::string what = {}, bool close = false)
      : requestBytes(request), responseBytes(response), label(std::move(what)), connectionClose(close) {}

  std::uint64_t requestBytes = 0;
  std::uint64_t responseBytes = 0;  // what the client asks for (the server's handler may answer otherwise)
  std::string label;                // the request's kind or resource ("index.html", "api/search")
  bool connectionClose = false;     // "Connection: close" (RFC 9112 9.6): the server closes after answering
};

// A response as the HTTP/1.1 client frames it: its size on the wire and its status code.
struct ResponseDescriptor {
  std::uint64_t bytes = 0;
  int status = 200;
};

class MessageBoard {
 public:
  // `client` is the client side's endpoint of the connection (what the server sees as remote).
  void post(transport::Endpoint client, MessageDescriptor d) { m_pending[client].push_back(std::move(d)); }
  bool hasNext(transport::Endpoint client) const {
    auto it = m_pending.find(client);
    return it != m_pending.end() && !it->second.empty();
  }
  const MessageDescriptor& next(transport::Endpoint client) const { return m_pending.at(client).front(); }
  void pop(transport::Endpoint client) {
    auto it = m_pending.find(client);
    it->second.pop_front();
    if (it->second.empty()) m_pending.erase(it);
  }

  // Responses on one connection, in the order the server wrote them (HTTP/1.1 answers in order,
  // RFC 9112 9.3), for the client whose endpoint is `client`.
  void postResponse(transport::Endpoint client, ResponseDescriptor d) { m_responses[client].push_back(d); }
  bool takeResponse(transport::Endpoint client, ResponseDescriptor& out) {
    auto it = m_responses.find(client);
    if (it == m_responses.end()) return false;
    out = it->second.front();
    it->second.pop_front();
    if (it->second.empty()) m_responses.erase(it);
    return true;
  }

  // For transports whose streams arrive independently (HTTP/3 over QUIC): one descriptor per
  // (connection, stream), taken when that stream's request is complete.
  void postForStream(std::uint64_t connection, std::uint64_t stream, MessageDescriptor d) {
    m_byStream[{connection, stream}] = std::move(d);
  }
  bool takeForStream(std::uint64_t connection, std::uint64_t stream, MessageDescriptor& out) {
    auto it = m_byStream.find({connection, stream});
    if (it == m_byStream.end()) return false;
    out = std::move(it->second);
    m_byStream.erase(it);
    return true;
  }

 private:
  std::map<transport::Endpoint, std::deque<MessageDescriptor>> m_pending;
  std::map<transport::Endpoint, std::deque<ResponseDescriptor>> m_responses;
  std::map<std::pair<std::uint64_t, std::uint64_t>, MessageDescriptor> m_byStream;
};

}  // namespace wirelab::models::http
