// File: models/transport/quic/quic_config.cpp
#include "models/transport/quic/quic_config.h"

#include <limits>
#include <stdexcept>
#include <string>

namespace wirelab::models::transport::quic {

namespace {

[[noreturn]] void reject(const std::string& what) { throw std::invalid_argument("quic: " + what); }

void requireRange(const char* name, std::int64_t value, std::int64_t lo, std::int64_t hi,
                  const char* why = "") {
  if (value < lo || value > hi) {
    reject(std::string(name) + " must be in [" + std::to_string(lo) + ", " + std::to_string(hi) + "]" + why +
           ", got " + std::to_string(value));
  }
}

void requirePositive(const char* name, sim::Duration d) {
  if (d <= sim::Duration::zero()) reject(std::string(name) + " must be positive, got " + sim::toString(d));
}

}  // namespace

void QuicConfig::validate() const {
  if (mtuBytes < 1228) {
    reject("mtuBytes must be at least 1228 (a 1200-byte UDP payload, RFC 9000 section 14), got " +
           std::to_string(mtuBytes));
  }
  requireRange("mtuBytes", mtuBytes, 1228, 65535);
  requireRange("connectionIdBytes", connectionIdBytes, 0, 20, " (RFC 9000 section 17.2)");
  requireRange("initialWindowPackets", initialWindowPackets, 1, 1 << 20);
  requireRange("minimumWindowPackets", minimumWindowPackets, 1, 1 << 20);
  constexpr std::int64_t kU32 = std::numeric_limits<std::uint32_t>::max();
  requireRange("initialMaxData", initialMaxData, 1, kU32);
  requireRange("initialMaxStreamData", initialMaxStreamData, 1, kU32);
  requireRange("initialMaxStreamsBidi", initialMaxStreamsBidi, 1, 65535);
  requirePositive("maxAckDelay", maxAckDelay);
  // RFC 9000 section 18.2: max_ack_delay values of 2^14 ms or more are invalid.
  if (maxAckDelay >= sim::Milliseconds(1 << 14)) reject("maxAckDelay must be below 16384ms (RFC 9000 18.2)");
  requireRange("ackElicitingThreshold", ackElicitingThreshold, 1, 1 << 16);
  requireRange("packetThreshold", packetThreshold, 1, 1 << 16);
  requirePositive("initialRtt", initialRtt);
  requireRange("clientHelloBytes", clientHelloBytes, 1, 65535);
  requireRange("serverHelloBytes", serverHelloBytes, 1, 65535);
  requireRange("serverHandshakeBytes", serverHandshakeBytes, 1, 65535);
  requireRange("serverResumedHandshakeBytes", serverResumedHandshakeBytes, 1, 65535);
  requireRange("clientFinishedBytes", clientFinishedBytes, 1, 65535);
  requireRange("sessionTicketBytes", sessionTicketBytes, 1, 1200);
  requirePositive("idleTimeout", idleTimeout);
  requireRange("maxBufferedPackets", maxBufferedPackets, 0, 1 << 16);
  if (!congestionFactory && !cc::parseAlgorithm(congestionControl)) {
    reject("congestionControl: unknown congestion controller \"" + congestionControl +
           "\" (expected newreno or cubic)");
  }
}

std::unique_ptr<cc::CongestionController> QuicConfig::makeController() const {
  validate();
  cc::CongestionConfig c;
  // RFC 9002 7.2: windows are counted in max_datagram_size units.
  c.mssBytes = maxDatagramBytes();
  c.initialWindowSegments = static_cast<std::uint32_t>(initialWindowPackets);
  c.minimumWindowSegments = static_cast<std::uint32_t>(minimumWindowPackets);
  c.hystartPlusPlus = hystartPlusPlus;
  if (congestionFactory) return congestionFactory(c);
  return cc::makeCongestionController(*cc::parseAlgorithm(congestionControl), c);
}

}  // namespace wirelab::models::transport::quic
