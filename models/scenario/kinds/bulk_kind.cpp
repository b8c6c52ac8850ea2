// The "bulk" workload kind: N TCP flows from a sender node to a receiver node, each sending a
// fixed size (or without end until the scenario's duration), as ns-3's BulkSendApplication.
#include <memory>

#include "models/scenario/kinds/kinds.h"
#include "models/scenario/kinds/tcp_settings.h"
#include "models/workload/bulk_transfer.h"

namespace wirelab::models::scenario {

namespace {

struct BulkSpec final : WorkloadSpec {
  std::string from, to;
  int flows = 1;
  std::uint64_t size = 0;  // 0: without end
  sim::Duration startAt;
  transport::tcp::TcpConfig tcp;

  bool endless() const override { return size == 0; }
  std::unique_ptr<RunningWorkload> launch(RunContext& ctx) const override;
};

class RunningBulk final : public RunningWorkload {
 public:
  RunningBulk(const BulkSpec& spec, RunContext& ctx) : m_spec(spec), m_ctx(&ctx) {
    const sim::NodeId sender = ctx.node(spec.from), receiver = ctx.node(spec.to);
    const std::uint16_t port = ctx.allocatePort();
    m_sink = std::make_unique<workload::BulkSink>(ctx.tcp(receiver), port, spec.tcp);
    m_received.assign(static_cast<std::size_t>(spec.flows), 0);
    m_done.assign(static_cast<std::size_t>(spec.flows), sim::SimTime());
    m_sink->onBytes = [this](transport::Endpoint from, std::uint64_t bytes, sim::SimTime at) {
      auto it = m_flowByPort.find(from.port);
      if (it == m_flowByPort.end()) return;
      const std::size_t flow = it->second;
      m_received[flow] += bytes;
      if (m_spec.size > 0 && m_received[flow] >= m_spec.size && m_done[flow] == sim::SimTime()) {
        m_done[flow] = at;
        if (++m_finished == m_received.size()) m_ctx->workloadFinished();
      }
    };
    for (int f = 0; f < spec.flows; ++f) {
      auto s =
          std::make_unique<workload::BulkSender>(ctx.tcp(sender), transport::Endpoint{receiver, port},
                                                 spec.tcp, sim::SimTime::zero() + spec.startAt, spec.size);
      m_senders.push_back(std::move(s));
    }
    // The senders open their connections at `start`; learn their ports then.
    ctx.scheduler().scheduleAt(sim::SimTime::zero() + spec.startAt, [this] {
      for (std::size_t f = 0; f < m_senders.size(); ++f) {
        if (auto* c = m_senders[f]->connection()) {
          m_flowByPort[c->local().port] = f;
          if (f == 0) {
            c->traces().windowChanged.connect([this](const transport::tcp::TcpConnection::WindowSample& w) {
              if (m_cwnd.size() < 20'000) m_cwnd.emplace_back(w.time.seconds(), static_cast<double>(w.cwnd));
            });
          }
        }
      }
    });
  }

  void collect(RunResults& out) const override {
    const std::string p = m_spec.name + ".";
    const double elapsed = (m_ctx->scheduler().now() - (sim::SimTime::zero() + m_spec.startAt)).seconds();
    std::uint64_t retransmitted = 0, total = 0;
    for (std::size_t f = 0; f < m_senders.size(); ++f) {
      const double seconds = m_done[f] != sim::SimTime()
                                 ? (m_done[f] - (sim::SimTime::zero() + m_spec.startAt)).seconds()
                                 : elapsed;
      if (seconds > 0)
        out.addSample(p + "goodput", "bit/s", 8.0 * static_cast<double>(m_received[f]) / seconds);
      if (m_done[f] != sim::SimTime()) out.addSample(p + "completion_time", "s", seconds);
      total += m_received[f];
      if (auto* c = m_senders[f]->connection()) retransmitted += c->counters().bytesRetransmitted;
    }
    out.setValue(p + "bytes_delivered", "B", static_cast<double>(total));
    out.setValue(p + "bytes_retransmitted", "B", static_cast<double>(retransmitted));
    out.setValue(p + "flows_completed", "1", static_cast<double>(m_finished));
    out.addSeries(Series{p + "cwnd", "time (s)", "congestion window (B)", m_cwnd});
  }

 private:
  const BulkSpec& m_spec;
  RunContext* m_ctx;
  std::unique_ptr<workload::BulkSink> m_sink;
  std::vector<std::unique_ptr<workload::BulkSender>> m_senders;
  std::map<std::uint16_t, std::size_t> m_flowByPort;
  std::vector<std::uint64_t> m_received;
  std::vector<sim::SimTime> m_done;
  std::size_t m_finished = 0;
  std::vector<std::pair<double, double>> m_cwnd;
};

std::unique_ptr<RunningWorkload> BulkSpec::launch(RunContext& ctx) const {
  return std::make_unique<RunningBulk>(*this, ctx);
}

}  // namespace

WorkloadKind bulkKind() {
  WorkloadKind k;
  k.name = "bulk";
  k.summary = "TCP bulk transfers (ns-3 BulkSend): goodput, completion time, cwnd over time";
  k.keys = {"from", "to", "flows", "size", "start", "tcp"};
  k.read = [](const SpecNode& n, const TopologySpec& topology) -> std::unique_ptr<WorkloadSpec> {
    auto s = std::make_unique<BulkSpec>();
    s->from = n.text("from");
    s->to = n.text("to");
    checkNodeReference(topology, n, "from", s->from);
    checkNodeReference(topology, n, "to", s->to);
    if (!s->from.empty() && s->from == s->to) n["to"].error("a transfer needs two different nodes");
    s->flows = static_cast<int>(n.integer("flows", 1, 1, 10'000));
    s->size = static_cast<std::uint64_t>(n.bytes("size", sim::ByteCount(0)).bytes());
    s->startAt = n.duration("start", sim::Duration::zero());
    s->tcp = readTcpSettings(n);
    return s;
  };
  return k;
}

}  // namespace wirelab::models::scenario
