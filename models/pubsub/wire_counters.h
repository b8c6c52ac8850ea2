// File: models/pubsub/wire_counters.h
// TCP traffic of a set of connections, summed over their lifetimes (a connection's own counters
// vanish with it), with the TCP/IP header bytes that go with every segment.
#pragma once

#include <cstdint>

#include "models/transport/tcp/tcp_connection.h"

namespace wirelab::models::pubsub {

struct WireCounters {
  std::uint64_t segmentsSent = 0;
  std::uint64_t payloadBytesSent = 0;  // TCP payload, retransmissions included
  std::uint64_t bytesRetransmitted = 0;
  std::uint64_t payloadBytesDelivered = 0;  // in-order payload handed to the application

  void add(const transport::tcp::TcpCounters& c) {
    segmentsSent += c.segmentsSent;
    payloadBytesSent += c.bytesSent;
    bytesRetransmitted += c.bytesRetransmitted;
    payloadBytesDelivered += c.bytesDelivered;
  }
  WireCounters& operator+=(const WireCounters& o) {
    segmentsSent += o.segmentsSent;
    payloadBytesSent += o.payloadBytesSent;
    bytesRetransmitted += o.bytesRetransmitted;
    payloadBytesDelivered += o.payloadBytesDelivered;
    return *this;
  }
};

}  // namespace wirelab::models::pubsub
