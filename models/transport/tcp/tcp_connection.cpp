// The state machine of one TCP endpoint: opening, segment dispatch by state, and closing
// (RFC 9293 section 3.10). Actions first, then the state transition, which is the one place that
// emits stateChanged.
#include "models/transport/tcp/tcp_connection.h"

#include <string>
#include <utility>

#include "models/transport/cc/hystart_plus_plus.h"
#include "models/transport/tcp/tcp_stack.h"

namespace wirelab::models::transport::tcp {

bool acceptsApplicationData(TcpState state) {
  switch (state) {
    case TcpState::SynSent:
    case TcpState::SynReceived:
    case TcpState::Established:
    case TcpState::CloseWait:
      return true;
    case TcpState::Closed:
    case TcpState::Listen:
    case TcpState::FinWait1:
    case TcpState::FinWait2:
    case TcpState::Closing:
    case TcpState::LastAck:
    case TcpState::TimeWait:
      return false;  // RFC 9293 3.10.2: "connection closing" (or not open)
  }
  return false;
}

const char* toString(TcpState state) {
  switch (state) {
    case TcpState::Closed:
      return "CLOSED";
    case TcpState::Listen:
      return "LISTEN";
    case TcpState::SynSent:
      return "SYN-SENT";
    case TcpState::SynReceived:
      return "SYN-RECEIVED";
    case TcpState::Established:
      return "ESTABLISHED";
    case TcpState::FinWait1:
      return "FIN-WAIT-1";
    case TcpState::FinWait2:
      return "FIN-WAIT-2";
    case TcpState::CloseWait:
      return "CLOSE-WAIT";
    case TcpState::Closing:
      return "CLOSING";
    case TcpState::LastAck:
      return "LAST-ACK";
    case TcpState::TimeWait:
      return "TIME-WAIT";
  }
  return "?";
}

namespace {
cc::CongestionConfig congestionConfigFor(const TcpConfig& c) {
  cc::CongestionConfig cfg;
  cfg.mssBytes = c.mssBytes();
  cfg.initialWindowSegments = c.initialWindowSegments;
  cfg.hystartPlusPlus = c.hystartPlusPlus;
  cfg.increasePerAck = c.increasePerAck;
  cfg.abcLimitSegments = c.abcLimitSegments;
  return cfg;
}
}  // namespace

std::size_t TcpConnection::clusterBytes(const TcpConfig& config) {
  // The configured controller's size, not the largest one's: a block's unused room is still
  // faulted in and spaces the blocks apart, and a NewReno connection would leave 88 bytes unused.
  // HyStart++, RACK-TLP's and PRR's state and the Linux receive side join them when the
  // configuration enables them.
  const auto ifEnabled = [](bool enabled, std::size_t bytes) {
    return enabled ? sim::AllocationCluster::bytesFor({bytes}) : 0;
  };
  return sim::AllocationCluster::bytesFor(
             {sizeof(TcpConnection), cc::controllerBytes(config.congestionControl)}) +
         ifEnabled(config.hystartPlusPlus, sizeof(cc::HyStartPlusPlus)) +
         ifEnabled(config.rackTlp, sizeof(RackTlpState)) +
         ifEnabled(config.proportionalRateReduction, sizeof(cc::ProportionalRateReduction)) +
         ifEnabled(config.linuxReceiveAutotuning, sizeof(LinuxReceiveSide));
}

TcpConnection::TcpConnection(TcpStack& stack, const TcpConfig& config, Endpoint local, Endpoint remote)
    : m_stack(&stack),
      m_config(&config),
      m_cc(cc::makeCongestionController(config.congestionControl, congestionConfigFor(config))),
      m_remoteNode(remote.node),
      m_localPort(local.port),
      m_remotePort(remote.port),
      m_mss(config.mssBytes()),
      m_rto(config.initialRto) {
  // Computed once, not per segment: it reads the cluster header in front of the connection, which
  // a TcpConnection always has (ClusterAllocated: made by its operator new).
  m_statePrefetch = sim::AllocationCluster::blockPrefetch(this, sizeof(TcpConnection));
  if (config.rackTlp) m_rack = std::make_unique<RackTlpState>(sched(), selfPrefetch());
  if (config.proportionalRateReduction) seldom().prr = std::make_unique<cc::ProportionalRateReduction>();
  if (config.linuxCwndLimited) seldom();
  if (config.linuxReceiveAutotuning) {
    LinuxRcvBufferConfig rc;
    rc.rmemDefault = config.tcpRmemDefault;
    rc.rmemMax = static_cast<std::int64_t>(config.tcpRmemMax);
    rc.fixedTruesize = config.receiveTruesizeBytes;
    rc.advmss = config.mtuBytes - kIpv4HeaderBytes - kTcpHeaderBytes;
    rc.mssCache = config.mssBytes();
    rc.packetHeaderBytes = config.mtuBytes - config.mssBytes();
    m_linux = std::make_unique<LinuxReceiveSide>(rc);
  }
  if (config.readLatencyJitterMean > sim::Duration::zero()) {
    seldom().readJitter = std::make_unique<sim::RandomStream>(stack.network().random().stream(
        "tcp/read-latency/" + std::to_string(local.node) + ":" + std::to_string(local.port) + "-" +
        std::to_string(remote.node) + ":" + std::to_string(remote.port)));
  }
}

Endpoint TcpConnection::local() const { return {m_stack->node(), m_localPort}; }

TcpCounters TcpConnection::counters() const {
  return TcpCounters{m_counters, m_seldom ? m_seldom->lossCounters : TcpLossCounters{}};
}

TcpConnection::~TcpConnection() {
  // Owned timers cannot reach the scheduler alone (sim/core/timer.h).
  m_delayedAckTimer.cancel(*this);
  m_retransmitTimer.cancel(*this);
  cancelPersistTimer();
  cancelReadTimer();
}

void TcpConnection::transitionTo(TcpState next, const char* cause) {
  if (next == m_state) return;
  m_state = next;
  if (m_traces) m_traces->stateChanged(next, cause);
}

// --- Opening ---------------------------------------------------------------------------------------

void TcpConnection::connect() {
  // RFC 9293 3.10.1 OPEN call, active: send SYN, enter SYN-SENT. ISN = 0 (see tcp_header.h).
  m_sndUna = 0;
  m_sndNxt = 1;
  m_sndMax = 1;
  transitionTo(TcpState::SynSent, "active open");
  sendControl(TcpHeader::kSyn, 0);
  armRetransmitTimer();
}

void TcpConnection::acceptSyn(const TcpHeader& syn) {
  // RFC 9293 3.10.7.2 LISTEN state, SYN arrives: remember the peer's options, send SYN-ACK.
  m_rcvNxt = syn.seq + 1;
  m_deliveredUpTo = m_rcvNxt;
  m_sndWnd = syn.window;
  limitMssToPeer(syn.mss);
  m_sackOk = m_config->sack && syn.sackPermitted;
  // RFC 7323 3.2: a segment with ACK set MUST echo a recently received TSval, the SYN-ACK included.
  if (m_config->timestamps && syn.tsVal != 0) m_tsRecent = syn.tsVal;
  m_sndUna = 0;
  m_sndNxt = 1;
  m_sndMax = 1;
  transitionTo(TcpState::SynReceived, "SYN received");
  sendControl(TcpHeader::kSyn | TcpHeader::kAck, 0);
  armRetransmitTimer();
}

void TcpConnection::limitMssToPeer(std::uint16_t peerMss) {
  // The peer's MSS option counts no TCP options (RFC 6691 section 2): our segments carry
  // timestamps, so their payload is that much smaller.
  if (peerMss == 0) return;
  const std::uint32_t options = m_config->timestamps ? 12 : 0;
  const std::uint32_t limit = peerMss > options ? peerMss - options : 1;
  if (limit < m_mss) m_mss = limit;
}

void TcpConnection::completeHandshake(const TcpHeader& h, bool activeOpen) {
  // The SYN's round trip gives the first RTT sample unless the SYN was retransmitted (Karn).
  if (!m_synRetransmitted) {
    m_rto.addSample(sched().now() - m_synSentAt, rtoBounds());
  } else {
    m_rto.resetAfterHandshakeTimeout(rtoBounds());  // RFC 6298 5.7
  }
  m_sndUna = h.ack;
  m_sndWnd = h.window;
  m_retries = 0;
  m_retransmitTimer.cancel(*this);
  m_roundEnd = m_sndNxt;
  if (m_linux) linuxOnEstablished();
  transitionTo(TcpState::Established, "handshake complete");
  emitWindow("initial window");
  // RFC 9293 3.10.7.3: the active opener acknowledges the SYN-ACK at once, before the application
  // learns that connect() completed and writes (Linux's tcp_rcv_synsent_state_process() sends the
  // ACK unless a write is already pending; ns-3 sends it before its pending data too).
  if (activeOpen) {
    sendAck();
    if (Handler* handler = m_handler.get()) handler->onTcpConnected();
  } else {
    // A passive open came from a listener (TcpStack::onPacket): its accept callback runs now.
    m_stack->completeAccept(*this);
  }
}

// --- Segments in -----------------------------------------------------------------------------------

void TcpConnection::onSegment(const TcpHeader& h, std::uint32_t payloadBytes) {
  ++m_counters.segmentsReceived;
  // RFC 7323 4.3: TS.Recent is the TSval of the latest segment at or below Last.ACK.sent.
  if (m_config->timestamps && h.tsVal != 0 && h.seq <= m_lastAckSent) m_tsRecent = h.tsVal;
  if (h.has(TcpHeader::kRst)) {
    // RFC 9293 3.10.7.3: an acceptable RST closes the connection (in SYN-SENT it must ACK our SYN).
    if (m_state == TcpState::SynSent && !(h.has(TcpHeader::kAck) && h.ack == 1)) return;
    enterClosed("connection reset by peer");
    return;
  }
  switch (m_state) {
    case TcpState::SynSent:
      onSegmentInSynSent(h);
      return;
    case TcpState::SynReceived:
      onSegmentInSynReceived(h, payloadBytes);
      return;
    case TcpState::Established:
    case TcpState::FinWait1:
    case TcpState::FinWait2:
    case TcpState::CloseWait:
    case TcpState::Closing:
    case TcpState::LastAck:
    case TcpState::TimeWait:
      onSegmentSynchronized(h, payloadBytes);
      return;
    case TcpState::Closed:
    case TcpState::Listen:
      return;
  }
}

void TcpConnection::onSegmentInSynSent(const TcpHeader& h) {
  // RFC 9293 3.10.7.3 SYN-SENT: a SYN-ACK acknowledging our SYN completes the handshake. (A bare
  // SYN, a simultaneous open, is not modelled.)
  if (!h.has(TcpHeader::kSyn) || !h.has(TcpHeader::kAck) || h.ack != 1) return;
  m_rcvNxt = h.seq + 1;
  m_deliveredUpTo = m_rcvNxt;
  limitMssToPeer(h.mss);
  m_sackOk = m_config->sack && h.sackPermitted;
  completeHandshake(h, /*activeOpen=*/true);
  if (m_state != TcpState::Established) return;  // the application closed in onConnected
  trySend();                                     // what the application wrote before or in onConnected
}

void TcpConnection::onSegmentInSynReceived(const TcpHeader& h, std::uint32_t payloadBytes) {
  if (h.has(TcpHeader::kSyn) && !h.has(TcpHeader::kAck)) {
    // Our SYN-ACK was lost and the client retransmitted its SYN: answer it again (3.10.7.4).
    sendControl(TcpHeader::kSyn | TcpHeader::kAck, 0);
    return;
  }
  if (!h.has(TcpHeader::kAck) || h.ack != 1) return;
  completeHandshake(h, /*activeOpen=*/false);
  if (m_state == TcpState::Established) onSegmentSynchronized(h, payloadBytes);
}

void TcpConnection::onSegmentSynchronized(const TcpHeader& h, std::uint32_t payloadBytes) {
  if (h.has(TcpHeader::kSyn)) {
    // A retransmitted SYN-ACK: our ACK of it was lost. Acknowledge again (3.10.7.4, "fifth").
    sendAck();
    return;
  }
  if (h.has(TcpHeader::kAck)) processAck(h, payloadBytes);
  if (m_state == TcpState::Closed) return;
  if (payloadBytes > 0) {
    receiveData(h, payloadBytes);
  } else if (h.seq < m_rcvNxt && !h.has(TcpHeader::kFin)) {
    sendAck();  // an old sequence number: a window probe or keep-alive (RFC 9293 3.10.7.4, first)
  }
  if (h.has(TcpHeader::kFin)) {
    m_peerFinReceived = true;
    m_peerFinSeq = h.seq + payloadBytes;
  }
  if (m_peerFinReceived && m_rcvNxt == m_peerFinSeq) onPeerFin();
}

// --- Closing ---------------------------------------------------------------------------------------

void TcpConnection::close() {
  if (m_state == TcpState::SynSent) {
    enterClosed("closed before the handshake completed");
  } else if (acceptsApplicationData(m_state)) {
    m_closeRequested = true;
    trySend();  // sends FIN once every queued byte has gone out (RFC 9293 3.10.4)
  }
  // Otherwise the connection is closing or closed already.
}

void TcpConnection::abort() {
  if (m_state == TcpState::Closed) return;
  if (m_state != TcpState::SynSent) sendControl(TcpHeader::kRst, m_sndNxt);
  enterClosed("aborted by the application");
}

void TcpConnection::onPeerFin() {
  // RFC 9293 3.10.7.4 eighth: the FIN takes one sequence number and is acknowledged at once.
  if (m_rcvNxt != m_peerFinSeq) return;  // data before the FIN are still missing
  m_rcvNxt = m_peerFinSeq + 1;
  m_deliveredUpTo = m_rcvNxt;  // the FIN's sequence number carries no data
  m_peerFinReceived = false;   // handled; a retransmitted FIN is only re-acknowledged
  sendAck();
  switch (m_state) {
    case TcpState::Established:
      transitionTo(TcpState::CloseWait, "peer closed (FIN received)");
      notifyPeerClosed();
      return;
    case TcpState::FinWait1:
      transitionTo(TcpState::Closing, "FINs crossed");
      notifyPeerClosed();
      return;
    case TcpState::FinWait2:
      notifyPeerClosed();
      transitionTo(TcpState::TimeWait, "peer closed after us");
      m_retransmitTimer.cancel(*this);
      m_retransmitTimer.arm(*this, m_config->timeWait,
                            [](TcpConnection& c) { c.enterClosed("TIME-WAIT expired"); });
      return;
    case TcpState::Closed:
    case TcpState::Listen:
    case TcpState::SynSent:
    case TcpState::SynReceived:
    case TcpState::CloseWait:
    case TcpState::Closing:
    case TcpState::LastAck:
    case TcpState::TimeWait:
      return;
  }
}

void TcpConnection::onOurFinAcknowledged() {
  switch (m_state) {
    case TcpState::FinWait1:
      transitionTo(TcpState::FinWait2, "our FIN acknowledged");
      return;
    case TcpState::Closing:
      transitionTo(TcpState::TimeWait, "our FIN acknowledged");
      m_retransmitTimer.arm(*this, m_config->timeWait,
                            [](TcpConnection& c) { c.enterClosed("TIME-WAIT expired"); });
      return;
    case TcpState::LastAck:
      enterClosed("closed");
      return;
    case TcpState::Closed:
    case TcpState::Listen:
    case TcpState::SynSent:
    case TcpState::SynReceived:
    case TcpState::Established:
    case TcpState::FinWait2:
    case TcpState::CloseWait:
    case TcpState::TimeWait:
      return;
  }
}

void TcpConnection::enterClosed(const char* reason) {
  if (m_state == TcpState::Closed) return;
  m_retransmitTimer.cancel(*this);
  m_delayedAckTimer.cancel(*this);
  cancelPersistTimer();
  if (m_rack) m_rack->timer.cancel();
  cancelReadTimer();
  transitionTo(TcpState::Closed, reason);
  if (Handler* handler = m_handler.get()) handler->onTcpClosed(reason);
  m_stack->release(*this);
}

}  // namespace wirelab::models::transport::tcp
