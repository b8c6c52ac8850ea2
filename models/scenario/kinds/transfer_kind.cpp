// The "transfer" workload kind: one bulk transfer of `size` bytes from a sender node to a receiver
// node over the transport named by `transport`, so that "TCP vs UDP vs QUIC" is one sweep axis:
//   - tcp: one TCP connection sending the bytes (BulkSender / BulkSink); losses are repaired by
//     retransmission and halve the congestion window.
//   - udp: a constant-bit-rate sender: datagrams of `packet` payload bytes, spaced so that the IP
//     packets leave at `rate`, ceil(size / packet) of them; nothing is retransmitted, so a loss is
//     a hole in the data (counted).
//   - quic: one QUIC stream carrying the bytes (congestion control as the `tcp` block's:
//     algorithm, initial window, HyStart++); losses repaired per stream.
//
//   - kind: transfer
//     name: t
//     from: sender                    node names
//     to: receiver
//     transport: tcp | udp | quic     (default tcp)
//     size: 1MB
//     rate: 10Mbps                    udp: the sender's IP bit rate (required for udp; ignored by
//                                     tcp and quic, so a sweep over transport may keep it)
//     packet: 1200B                   udp: payload per datagram (ignored by tcp and quic)
//     start: 0s
//     tcp: linux                      TCP settings (QUIC copies its congestion control)
//
// Metrics ("<name>."): goodput (bit/s: application bytes delivered x 8 over start to last
// delivery), completion_time (s: start to the last byte; for udp to the last datagram that
// arrived), bytes_delivered, delivered_fraction, bytes_retransmitted (tcp, quic), packets_lost
// (udp: datagrams that never arrived; quic: packets declared lost; tcp: retransmitted segments'
// worth, bytes_retransmitted / MSS, rounded up), completed (0/1: tcp and quic every byte, udp the
// sender done). Series: delivered (time, bytes delivered in order).
#include <cmath>
#include <memory>

#include "models/scenario/kinds/kinds.h"
#include "models/scenario/kinds/quic_endpoint_pair.h"
#include "models/scenario/kinds/tcp_settings.h"
#include "models/workload/bulk_transfer.h"

namespace wirelab::models::scenario {

namespace {

constexpr std::uint32_t kIpUdpHeaderBytes = 28;

struct TransferSpec final : WorkloadSpec {
  std::string from, to, transport;
  std::uint64_t size = 0;
  sim::DataRate rate;
  std::uint32_t packetBytes = 1200;
  sim::Duration startAt;
  transport::tcp::TcpConfig tcp;

  std::unique_ptr<RunningWorkload> launch(RunContext& ctx) const override;
};

class RunningTransfer final : public RunningWorkload {
 public:
  RunningTransfer(const TransferSpec& spec, RunContext& ctx) : m_spec(spec), m_ctx(&ctx) {
    const sim::NodeId sender = ctx.node(spec.from), receiver = ctx.node(spec.to);
    const std::uint16_t port = ctx.allocatePort();
    const sim::SimTime start = sim::SimTime::zero() + spec.startAt;
    if (spec.transport == "tcp") {
      m_sink = std::make_unique<workload::BulkSink>(ctx.tcp(receiver), port, spec.tcp);
      m_sink->onBytes = [this](transport::Endpoint, std::uint64_t bytes, sim::SimTime at) {
        delivered(bytes, at);
      };
      m_bulk = std::make_unique<workload::BulkSender>(ctx.tcp(sender), transport::Endpoint{receiver, port},
                                                      spec.tcp, start, spec.size);
    } else if (spec.transport == "udp") {
      m_rx = &ctx.udp(receiver).bind(port);
      m_rx->setReceiveCallback([this](const transport::udp::UdpDatagram& d) {
        ++m_datagramsReceived;
        delivered(d.payloadBytes, m_ctx->scheduler().now());
      });
      m_tx = &ctx.udp(sender).bind(0);
      m_datagrams = (spec.size + spec.packetBytes - 1) / spec.packetBytes;
      const std::uint32_t ipBytes = spec.packetBytes + kIpUdpHeaderBytes;
      m_gap = sim::Nanoseconds(static_cast<std::int64_t>(
          std::ceil(static_cast<double>(ipBytes) * 8e9 / static_cast<double>(spec.rate.bitsPerSecond()))));
      m_destination = transport::Endpoint{receiver, port};
      ctx.scheduler().scheduleAt(start, [this] { sendDatagram(); });
    } else {
      m_quicEndpoints =
          makeQuicEndpointPair(ctx, receiver, port, sender, quicConfigLike(spec.tcp), spec.name);
      m_quicEndpoints.server->listen([this](transport::quic::QuicConnection& c) {
        c.setStreamDataCallback(
            [this](std::uint64_t, std::uint64_t bytes, bool) { delivered(bytes, m_ctx->scheduler().now()); });
      });
      ctx.scheduler().scheduleAt(start, [this, receiver, port] {
        m_quic = &m_quicEndpoints.client->connect(transport::Endpoint{receiver, port});
        m_quic->send(m_quic->openStream(), m_spec.size, true);
      });
    }
  }

  void collect(RunResults& out) const override {
    const std::string p = m_spec.name + ".";
    const double start = m_spec.startAt.seconds();
    const bool complete = m_spec.transport == "udp" ? m_sent == m_datagrams : m_received >= m_spec.size;
    if (m_received > 0 && m_lastDelivery.seconds() > start) {
      const double seconds = m_lastDelivery.seconds() - start;
      out.addSample(p + "goodput", "bit/s", 8.0 * static_cast<double>(m_received) / seconds);
      if (complete) out.addSample(p + "completion_time", "s", seconds);
    }
    out.setValue(p + "completed", "1", complete ? 1 : 0);
    out.setValue(p + "bytes_delivered", "B", static_cast<double>(m_received));
    out.setValue(p + "delivered_fraction", "1",
                 m_spec.size > 0 ? static_cast<double>(m_received) / static_cast<double>(m_spec.size) : 0);
    if (m_spec.transport == "tcp") {
      std::uint64_t retransmitted = 0;
      if (auto* c = m_bulk->connection()) retransmitted = c->counters().bytesRetransmitted;
      const std::uint64_t mss = m_spec.tcp.mtuBytes - 40;
      out.setValue(p + "bytes_retransmitted", "B", static_cast<double>(retransmitted));
      out.setValue(p + "packets_lost", "1", static_cast<double>((retransmitted + mss - 1) / mss));
    } else if (m_spec.transport == "udp") {
      out.setValue(p + "packets_lost", "1", static_cast<double>(m_sent - m_datagramsReceived));
      out.setValue(p + "datagrams_sent", "1", static_cast<double>(m_sent));
    } else if (m_quic != nullptr) {
      out.setValue(p + "bytes_retransmitted", "B",
                   static_cast<double>(m_quic->stats().streamBytesRetransmitted));
      out.setValue(p + "packets_lost", "1", static_cast<double>(m_quic->recoveryCounters().packetsLost));
    }
    std::vector<std::pair<double, double>> progress = m_progress;
    progress.insert(progress.begin(), {start, 0.0});
    out.addSeries(Series{p + "delivered", "time (s)", "bytes delivered", progress});
  }

 private:
  void delivered(std::uint64_t bytes, sim::SimTime at) {
    const bool wasComplete = m_received >= m_spec.size;
    m_received += bytes;
    m_lastDelivery = at;
    if (m_progress.size() < 20'000 || m_received >= m_spec.size)
      m_progress.emplace_back(at.seconds(), static_cast<double>(m_received));
    // TCP and QUIC finish when every byte is in; UDP when its last datagram could have arrived.
    if (m_spec.transport != "udp" && !wasComplete && m_received >= m_spec.size) m_ctx->workloadFinished();
  }

  void sendDatagram() {
    const std::uint64_t left = m_spec.size - m_sent * m_spec.packetBytes;
    const auto payload = static_cast<std::uint32_t>(std::min<std::uint64_t>(m_spec.packetBytes, left));
    m_tx->sendTo(m_destination, payload);
    ++m_sent;
    if (m_sent < m_datagrams) {
      m_ctx->scheduler().schedule(m_gap, [this] { sendDatagram(); });
    } else {
      // The sender is done; the run may end once the last datagram has had a generous time to
      // cross the path (1 s), so that late arrivals still count.
      m_ctx->scheduler().schedule(sim::Seconds(1), [this] { m_ctx->workloadFinished(); });
    }
  }

  const TransferSpec& m_spec;
  RunContext* m_ctx;
  std::uint64_t m_received = 0;
  sim::SimTime m_lastDelivery;
  std::vector<std::pair<double, double>> m_progress;
  // tcp
  std::unique_ptr<workload::BulkSink> m_sink;
  std::unique_ptr<workload::BulkSender> m_bulk;
  // udp
  transport::udp::UdpSocket* m_rx = nullptr;
  transport::udp::UdpSocket* m_tx = nullptr;
  transport::Endpoint m_destination{};
  std::uint64_t m_datagrams = 0, m_sent = 0, m_datagramsReceived = 0;
  sim::Duration m_gap;
  // quic
  QuicEndpointPair m_quicEndpoints;
  transport::quic::QuicConnection* m_quic = nullptr;
};

std::unique_ptr<RunningWorkload> TransferSpec::launch(RunContext& ctx) const {
  return std::make_unique<RunningTransfer>(*this, ctx);
}

}  // namespace

WorkloadKind transferKind() {
  WorkloadKind k;
  k.name = "transfer";
  k.summary = "a bulk transfer over TCP, UDP (constant bit rate, no retransmission) or QUIC";
  k.keys = {"from", "to", "transport", "size", "rate", "packet", "start", "tcp"};
  k.read = [](const SpecNode& n, const TopologySpec& topology) -> std::unique_ptr<WorkloadSpec> {
    auto s = std::make_unique<TransferSpec>();
    s->from = n.text("from");
    s->to = n.text("to");
    checkNodeReference(topology, n, "from", s->from);
    checkNodeReference(topology, n, "to", s->to);
    if (!s->from.empty() && s->from == s->to) n["to"].error("a transfer needs two different nodes");
    s->transport = n.choice("transport", {"tcp", "udp", "quic"}, "tcp");
    s->size = static_cast<std::uint64_t>(n.bytes("size", sim::ByteCount(1'000'000)).bytes());
    if (s->size == 0 && n.has("size")) n["size"].error("must be positive");
    // rate and packet are read whatever the transport (TCP and QUIC ignore them), so that a sweep
    // over `transport` may keep them.
    if (s->transport == "udp" || n.has("rate")) {
      s->rate = n.rate("rate");
      if (n.has("rate") && s->rate.bitsPerSecond() <= 0) n["rate"].error("must be positive");
    }
    s->packetBytes = static_cast<std::uint32_t>(n.bytes("packet", sim::ByteCount(1200)).bytes());
    if (s->packetBytes < 1 || s->packetBytes > 1472)
      n["packet"].error("a datagram's payload must lie in [1, 1472] bytes (1500-byte MTU, no fragmentation)");
    s->startAt = n.duration("start", sim::Duration::zero());
    s->tcp = readTcpSettings(n);
    return s;
  };
  return k;
}

}  // namespace wirelab::models::scenario
