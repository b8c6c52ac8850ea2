// File: models/transport/quic/quic_connection.h
// One QUIC-like connection (RFC 9000/9001/9002 as a byte-count model): the 1-RTT handshake with
// 0-RTT resumption, three packet-number spaces, many bidirectional streams delivered in order
// each on its own (no head-of-line blocking across streams), flow control, loss recovery and
// congestion control, and connection IDs that let it survive a client address change.
//
//   QuicConnection& c = clientEndpoint.connect({serverNode, 443});
//   std::uint64_t s = c.openStream();
//   c.send(s, 100'000, /*fin=*/true);
//   c.setStreamDataCallback([](std::uint64_t id, std::uint64_t bytes, bool fin) { ... });
#pragma once

#include <array>
#include <cstdint>
#include <functional>
#include <map>
#include <set>
#include <vector>

#include "models/transport/quic/ack_tracker.h"
#include "models/transport/quic/loss_recovery.h"
#include "models/transport/quic/quic_config.h"
#include "models/transport/quic/quic_events.h"
#include "models/transport/quic/recv_stream.h"
#include "models/transport/quic/send_stream.h"
#include "models/transport/udp/udp_socket.h"
#include "sim/core/signal.h"
#include "sim/core/timer.h"

namespace wirelab::models::transport::quic {

class QuicEndpoint;
struct SessionTicket;

struct QuicConnectionStats {
  std::uint64_t datagramsSent = 0;
  std::uint64_t datagramsReceived = 0;
  std::uint64_t bytesSent = 0;  // UDP payload bytes
  std::uint64_t bytesReceived = 0;
  std::uint64_t packetsSent = 0;
  std::uint64_t packetsReceived = 0;
  std::uint64_t duplicatePackets = 0;
  std::uint64_t packetsBuffered = 0;  // arrived before their keys (RFC 9001 section 5.7)
  std::uint64_t packetsDropped = 0;   // keys discarded, buffer full, or never available
  std::uint64_t streamBytesSent = 0;  // first transmissions
  std::uint64_t streamBytesRetransmitted = 0;
  std::uint64_t streamBytesDelivered = 0;
  std::uint64_t framesRetransmitted = 0;  // frames queued again after loss or for a probe
  std::uint64_t flowControlViolations = 0;
  std::uint64_t migrations = 0;
  sim::SimTime handshakeCompleteAt;
  sim::SimTime handshakeConfirmedAt;
  bool zeroRttAttempted = false;  // client sent 0-RTT data / server saw a resumption attempt
  bool zeroRttAccepted = false;
};

class QuicConnection final : private RecoveryHost {
 public:
  using StreamDataCallback = std::function<void(std::uint64_t streamId, std::uint64_t bytes, bool fin)>;
  using StreamOpenedCallback = std::function<void(std::uint64_t streamId)>;

  // Made by QuicEndpoint::connect (client) or on a new Initial (server).
  QuicConnection(QuicEndpoint& endpoint, Role role, const QuicConfig& config, Endpoint peer,
                 std::uint32_t localCid, std::uint32_t peerCid, std::uint32_t originalDcid);
  QuicConnection(const QuicConnection&) = delete;
  QuicConnection& operator=(const QuicConnection&) = delete;
  ~QuicConnection() override;

  // ---- Application API ----
  // Opens the next locally initiated bidirectional stream (RFC 9000 section 2.1: client 0, 4, 8..;
  // server 1, 5, 9..). Throws std::logic_error past the peer's stream limit.
  std::uint64_t openStream();
  // Queues `bytes` on a stream (opened here or by the peer); `fin` ends it.
  void send(std::uint64_t streamId, std::uint64_t bytes, bool fin = false);
  // How the sender shares the path among streams, in the terms of RFC 9218's incremental
  // parameter (section 4.2): incremental streams (the default of a QUIC stack's transport, as in
  // quiche) take turns, packet by packet; non-incremental ones are sent one at a time to
  // completion, in ascending stream ID (section 10), before any incremental stream. Repairs of
  // lost data always go first.
  void setIncremental(std::uint64_t streamId, bool incremental);
  // Sends CONNECTION_CLOSE and closes at once (the draining period is not modelled).
  void close();
  // Client: continue from another endpoint (another port or node). The connection keeps its
  // connection IDs; the server follows the new address (RFC 9000 section 9).
  void migrate(QuicEndpoint& newLocal);
  void setStreamDataCallback(StreamDataCallback cb) { m_onStreamData = std::move(cb); }
  void setStreamOpenedCallback(StreamOpenedCallback cb) { m_onStreamOpened = std::move(cb); }

  // ---- Introspection ----
  Role role() const { return m_role; }
  ConnectionState state() const { return m_state; }
  bool handshakeComplete() const {
    return m_state >= ConnectionState::HandshakeComplete && m_state != ConnectionState::Closed;
  }
  Endpoint peer() const { return m_peer; }
  Endpoint local() const;
  QuicEndpoint& endpoint() const { return *m_endpoint; }
  std::uint32_t localConnectionId() const { return m_localCid; }
  std::uint32_t originalDestinationConnectionId() const { return m_originalDcid; }
  const QuicConnectionStats& stats() const { return m_stats; }
  const RecoveryCounters& recoveryCounters() const { return m_recovery.counters(); }
  const RttEstimator& rtt() const { return m_recovery.rtt(); }
  std::uint64_t congestionWindow() const { return m_recovery.controller().cwndBytes(); }
  std::uint64_t bytesInFlight() const { return m_recovery.bytesInFlight(); }
  bool inRecovery() const { return m_recovery.inRecovery(); }
  std::uint64_t streamBytesDelivered(std::uint64_t streamId) const;
  std::size_t streamCount() const { return m_streams.size(); }
  const QuicConfig& config() const { return m_config; }

  // ---- Trace signals ----
  sim::Signal<const QuicPacketEvent&> packetSent;
  sim::Signal<const QuicPacketEvent&> packetReceived;
  sim::Signal<const QuicLossEvent&> packetLost;
  sim::Signal<const QuicMetricsEvent&> metricsUpdated;
  sim::Signal<const QuicStateEvent&> stateChanged;
  sim::Signal<const QuicDeliveryEvent&> streamDataDelivered;
  sim::Signal<const QuicRetransmitEvent&> framesRetransmitted;
  sim::Signal<const QuicPathEvent&> pathChanged;

  // ---- Used by QuicEndpoint ----
  void start(const SessionTicket* ticket);  // client: begin the handshake
  void onDatagram(const udp::UdpDatagram& datagram);
  void setEndpoint(QuicEndpoint& endpoint) { m_endpoint = &endpoint; }

 private:
  struct SpaceState {
    SpaceState(bool immediateAcks, const QuicConfig& c)
        : acks(immediateAcks, static_cast<std::uint32_t>(c.ackElicitingThreshold), c.maxAckDelay) {}
    AckTracker acks;
    SendStream cryptoOut;
    RecvStream cryptoIn;
    bool sendKeys = false;  // we may send packets of this space
    bool discarded = false;
    int probes = 0;  // ack-eliciting packets owed to a PTO
  };
  struct Stream {
    SendStream send;
    RecvStream recv;
    bool incremental = true;  // setIncremental()
  };
  struct BufferedPacket {
    QuicDatagram datagram;
    std::uint8_t index;
    Endpoint from;
    std::uint32_t datagramBytes;
  };

  // RecoveryHost
  void onPacketAcked(PacketSpace space, const SentPacket& packet) override;
  void onPacketLost(PacketSpace space, const SentPacket& packet, const char* cause) override;
  void onProbeTimeout(PacketSpace space) override;
  void onRecoveryMetrics(const char* cause) override;
  void onCongestionEvent() override { m_recoverySend = true; }
  bool handshakeConfirmed() const override { return m_confirmed; }
  bool hasHandshakeKeys() const override;
  bool peerCompletedAddressValidation() const override;
  bool atAmplificationLimit() const override;
  bool applicationLimited() const override { return m_applicationLimited; }

  // quic_connection.cpp: lifecycle, handshake progress, streams
  SpaceState& space(PacketSpace s) { return m_spaces[indexOf(s)]; }
  const SpaceState& space(PacketSpace s) const { return m_spaces[indexOf(s)]; }
  void setState(ConnectionState to, const char* cause);
  void onCryptoComplete(PacketSpace space);
  void confirmHandshake(const char* cause);
  void discardSpace(PacketSpace space);
  void enterClosed(const char* cause);
  void applyPeerParameters(const TransportParameters& p);
  TransportParameters localParameters() const;
  Stream* findStream(std::uint64_t id);
  Stream* openPeerStream(std::uint64_t id);
  Stream& createStream(std::uint64_t id);
  bool isLocalStream(std::uint64_t id) const { return (id & 1u) == (m_role == Role::Server ? 1u : 0u); }
  void retransmitFrames(PacketSpace space, const SentPacket& packet, const char* cause);
  void restartIdleTimer();
  void requestFlush();
  void updateAckTimer();

  // quic_connection_receive.cpp
  void processLongPacket(const QuicDatagram& d, std::size_t index, Endpoint from, std::uint32_t bytes);
  void processShortPacket(const QuicDatagram& d, Endpoint from, std::uint32_t bytes);
  void processStreamFrame(const StreamFrame& f);
  void processFlowFrame(const FlowFrame& f);
  bool receiveKeys(PacketType type) const;
  bool mayGetKeys(PacketType type) const;
  void bufferPacket(const QuicDatagram& d, std::size_t index, Endpoint from, std::uint32_t bytes);
  void replayBuffered();
  void emitReceived(const QuicDatagram& d, std::size_t index, std::uint32_t bytes);

  // quic_connection_send.cpp
  void flush();
  bool sendOneDatagram();
  bool wantsToSend(PacketSpace s) const;
  bool canSendIn(PacketSpace s) const;
  bool cwndAllows() const;
  bool congestionAllows() const { return m_recoverySend || cwndAllows(); }
  bool pacingAllows() const;
  bool streamDataSendable() const;
  bool controlFramesPending() const;
  std::uint64_t amplificationCredit() const;
  std::uint32_t buildLongPacket(PacketSpace s, QuicDatagram& d, std::size_t index, std::uint32_t room,
                                SentPacket& record);
  std::uint32_t buildShortPacket(QuicDatagram& d, std::uint32_t room, SentPacket& record,
                                 std::uint32_t& applicationBytes);
  void fillStreamFrames(ShortPacket& pk, std::uint32_t& avail, std::uint32_t& used,
                        std::uint32_t& applicationBytes);
  void sendClose();
  void transmit(const QuicDatagram& d, std::uint32_t bytes, std::uint32_t applicationBytes,
                const SentPacket* records, const std::uint32_t* sizes, std::size_t count);

  QuicEndpoint* m_endpoint;
  sim::Scheduler* m_sched;
  Role m_role;
  QuicConfig m_config;
  Endpoint m_peer;
  std::uint32_t m_localCid;
  std::uint32_t m_peerCid;
  std::uint32_t m_originalDcid;
  ConnectionState m_state = ConnectionState::Idle;
  std::array<SpaceState, kSpaceCount> m_spaces;
  LossRecovery m_recovery;

  // Handshake
  bool m_peerCidLearned = false;
  bool m_resumption = false;   // client: holds a ticket; server: the ClientHello offered one
  bool m_zeroRttOpen = false;  // 0-RTT may be sent (client) / accepted (server)
  bool m_oneRttKeys = false;   // 1-RTT packets may be received
  bool m_confirmed = false;
  bool m_confirmPending = false;
  bool m_handshakeAckReceived = false;
  bool m_handshakeDonePending = false;
  bool m_ticketPending = false;
  bool m_closePending = false;
  bool m_pingPending = false;
  bool m_haveParams = false;
  TransportParameters m_peerParams{};
  // Anti-amplification (RFC 9000 section 8.1): a server sends at most 3x what it received until
  // the client's address is validated.
  bool m_addressValidated = false;
  std::uint64_t m_amplificationReceived = 0;
  std::uint64_t m_amplificationSent = 0;

  // Streams and flow control
  std::map<std::uint64_t, Stream> m_streams;
  std::set<std::uint64_t> m_sendActive;  // streams that may have something to send
  std::uint64_t m_roundRobinCursor = 0;
  std::int64_t m_nonIncrementalStreams = 0;  // streams set non-incremental, ended or not
  std::uint64_t m_localStreamsOpened = 0;
  std::uint64_t m_peerMaxData = 0;   // connection credit the peer granted
  std::uint64_t m_dataSent = 0;      // sum of the streams' highest offsets sent
  std::uint64_t m_recvMaxData = 0;   // connection credit we granted
  std::uint64_t m_dataReceived = 0;  // sum of the streams' highest offsets received
  std::uint64_t m_dataConsumed = 0;  // bytes delivered to the application
  bool m_maxDataPending = false;
  std::vector<std::uint64_t> m_maxStreamDataPending;

  std::vector<BufferedPacket> m_buffered;
  std::uint64_t m_largestAppReceived = 0;
  bool m_anyAppReceived = false;
  bool m_applicationLimited = false;
  bool m_recoverySend = false;  // one packet may exceed cwnd on entering recovery
  sim::SimTime m_nextPacedSend;

  sim::Timer m_flushTimer;
  sim::Timer m_ackTimer;
  sim::Timer m_idleTimer;
  sim::Timer m_pacingTimer;

  StreamDataCallback m_onStreamData;
  StreamOpenedCallback m_onStreamOpened;
  QuicConnectionStats m_stats;
};

}  // namespace wirelab::models::transport::quic
