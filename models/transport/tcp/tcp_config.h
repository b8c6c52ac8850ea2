// File: models/transport/tcp/tcp_config.h
// Everything configurable about one TCP endpoint, with named profiles: "rfc" (the RFCs' defaults),
// "linux" (what current Linux kernels run: CUBIC, SACK, HyStart++, 200 ms minimum RTO, 40 ms
// delayed-ACK timeout, receive-buffer autotuning and Linux's ACK policy) and "ns3" (ns-3 3.37's defaults as
// the anchors use them: NewReno, SACK, 1 s minimum RTO, 200 ms delayed ACK).
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

#include "models/transport/cc/congestion_controller.h"
#include "sim/core/time.h"

namespace wirelab::models::transport::tcp {

struct TcpConfig {
  std::uint32_t mtuBytes = 1500;             // IP packet size the path carries
  std::uint32_t initialWindowSegments = 10;  // RFC 6928
  cc::Algorithm congestionControl = cc::Algorithm::NewReno;
  bool hystartPlusPlus = false;   // RFC 9406
  bool increasePerAck = false;    // see cc::CongestionConfig (true in the "ns3" profile)
  bool ssthreshFromPipe = false;  // halve the RFC 6675 pipe, not FlightSize, on loss (as ns-3; "ns3" profile)
  bool sack = true;               // RFC 2018 / RFC 6675 loss recovery
  bool rackTlp = false;           // RFC 8985 RACK-TLP loss detection (needs SACK)
  // Linux's tcp_is_cwnd_limited() (net/ipv4/tcp_output.c, tcp_cwnd_validate, since 4.3): in slow
  // start cwnd may grow while it is below twice the most data in flight during the last window
  // ("ensure cwnd grows to twice what was ACKed"), even if the application left part of it unused;
  // otherwise the RFC 7661 test (the sender ran out of data with room in cwnd) applies.
  bool linuxCwndLimited = false;
  // Linux's growth credit (tcp_ack() -> tcp_cong_control(), tcp_newly_delivered()): cwnd grows by
  // what this ACK newly delivered, each segment counted once, when it is SACKed or cumulatively
  // acknowledged, whichever comes first; so the ACK that ends a recovery credits only the repaired
  // holes, not the data SACKed during the recovery. false: RFC 3465 byte counting, which credits
  // every byte the cumulative ACK newly covers.
  bool linuxDeliveredCredit = false;
  // Proportional Rate Reduction (RFC 9937, cc/prr.h) in SACK fast recovery, as Linux's
  // tcp_cwnd_reduction(): per ACK, ssthresh / RecoverFS of what was delivered while the pipe is
  // above ssthresh, below it what was delivered, plus one segment when the ACK advanced SND.UNA
  // without revealing another loss. false: RFC 6675's rule, send while pipe < cwnd, which after a
  // burst of losses sends the whole deficit at once.
  bool proportionalRateReduction = false;
  // Linux's minimum RTO bounds the variance term, not the sum: RTO = SRTT + max(4 RTTVAR, minRto)
  // (rttvar_us never falls below tcp_rto_min), so on a steady 80 ms path it is 280 ms, where RFC
  // 6298's max(SRTT + 4 RTTVAR, minRto) gives 200 ms. It also caps the tail-loss probe timeout.
  bool linuxRtoMin = false;
  // Slow start's RFC 3465 limit L per ACK (see cc::CongestionConfig::abcLimitSegments); 0 = none,
  // as Linux.
  std::uint32_t abcLimitSegments = 2;
  bool timestamps = true;  // RFC 7323: 12 option bytes on every segment
  // The phase of the host's millisecond timestamp clock against the start of the run. A real run
  // starts at an arbitrary instant of the host's clock, so where its millisecond ticks fall is
  // random; the simulated clock ticks at whole milliseconds of simulated time. It matters because
  // Linux's receiver RTT (tcp_rcv_rtt_measure_ts(), which paces Dynamic Right-Sizing) is the
  // difference of two millisecond readings: 50 or 51 ms on a 50.3 ms path, depending on the phase.
  // true: each stack draws its phase, uniform in [0, 1 ms), from the run's seed (TcpStack).
  bool randomClockPhase = false;
  bool delayedAck = true;  // RFC 1122 4.2.3.2 / RFC 5681 4.2
  sim::Duration delayedAckTimeout = sim::Milliseconds(200);
  // ns-3's TcpSocketBase::ReceivedData hands data to the application first and counts the segment
  // for the delayed ACK afterwards: when the application answered at once (its reply carried the
  // ACK), ns-3 still counts the segment (the next one is then acknowledged at once) and arms the
  // delayed-ACK timer, which sends a redundant pure ACK if nothing else goes out first. The RFCs
  // and Linux count nothing the reply acknowledged ("ns3" profile only).
  bool ackTimerAfterReply = false;
  bool nagle = false;  // RFC 896; off by default, as most servers set TCP_NODELAY
  std::uint64_t sendBufferBytes = 4 * 1024 * 1024;
  std::uint64_t receiveBufferBytes = 4 * 1024 * 1024;  // the most the receiver advertises (not with
                                                       // linuxReceiveAutotuning)
  // Linux receive-buffer autotuning (tcp_rcv_buffer.h): the advertised window is a fraction of
  // sk_rcvbuf, which starts at tcp_rmem[1] and grows by Dynamic Right-Sizing up to tcp_rmem[2];
  // rcv_ssthresh opens it segment by segment; unread and out-of-order segments cost their
  // skb->truesize. Sysctl defaults of Linux >= 6.16 (net.ipv4.tcp_rmem = 4096 131072 33554432).
  bool linuxReceiveAutotuning = false;
  std::uint32_t tcpRmemDefault = 131072;        // net.ipv4.tcp_rmem[1]
  std::uint64_t tcpRmemMax = 32 * 1024 * 1024;  // net.ipv4.tcp_rmem[2] (6 MiB before Linux 6.16)
  std::uint32_t receiveTruesizeBytes = 0;       // skb->truesize per received segment; 0: a linear
                                                // skb from kmalloc, as tun allocates it
  // Linux's ACK policy (tcp_linux_ack.cpp, needs linuxReceiveAutotuning): quick-ACK mode at the
  // start and after idle, interactive ("pingpong") mode once the application answers, ACKs for
  // in-order data only when the window's right edge advances (__tcp_ack_snd_check), ACKs from
  // application reads (tcp_cleanup_rbuf), and an adaptive delayed-ACK timeout.
  bool linuxAckPolicy = false;
  // Linux's SACK compression (tcp_sack_compression.h; needs linuxAckPolicy): behind a hole, three
  // duplicate ACKs at once, then one per millisecond (or per 44 segments).
  bool linuxSackCompression = false;
  // How the receiving application reads, when it reads by itself (setAutoRead(true)): the delay
  // from data arriving at an idle reader to its read() calls (scheduler wake-up: readLatency plus
  // an exponentially distributed part with mean readLatencyJitterMean, drawn per wake-up from the
  // connection's random stream), the bytes each call asks for (0: everything at once), and the
  // time the application spends on what one call returned before it calls read() again
  // (readChunkTime; 0: the calls follow each other at once). All 0: data are handed over as they
  // arrive.
  sim::Duration readLatency = sim::Duration::zero();
  sim::Duration readLatencyJitterMean = sim::Duration::zero();
  std::uint32_t readChunkBytes = 0;
  sim::Duration readChunkTime = sim::Duration::zero();
  sim::Duration initialRto = sim::Seconds(1);  // RFC 6298 section 2.1
  sim::Duration minRto = sim::Seconds(1);      // RFC 6298 section 2.4
  sim::Duration maxRto = sim::Seconds(60);     // RFC 6298 section 2.5
  int maxSynRetries = 6;                       // Linux tcp_syn_retries (at most 255)
  int maxDataRetries = 15;                     // Linux tcp_retries2 (1 to 255)
  sim::Duration timeWait = sim::Seconds(60);   // 2 MSL (RFC 9293 3.4.2 suggests MSL = 2 min)

  // Maximum segment size implied by the MTU: MTU - 20 (IPv4) - 20 (TCP) - 12 (timestamps).
  std::uint32_t mssBytes() const;
  // Throws std::invalid_argument naming the first bad parameter.
  void validate() const;

  bool operator==(const TcpConfig&) const = default;
};

// "rfc", "linux", "ns3"; nullopt for an unknown name.
std::optional<TcpConfig> tcpProfile(std::string_view name);

}  // namespace wirelab::models::transport::tcp
