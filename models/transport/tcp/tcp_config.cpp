#include "models/transport/tcp/tcp_config.h"

#include <stdexcept>

#include "models/transport/transport_types.h"

namespace wirelab::models::transport::tcp {

std::uint32_t TcpConfig::mssBytes() const {
  return mtuBytes - kIpv4HeaderBytes - kTcpHeaderBytes - (timestamps ? 12u : 0u);
}

void TcpConfig::validate() const {
  const auto fail = [](const std::string& message) { throw std::invalid_argument("tcp: " + message); };
  if (mtuBytes < 576) fail("mtu must be at least 576 bytes (RFC 791), got " + std::to_string(mtuBytes));
  if (mtuBytes > 65535) fail("mtu must be at most 65535 bytes, got " + std::to_string(mtuBytes));
  if (initialWindowSegments == 0) fail("initial window must be at least 1 segment");
  if (sendBufferBytes < mssBytes()) fail("send buffer must hold at least one segment");
  if (receiveBufferBytes < mssBytes()) fail("receive buffer must hold at least one segment");
  if (initialRto <= sim::Duration::zero()) fail("initial RTO must be positive");
  if (minRto <= sim::Duration::zero() || minRto > maxRto)
    fail("minimum RTO must be positive and <= maximum RTO");
  if (delayedAckTimeout <= sim::Duration::zero() || delayedAckTimeout > sim::Milliseconds(500)) {
    fail("delayed-ACK timeout must lie in (0, 500 ms] (RFC 5681 section 4.2)");
  }
  if (maxSynRetries < 0 || maxDataRetries < 1) fail("retry limits must not be negative");
  // A connection counts its retries in one byte; Linux caps tcp_syn_retries at 127, and 255 data
  // retries at the 120 s maximum RTO would wait more than 8 hours.
  if (maxSynRetries > 255 || maxDataRetries > 255) fail("retry limits must be at most 255");
  if (rackTlp && !sack) fail("rackTlp needs sack (RFC 8985 section 4)");
  if (linuxReceiveAutotuning && (tcpRmemDefault < 2 * mssBytes() || tcpRmemMax < tcpRmemDefault)) {
    fail("tcp_rmem needs a default of at least two segments and a maximum >= the default");
  }
  if (linuxAckPolicy && !linuxReceiveAutotuning) fail("linuxAckPolicy needs linuxReceiveAutotuning");
  if (linuxSackCompression && !linuxAckPolicy) fail("linuxSackCompression needs linuxAckPolicy");
  if (readLatency < sim::Duration::zero() || readLatencyJitterMean < sim::Duration::zero()) {
    fail("read latency must not be negative");
  }
  if (readChunkTime < sim::Duration::zero()) fail("readChunkTime must not be negative");
}

std::optional<TcpConfig> tcpProfile(std::string_view name) {
  TcpConfig c;
  if (name == "rfc") {
    c.sack = false;
    return c;
  }
  if (name == "ns3") {
    // NewReno growing per ACK as ns-3 3.37's TcpNewReno, ssthresh from the SACK pipe as its
    // TcpSocketBase::EnterRecovery, its delayed ACK after an immediate reply (ReceivedData), SACK,
    // timestamps, 200 ms delayed ACK, 1 s minimum RTO.
    c.increasePerAck = true;
    c.ssthreshFromPipe = true;
    c.ackTimerAfterReply = true;
    return c;
  }
  if (name == "linux") {
    c.congestionControl = cc::Algorithm::Cubic;
    c.hystartPlusPlus = true;
    c.rackTlp = true;                             // Linux's default loss detection since 4.18
    c.linuxCwndLimited = true;                    // tcp_is_cwnd_limited()
    c.linuxDeliveredCredit = true;                // tcp_newly_delivered()
    c.proportionalRateReduction = true;           // tcp_cwnd_reduction(), RFC 9937
    c.linuxRtoMin = true;                         // RTO = srtt + max(4 rttvar, 200 ms)
    c.abcLimitSegments = 0;                       // tcp_slow_start(): every segment acked counts
    c.minRto = sim::Milliseconds(200);            // Linux TCP_RTO_MIN
    c.delayedAckTimeout = sim::Milliseconds(40);  // Linux TCP_DELACK_MIN
    c.linuxReceiveAutotuning = true;              // tcp_rcv_space_adjust() and friends
    c.linuxAckPolicy = true;                      // quick ACKs, pingpong, __tcp_ack_snd_check()
    c.linuxSackCompression = true;                // tcp_comp_sack_nr, tcp_comp_sack_delay_ns
    return c;
  }
  return std::nullopt;
}

}  // namespace wirelab::models::transport::tcp
