// File: models/transport/tcp/tcp_connection.h
// One TCP endpoint (RFC 9293): the state machine, a byte-stream sender with congestion control,
// loss recovery (NewReno fast retransmit / fast recovery, RFC 6582, or SACK-based recovery,
// RFC 6675), RFC 6298 retransmission timeouts with Karn's rule and backoff, and a receiver that
// reassembles out-of-order data, delays ACKs (RFC 5681 section 4.2), and advertises its window
// (flow control, with zero-window probes, RFC 9293 section 3.8.6.1).
//
// Data are byte counts: the simulator carries no payload bytes, so the application writes and
// reads numbers of bytes and keeps its own message boundaries as stream offsets. Delivery to the
// application is strictly in order, so head-of-line blocking behind a lost segment is real.
//
// The implementation is split by concern: tcp_connection.cpp (state machine, segments in),
// tcp_sender.cpp (sending, ACKs, loss recovery, timers), tcp_receiver.cpp (reassembly, ACKs out),
// tcp_app_reads.cpp (when the application reads), tcp_linux_ack.cpp (Linux's receive side: the
// autotuned window of tcp_rcv_buffer.h and Linux's ACK policy).
#pragma once

#include <algorithm>
#include <cstdint>
#include <functional>
#include <memory>
#include <utility>
#include <vector>

#include "models/transport/cc/congestion_controller.h"
#include "models/transport/cc/prr.h"
#include "models/transport/tcp/out_of_order_ranges.h"
#include "models/transport/tcp/rto_estimator.h"
#include "models/transport/tcp/tcp_config.h"
#include "models/transport/tcp/tcp_header.h"
#include "models/transport/tcp/tcp_rcv_buffer.h"
#include "models/transport/transport_types.h"
#include "sim/core/allocation_cluster.h"
#include "sim/core/handler_slot.h"
#include "sim/core/random.h"
#include "sim/core/signal.h"
#include "sim/core/small_function.h"
#include "sim/core/small_vector.h"
#include "sim/core/timer.h"
#include "sim/net/network.h"

namespace wirelab::models::transport::tcp {

class TcpStack;

// RFC 9293 section 3.3.2. Each state is documented by the event that enters it. One byte: it sits
// with the connection's flags.
enum class TcpState : std::uint8_t {
  Closed,       // initial; or after the last ACK, a reset, or TIME-WAIT expiry
  Listen,       // (stack-level: a listening port; connections never sit in it)
  SynSent,      // active open: our SYN is out
  SynReceived,  // passive open: a SYN arrived and our SYN-ACK is out
  Established,  // the handshake completed
  FinWait1,     // we closed: our FIN is out, not yet acknowledged
  FinWait2,     // our FIN was acknowledged; the peer has not closed
  CloseWait,    // the peer closed (its FIN arrived); we have not
  Closing,      // both closed at once: FINs crossed, ours not yet acknowledged
  LastAck,      // we closed after the peer: our FIN is out
  TimeWait,     // both FINs done; waiting 2 MSL before forgetting the connection
};
const char* toString(TcpState state);
// The states in which the application may still write (RFC 9293 3.10.2 SEND call).
bool acceptsApplicationData(TcpState state);

// What every exchange moves: kept in the connection.
struct TcpDataCounters {
  std::uint64_t segmentsSent = 0;
  std::uint64_t segmentsReceived = 0;
  std::uint64_t bytesSent = 0;       // payload, retransmissions included
  std::uint64_t bytesDelivered = 0;  // in-order payload handed to the application
};
// What only loss and zero windows move: kept with the connection's rarely used state.
struct TcpLossCounters {
  std::uint64_t bytesRetransmitted = 0;
  std::uint64_t fastRetransmits = 0;
  std::uint64_t timeouts = 0;
  std::uint64_t zeroWindowProbes = 0;
  std::uint64_t duplicateSegments = 0;  // received data entirely below rcv.nxt
};
struct TcpCounters : TcpDataCounters, TcpLossCounters {};

// Cluster-allocated (sim/core/allocation_cluster.h): a connection created while a cluster's scope
// is active sits in that cluster's block, with its controller and whatever its application adds.
class TcpConnection : public sim::ClusterAllocated {
 public:
  // A cluster's bytes for one connection of `config` and its congestion controller.
  static std::size_t clusterBytes(const TcpConfig& config);

  TcpConnection(TcpStack& stack, const TcpConfig& config, Endpoint local, Endpoint remote);
  TcpConnection(const TcpConnection&) = delete;
  TcpConnection& operator=(const TcpConnection&) = delete;
  ~TcpConnection();

  // --- Application API -------------------------------------------------------------------------
  // Queues `bytes` for sending. Returns how many were accepted (the send buffer may be full:
  // wait for onSendSpace). Bytes written before the handshake completes are sent after it.
  std::uint64_t send(std::uint64_t bytes);
  std::uint64_t sendSpace() const;
  // Sends FIN after everything queued (RFC 9293 3.10.4).
  void close();
  // Sends RST and forgets the connection at once (RFC 9293 3.10.5).
  void abort();
  // When false the application does not read: received bytes stay in the receive buffer and the
  // advertised window shrinks, down to zero. read() takes bytes out and reopens the window; it is
  // one read() call of the socket API. onData still reports bytes as they arrive. When true
  // (the default) the connection reads for the application as TcpConfig::readLatency and
  // readChunkBytes say, and onData reports each read.
  void setAutoRead(bool autoRead);
  std::uint64_t read(std::uint64_t maxBytes);
  std::uint64_t readable() const { return m_rcvBuffered; }

  // --- What the application hears ----------------------------------------------------------------
  // One handler per connection, called back on the connection's events. The connection keeps one
  // pointer to it, not five callables (80 bytes of every one of 100,000 connections; bench/README.md,
  // fifteenth pass). An application object can be the handler itself (MessageEndpoint is);
  // callbacks() gives lambdas instead.
  class Handler {
   public:
    virtual void onTcpConnected() {}                     // the handshake completed (active open)
    virtual void onTcpData(std::uint64_t /*bytes*/) {}   // in-order bytes delivered
    virtual void onTcpSendSpace() {}                     // the send buffer drained below half
    virtual void onTcpPeerClosed() {}                    // the peer's FIN, after all data before it
    virtual void onTcpClosed(const char* /*reason*/) {}  // gone: normal close, reset, timeout

   protected:
    ~Handler() = default;  // the connection never deletes a handler it was given
  };
  // A handler of callables, for applications that prefer lambdas:
  //   c.callbacks().onData = [this](std::uint64_t bytes) { ... };
  // Each may be empty. A connection accepted by a listener learns its establishment from the
  // listener's accept callback, not from onConnected.
  struct Callbacks final : Handler, sim::ClusterAllocated {
    sim::SmallFunction<void()> onConnected;
    sim::SmallFunction<void(std::uint64_t bytes)> onData;
    sim::SmallFunction<void()> onSendSpace;
    sim::SmallFunction<void()> onPeerClosed;
    sim::SmallFunction<void(const char* reason)> onClosed;

    void onTcpConnected() override {
      if (onConnected) onConnected();
    }
    void onTcpData(std::uint64_t bytes) override {
      if (onData) onData(bytes);
    }
    void onTcpSendSpace() override {
      if (onSendSpace) onSendSpace();
    }
    void onTcpPeerClosed() override {
      if (onPeerClosed) onPeerClosed();
    }
    void onTcpClosed(const char* reason) override {
      if (onClosed) onClosed(reason);
    }
  };
  // The connection's own Callbacks, made on the first call (in the active allocation cluster's
  // block, if any) and made the handler; a handler set before is replaced.
  Callbacks& callbacks() { return m_handler.callbacks(); }
  // `handler` is called from now on (nullptr: nobody). It must outlive the connection or be
  // replaced before it goes. Callbacks made by callbacks() are destroyed, unless `handler` is them.
  void setHandler(Handler* handler) { m_handler.set(handler); }
  Handler* handler() const { return m_handler.get(); }

  // --- Observation (trace sources; the model never knows who listens) ---------------------------
  struct WindowSample {
    sim::SimTime time;
    std::uint64_t cwnd, ssthresh, bytesInFlight;
    sim::Duration smoothedRtt;
    const char* cause;
  };
  struct Traces {
    sim::Signal<std::uint64_t> dataDelivered;  // in-order bytes handed to the application, as they go
    sim::Signal<const WindowSample&> windowChanged;
    sim::Signal<TcpState, const char*> stateChanged;        // new state, cause
    sim::Signal<std::uint64_t, const char*> retransmitted;  // sequence number, cause
    // Data arrived beyond a hole and is held, undeliverable until the hole fills (RFC 9293
    // 3.10.7.4): the hole ends `holeEnd` bytes past the in-order point (rcv.nxt), the held data
    // `heldEnd` bytes past it. What lies between is what head-of-line blocking holds back.
    sim::Signal<std::uint64_t, std::uint64_t> dataHeld;
  };
  // The trace sources, made for the first listener: a connection nobody traces carries one null
  // pointer instead of four signals. Connect listeners here: traces().windowChanged.connect(...).
  Traces& traces() {
    if (!m_traces) m_traces = std::make_unique<Traces>();
    return *m_traces;
  }

  TcpState state() const { return m_state; }
  Endpoint local() const;  // this stack's node and the connection's port
  std::uint16_t localPort() const { return m_localPort; }
  Endpoint remote() const { return {m_remoteNode, m_remotePort}; }
  TcpStack& stack() const { return *m_stack; }
  TcpCounters counters() const;
  const RtoEstimator& rtt() const { return m_rto; }
  const cc::CongestionController& congestion() const { return *m_cc; }
  std::uint64_t bytesInFlight() const;
  std::uint64_t peerWindow() const { return m_sndWnd; }
  bool inRecovery() const { return m_inRecovery; }
  bool sackEnabled() const { return m_sackOk; }
  // The Linux receive buffer (linuxReceiveAutotuning), or null.
  const LinuxRcvBuffer* linuxReceiveBuffer() const { return m_linux ? &m_linux->buffer : nullptr; }
  // PRR's state (RFC 9937), or null without proportionalRateReduction.
  const cc::ProportionalRateReduction* proportionalRateReduction() const {
    return m_seldom ? m_seldom->prr.get() : nullptr;
  }

  // The cluster an accepting stack made for this connection: the accept callback runs inside it,
  // so the application's per-connection objects join the connection's block. Empty otherwise.
  void keepCluster(sim::AllocationCluster cluster) { m_cluster = std::move(cluster); }
  sim::AllocationCluster& cluster() { return m_cluster; }

  // --- Prefetch hints (sim/core/prefetch.h; they change no result) -----------------------------
  // What the application touches when this connection delivers data or makes room (its endpoint,
  // say). The peer's segments carry it back here, so the scheduler loads it before they arrive.
  // A region inside this connection's block (a client's wire) is not named again: the block's hint
  // loads it already.
  void setApplicationPrefetch(sim::PrefetchTarget target) {
    m_applicationPrefetch = m_statePrefetch.covers(target) ? sim::PrefetchTarget() : target;
  }
  sim::PrefetchTarget applicationPrefetch() const { return m_applicationPrefetch; }
  // Where this connection's state lies for a segment arriving here: its allocation-cluster block
  // (the connection and the application's objects beside it), or the connection alone.
  sim::PrefetchTarget statePrefetch() const { return m_statePrefetch; }
  // The peer's state as its latest segment described it: what our segments will touch there.
  const sim::PrefetchTarget* peerPrefetch() const { return m_peerPrefetch; }
  void notePeer(const TcpHeader& h) {
    m_peerPrefetch[0] = h.senderState;
    m_peerPrefetch[1] = h.senderApplication;
  }

  // --- Driven by the stack ---------------------------------------------------------------------
  void connect();                        // active open: send SYN
  void acceptSyn(const TcpHeader& syn);  // passive open from a SYN
  void onSegment(const TcpHeader& h, std::uint32_t payloadBytes);

 private:
  struct SentSegment {
    std::uint64_t start, end;  // sequence range [start, end)
    sim::SimTime sentAt;
    bool retransmitted = false;  // ever retransmitted: no RTT sample from it (Karn)
    bool sacked = false;
    bool lost = false;  // marked lost by RFC 6675 IsLost or an RTO
    bool retransmittedInRecovery = false;
  };

  // tcp_connection.cpp: state machine
  void transitionTo(TcpState next, const char* cause);
  void onSegmentInSynSent(const TcpHeader& h);
  void onSegmentInSynReceived(const TcpHeader& h, std::uint32_t payloadBytes);
  void onSegmentSynchronized(const TcpHeader& h, std::uint32_t payloadBytes);
  void completeHandshake(const TcpHeader& h, bool activeOpen);
  void limitMssToPeer(std::uint16_t peerMss);
  void enterClosed(const char* reason);
  void onOurFinAcknowledged();
  void onPeerFin();

  // tcp_sender.cpp
  void trySend();
  bool sendOneSegment();
  void transmit(std::uint64_t seq, std::uint32_t len, bool retransmission, const char* cause);
  void sendControl(std::uint16_t flags, std::uint64_t seq);
  void processAck(const TcpHeader& h, std::uint32_t payloadBytes);
  // Marks what the SACK blocks cover, and what they show lost.
  struct SackOutcome {
    std::uint64_t newlySacked = 0;  // bytes this ACK delivered by SACK
    bool markedLost = false;        // it deemed a segment lost that was not before
  };
  SackOutcome processSack(const TcpHeader& h);
  bool markLostBySack();  // true if a segment was newly deemed lost
  void enterRecovery(const char* cause);
  void onRetransmitTimeout();
  void onPersistTimeout();
  RtoBounds rtoBounds() const { return {m_config->minRto, m_config->maxRto, m_config->linuxRtoMin}; }
  // What a timer's callback touches (the whole connection), for the timer's prefetch hint.
  sim::PrefetchTarget selfPrefetch() const { return sim::PrefetchTarget(this, sizeof(TcpConnection)); }
  // What the owned timers ask of their owner (sim/core/timer.h).
  friend class sim::OwnedTimer<TcpConnection>;
  sim::Scheduler& timerScheduler() const { return sched(); }
  sim::PrefetchTarget timerPrefetch() const { return selfPrefetch(); }
  void armRetransmitTimer();
  void emitWindow(const char* cause);
  std::uint64_t sendWindow() const;
  std::uint64_t pipe() const;
  std::uint64_t dataEnd() const { return kSndDataStart + m_appWritten; }
  SentSegment* findSegment(std::uint64_t seq);
  // Every change to a segment's sacked/lost/retransmitted flags or length goes through here, so
  // that the RFC 6675 pipe and the count of segments awaiting retransmission stay exact in O(1)
  // instead of a scan of the whole window per segment sent.
  template <typename Change>
  void updateSegment(std::size_t index, Change&& change) {
    SentSegment& s = m_sent[index];
    forget(s);
    change(s);
    account(s);
    if (needsResend(s)) m_resendScanFrom = std::min(m_resendScanFrom, static_cast<SegmentIndex>(index));
  }
  static bool needsResend(const SentSegment& s) { return s.lost && !s.sacked && !s.retransmittedInRecovery; }
  static std::uint64_t pipeShare(const SentSegment& s) {
    if (s.sacked) return 0;
    const std::uint64_t len = s.end - s.start;
    return (s.lost ? 0 : len) + (s.retransmittedInRecovery ? len : 0);
  }
  void account(const SentSegment& s) {
    m_pipe += pipeShare(s);
    m_awaitingResend += needsResend(s) ? 1 : 0;
  }
  void forget(const SentSegment& s) {
    m_pipe -= pipeShare(s);
    m_awaitingResend -= needsResend(s) ? 1 : 0;
  }

  // tcp_rack.cpp: RFC 8985
  // The state exists exactly when the configuration enables it (constructor); both need SACK.
  bool rackEnabled() const { return m_rack != nullptr && m_sackOk; }
  bool prrEnabled() const { return m_seldom && m_seldom->prr && m_sackOk; }
  void rackOnDelivered(const SentSegment& s, sim::SimTime now);
  bool rackDetectLoss();
  void onRackTimeout();
  void armTailLossProbe();
  void onTailLossProbe();

  // tcp_receiver.cpp
  void receiveData(const TcpHeader& h, std::uint32_t len);
  void receiveOutOfOrder(std::uint64_t seq, std::uint64_t end);
  void deliverInOrder(std::uint64_t segmentEnd);
  void scheduleAck(bool immediately);
  void sendAck();
  // Every segment we send: its window, timestamps and, on the Linux receive side, ACK bookkeeping.
  void stampOutgoing(TcpHeader& h, std::uint32_t payloadBytes);
  std::uint32_t advertisedWindow() const;
  // The Window Scale shift our SYN announces (RFC 7323 2.3): Linux's choice with its receive
  // buffer, else the smallest shift that lets 16 bits express the largest window we offer.
  int announcedWindowScale() const;
  std::uint64_t receiveWindowEnd() const;
  void fillSackBlocks(TcpHeader& h) const;

  // tcp_app_reads.cpp
  bool readsDeferred() const;
  void scheduleApplicationRead();
  void applicationReads();
  std::uint64_t readOnce(std::uint64_t maxBytes);
  void notifyPeerClosed();

  // tcp_linux_ack.cpp
  void linuxOnEstablished();
  void linuxTimestampSample(const TcpHeader& h, std::uint32_t len);
  bool linuxOnInOrderData(std::uint64_t len, bool gapFilled);  // true: it took care of the ACK
  void linuxOnOutOfOrderData(std::uint64_t len);
  void linuxAckSendCheck();
  bool linuxAckDueNow();      // __tcp_ack_snd_check()'s rules for an ACK at once
  void linuxOutOfOrderAck();  // the same with an out-of-order queue: SACK compression
  void linuxSendDelayedAck();
  void linuxOnDelayedAckTimer();
  void linuxIncrementQuickAcks(int max);
  void linuxEnterQuickAckMode();
  bool linuxInQuickAckMode() const { return m_linux->quickAcks > 0 && !m_linux->pingpong; }
  void linuxOnSegmentOut(const TcpHeader& h, std::uint32_t payloadBytes);
  void linuxAfterRead(std::uint64_t copied);
  std::int64_t nowMicros() const { return sched().now().nanoseconds() / 1000; }
  // The stack's scheduler: a connection keeps no pointer of its own (8 bytes of 100,000 objects).
  sim::Scheduler& sched() const;
  // The host's millisecond clock as RFC 7323's TSval carries it (TcpConfig::randomClockPhase).
  std::int64_t timestampClockMs() const;

  // --- Layout: hot first, cold after ---------------------------------------------------------
  // With 100,000 connections a connection is rarely in cache when a segment or timer reaches it.
  // What a request/response exchange touches on every segment (sending, ACK processing with SACK
  // on, in-order delivery, the retransmission and delayed-ACK timers, the application's handler,
  // and the pointers to optional state, which every segment tests) comes first, up to m_synSentAt
  // (456 of the object's 480 bytes); what only the handshake and closing use follows it. What
  // rarer paths use (loss recovery, RACK-TLP's and the Linux receive side's state, zero windows,
  // deferred reads, traces) lives behind the optional state's pointers, outside the object (most of
  // it since the fourteenth pass, bench/README.md; a trace of every access during a poll cycle had
  // found no member of the cold part read, thirteenth pass). The hints (sim/core/prefetch.h) name the
  // whole object, or the whole allocation-cluster block it lives in (statePrefetch()): naming the
  // hot lines alone was slower (bench/README.md, sixth pass).
  // Hot: pointers and the state every segment reads.
  TcpStack* m_stack;
  const TcpConfig* m_config;  // shared with the stack's other connections (TcpStack::sharedConfig)
  std::unique_ptr<cc::CongestionController> m_cc;
  // The optional state below (cold) is tested for on every segment: its pointers are hot.
  struct RackTlpState;
  struct LinuxReceiveSide;
  struct Seldom;
  std::unique_ptr<RackTlpState> m_rack;
  std::unique_ptr<LinuxReceiveSide> m_linux;
  std::unique_ptr<Seldom> m_seldom;  // seldom(), below
  sim::PrefetchTarget m_applicationPrefetch;
  sim::PrefetchTarget m_statePrefetch;
  sim::PrefetchTarget m_peerPrefetch[2];
  // The small fields together, so that none pads its neighbour: 48 bytes, one of them padding.
  // An index into m_sent never reaches 2^32: that would be 6 TB in flight.
  using SegmentIndex = std::uint32_t;
  static constexpr std::uint64_t kSndDataStart = 1;  // sequence number of the first data byte (ISN 0 + SYN)
  sim::NodeId m_remoteNode;                          // the local node is the stack's
  std::uint16_t m_localPort, m_remotePort;
  std::uint32_t m_mss;
  int m_dupAcks = 0;
  int m_unackedSegments = 0;
  SegmentIndex m_sentHead = 0;
  SegmentIndex m_awaitingResend = 0;  // segments lost and not yet retransmitted
  SegmentIndex m_resendScanFrom = 0;  // no segment below this index awaits retransmission
  TcpState m_state = TcpState::Closed;
  bool m_closeRequested = false;
  bool m_finSent = false;
  bool m_inRecovery = false;
  bool m_sackOk = false;
  bool m_autoRead = true;
  bool m_peerFinReceived = false;
  // Cold flags, in what would be padding.
  bool m_synRetransmitted = false;
  bool m_partialAckTimerReset = false;  // RFC 6582 3.2 step 5: done for this recovery's first partial ACK
  bool m_peerClosedPending = false;     // the peer's FIN came before the application read all
  // Consecutive retransmission timeouts: the limits are at most 255 (TcpConfig::validate).
  std::uint8_t m_retries = 0;
  std::uint32_t m_tsRecent = 0;  // RFC 7323 4.3 TS.Recent

  // Send side (RFC 9293 section 3.3.1 names).
  std::uint64_t m_sndUna = 0;      // oldest unacknowledged
  std::uint64_t m_sndNxt = 0;      // next to send
  std::uint64_t m_sndMax = 0;      // highest ever sent + 1
  std::uint64_t m_sndWnd = 0;      // peer's advertised window
  std::uint64_t m_appWritten = 0;  // bytes the application has queued, in total
  std::uint64_t m_pipe = 0;        // RFC 6675 pipe, maintained by updateSegment()
  std::uint64_t m_roundEnd = 0;    // sequence that ends the current round trip
  std::uint64_t m_roundCount = 0;

  // Receive side.
  std::uint64_t m_rcvNxt = 0;
  std::uint64_t m_deliveredUpTo = 0;  // rcv.nxt as of the last delivery to the application
  std::uint64_t m_rcvBuffered = 0;    // delivered in order but not yet read by the application
  std::uint64_t m_unreported = 0;     // buffered bytes onData has not reported yet
  std::uint64_t m_lastAckSent = 0;    // RFC 7323 Last.ACK.sent
  OutOfOrderRanges m_outOfOrder;      // one pointer until the first segment out of order

  // Outstanding segments in sequence order, from m_sentHead. Request/response traffic has one or
  // two in flight: those stay inside the connection (no allocation, no cache miss on a buffer).
  sim::SmallVector<SentSegment, 2> m_sent;
  RtoEstimator m_rto;
  // The counters every exchange moves (the others are in Seldom, below; counters() gives all).
  TcpDataCounters m_counters;
  // Owned timers (sim/core/timer.h): 32 bytes each where a Timer takes 64; the connection gives
  // them its scheduler and, as what their callbacks touch, itself (timerScheduler, timerPrefetch).
  sim::OwnedTimer<TcpConnection> m_retransmitTimer;
  sim::OwnedTimer<TcpConnection> m_delayedAckTimer;

  sim::HandlerSlot<Handler, Callbacks> m_handler;  // called on every delivery
  std::unique_ptr<Traces> m_traces;  // traces(); read on every segment, so among the hot members

  // --- Cold: from here on ---------------------------------------------------------------------------
  // State only some configurations use, made in the constructor when the configuration enables
  // it: other connections carry a null pointer instead (bench/README.md, ninth pass; the pointers,
  // m_rack and m_linux, are in the hot part above).
  // RACK-TLP (RFC 8985), with rackTlp; in the connection's cluster block (clusterBytes()).
  struct RackTlpState : sim::ClusterAllocated {
    RackTlpState(sim::Scheduler& sched, sim::PrefetchTarget owner) : timer(sched, owner) {}
    sim::Timer timer;                // RACK reordering timeout or TLP probe timeout (never both at once)
    sim::SimTime xmitTs;             // RACK.xmit_ts: send time of the latest delivered segment
    std::uint64_t endSeq = 0;        // RACK.end_seq
    sim::Duration rtt;               // RACK.rtt
    bool tlpInFlight = false;        // a probe is out and not yet answered
    bool reorderTimerArmed = false;  // `timer` waits for RACK's reordering window
  };
  // What few connections use, outside the connection's block: one pointer (m_seldom) in the others
  // instead of the 112 bytes below. The zero-window probe's timer; the timer of the application's
  // next read (readLatency) and the draws of its jitter (readLatencyJitterMean); PRR's state (RFC
  // 9937, with proportionalRateReduction); the counters of loss and zero windows; loss recovery's
  // state; Linux's cwnd validation. Made in the constructor when the configuration needs the
  // jitter, PRR or cwnd validation; otherwise by the first loss, zero window or deferred read.
  struct Seldom {
    sim::OwnedTimer<TcpConnection> persistTimer;
    sim::OwnedTimer<TcpConnection> readTimer;
    std::unique_ptr<sim::RandomStream> readJitter;
    std::unique_ptr<cc::ProportionalRateReduction> prr;
    TcpLossCounters lossCounters;
    // Loss recovery's state (made with the first duplicate ACK, recovery or timeout; zero before):
    // SND.MAX when the first duplicate or SACK-bearing ACK for the current SND.UNA arrived (0:
    // none since SND.UNA last advanced): what was sent after it is limited transmit, which RFC
    // 5681 3.2 step 2 keeps out of the FlightSize that ssthresh halves.
    std::uint64_t sndMaxAtFirstDupAck = 0;
    std::uint64_t inflation = 0;     // NewReno window inflation during fast recovery
    std::uint64_t recoverPoint = 0;  // RFC 6582 "recover"
    // Linux tcp_cwnd_validate(), with linuxCwndLimited (made in the constructor): the most bytes in
    // flight during the current window (until snd.una passes maxFlightSeq).
    std::uint64_t maxFlight = 0;
    std::uint64_t maxFlightSeq = 0;
  };
  Seldom& seldom() {
    if (!m_seldom) m_seldom = std::make_unique<Seldom>();
    return *m_seldom;
  }
  bool persistTimerArmed() const { return m_seldom && m_seldom->persistTimer.isArmed(); }
  std::uint64_t sndMaxAtFirstDupAck() const { return m_seldom ? m_seldom->sndMaxAtFirstDupAck : 0; }
  std::uint64_t inflation() const { return m_seldom ? m_seldom->inflation : 0; }
  std::uint64_t recoverPoint() const { return m_seldom ? m_seldom->recoverPoint : 0; }
  bool readTimerArmed() const { return m_seldom && m_seldom->readTimer.isArmed(); }
  void cancelPersistTimer() {
    if (m_seldom) m_seldom->persistTimer.cancel(*this);
  }
  void cancelReadTimer() {
    if (m_seldom) m_seldom->readTimer.cancel(*this);
  }
  sim::SimTime m_synSentAt;
  std::uint64_t m_peerFinSeq = 0;

  // The Linux receive side (tcp_rcv_buffer.h, tcp_linux_ack.cpp), with linuxReceiveAutotuning:
  // made in the constructor, in the connection's cluster block (clusterBytes()); other connections
  // carry a null pointer instead of its 288 bytes (the queue and ACK state were 96 of the
  // connection's).
  struct QueuedSkb {
    std::uint64_t start, end;
    std::int64_t truesize;
  };
  struct LinuxReceiveSide : sim::ClusterAllocated {
    explicit LinuxReceiveSide(const LinuxRcvBufferConfig& config) : buffer(config) {}
    LinuxRcvBuffer buffer;
    std::uint64_t copiedSeq = 0;  // copied_seq: the next byte the application will read
    // In order, not yet read (fully), from receiveQueueHead. A vector, not a std::deque: a deque
    // allocates a block even while empty, and most connections never queue anything.
    std::vector<QueuedSkb> receiveQueue;
    std::size_t receiveQueueHead = 0;
    std::vector<QueuedSkb> oooSkbs;             // out of order, by start
    std::uint32_t lastTsecr = 0;                // rcv_rtt_last_tsecr
    int quickAcks = 0;                          // icsk_ack.quick
    bool pingpong = false;                      // interactive mode (pingpong count >= 1)
    bool ackScheduled = false;                  // ICSK_ACK_SCHED
    bool ackPushed = false;                     // ICSK_ACK_PUSHED
    bool ackPushed2 = false;                    // ICSK_ACK_PUSHED2
    bool ackNow = false;                        // ICSK_ACK_NOW
    sim::Duration ato = sim::Duration::zero();  // icsk_ack.ato; zero until the first data
    sim::SimTime lastDataAt;                    // icsk_ack.lrcvtime
  };

  sim::AllocationCluster m_cluster;  // kept for the accept callback (keepCluster); cold
};

}  // namespace wirelab::models::transport::tcp
