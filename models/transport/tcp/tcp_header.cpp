#include "models/transport/tcp/tcp_header.h"

namespace wirelab::models::transport::tcp {

std::uint32_t tcpHeaderWireBytes(const TcpHeader& h, bool timestamps) {
  std::uint32_t options = 0;
  if (h.has(TcpHeader::kSyn)) {
    options += 4;                       // MSS (RFC 9293 3.7.1)
    if (h.sackPermitted) options += 2;  // SACK-permitted (RFC 2018 2)
    options += 3;                       // window scale (RFC 7323 2.2)
  }
  if (timestamps) options += 10;                         // RFC 7323 3
  if (h.sackCount > 0) options += 2 + 8u * h.sackCount;  // RFC 2018 3
  return 20 + (options + 3) / 4 * 4;
}

}  // namespace wirelab::models::transport::tcp
