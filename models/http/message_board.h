// File: models/http/message_board.h
// Where an HTTP server learns the size of the request it is reading and of the response to send.
// The simulator carries byte counts, not bytes, so the header fields a real server would parse
// (the request line, Content-Length) travel beside the stream: the client posts a descriptor per
// request on its connection, and the server takes them in order as the bytes arrive.
#pragma once

#include <cstdint>
#include <deque>
#include <map>
#include <utility>

#include "models/transport/transport_types.h"

namespace wirelab::models::http {

struct MessageDescriptor {
  std::uint64_t requestBytes = 0;
  std::uint64_t responseBytes = 0;
};

class MessageBoard {
 public:
  // `client` is the client side's endpoint of the connection (what the server sees as remote).
  void post(transport::Endpoint client, MessageDescriptor d) { m_pending[client].push_back(d); }
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

  // For transports whose streams arrive independently (HTTP/3 over QUIC): one descriptor per
  // (connection, stream), taken when that stream's request is complete.
  void postForStream(std::uint64_t connection, std::uint64_t stream, MessageDescriptor d) {
    m_byStream[{connection, stream}] = d;
  }
  bool takeForStream(std::uint64_t connection, std::uint64_t stream, MessageDescriptor& out) {
    auto it = m_byStream.find({connection, stream});
    if (it == m_byStream.end()) return false;
    out = it->second;
    m_byStream.erase(it);
    return true;
  }

 private:
  std::map<transport::Endpoint, std::deque<MessageDescriptor>> m_pending;
  std::map<std::pair<std::uint64_t, std::uint64_t>, MessageDescriptor> m_byStream;
};

}  // namespace wirelab::models::http
