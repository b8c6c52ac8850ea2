#include "models/showcase/queueing_showcase.h"

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <limits>
#include <stdexcept>
#include <string>

#include "sim/metrics/cdf.h"
#include "sim/metrics/histogram.h"
#include "sim/metrics/summary.h"
#include "sim/net/network.h"

namespace wirelab::models::showcase {

namespace {

using namespace wirelab::sim;
constexpr std::uint8_t kProbeProtocol = 253;  // RFC 3692 experimental protocol number

struct ReplicationOutcome {
  double meanWaitS = 0;
  std::int64_t sent = 0, delivered = 0, dropped = 0;
  std::uint64_t events = 0;
};

// Poisson packet source -> one drop-tail link -> sink. Waiting time is measured from the
// interface's own trace signals (enqueue to start of serialisation).
class QueueRun {
 public:
  QueueRun(const QueueingShowcaseConfig& config, double load, std::uint64_t run, ExactQuantiles& waits,
           std::vector<QueueSample>* queueTrace)
      : m_config(config), m_sim(config.seed, run), m_waits(waits), m_queueTrace(queueTrace) {
    m_source = m_sim.network.addNode("source");
    m_sink = m_sim.network.addNode("sink");
    LinkConfig link;
    link.rate = config.linkRate;
    link.delay = config.propagationDelay;
    link.queue.maxPackets = config.queueLimitPackets;
    m_sim.network.connect(m_source, m_sink, link);
    m_sim.network.node(m_source).setRoute(m_sink, 0);
    m_sim.network.node(m_sink).setProtocolHandler(kProbeProtocol, [](PacketPtr) {});
    const double serviceNs =
        static_cast<double>(transmissionTime(config.packetSize, config.linkRate).nanoseconds());
    m_meanGapNs = serviceNs / load;
    m_arrivals = m_sim.random.stream("showcase/arrivals");
    m_measureFrom = SimTime::zero() + config.warmup;
    m_stopAt = m_measureFrom + config.duration;
    m_traceUntil = m_measureFrom + std::min(config.duration, Seconds(10));

    Interface& iface = m_sim.network.node(m_source).interface(0);
    iface.dequeued.connect([this](const Packet& p, SimTime t) {
      if (p.createdAt < m_measureFrom) return;
      const double wait = (t - p.createdAt).seconds();
      m_waitSum += wait;
      ++m_waitCount;
      m_waits.add(wait * 1e3);
    });
    if (m_queueTrace != nullptr) {
      const auto record = [this](const Packet&, SimTime t) {
        if (t < m_measureFrom || t > m_traceUntil) return;
        const auto& q = m_sim.network.node(m_source).interface(0).queue();
        m_queueTrace->push_back({(t - m_measureFrom).seconds(), static_cast<double>(q.packets())});
      };
      // After an enqueue the packet is counted in the queue; after a dequeue it has left it.
      iface.enqueued.connect(record);
      iface.dequeued.connect(record);
    }
  }

  ReplicationOutcome run() {
    m_sim.scheduler.schedule(Duration::zero(), [this] { sendNext(); });
    m_sim.scheduler.run();
    ReplicationOutcome out;
    out.meanWaitS = m_waitCount > 0 ? m_waitSum / static_cast<double>(m_waitCount) : 0.0;
    const NetworkCounters& c = m_sim.network.counters();
    out.sent = static_cast<std::int64_t>(c.sent);
    out.delivered = static_cast<std::int64_t>(c.delivered);
    out.dropped = static_cast<std::int64_t>(c.dropped);
    out.events = m_sim.scheduler.eventsDispatched();
    return out;
  }

 private:
  void sendNext() {
    PacketPtr p = m_sim.network.newPacket();
    p->destination = m_sink;
    p->protocol = kProbeProtocol;
    p->sizeBytes = static_cast<std::uint32_t>(m_config.packetSize.bytes());
    p->payloadBytes = p->sizeBytes;
    m_sim.network.node(m_source).send(std::move(p));
    const double gapNs = -std::log(m_arrivals.uniformOpen01()) * m_meanGapNs;
    const SimTime next = m_sim.scheduler.now() + Nanoseconds(static_cast<std::int64_t>(std::llround(gapNs)));
    if (next < m_stopAt) m_sim.scheduler.scheduleAt(next, [this] { sendNext(); });
  }

  const QueueingShowcaseConfig& m_config;
  Simulation m_sim;
  ExactQuantiles& m_waits;
  std::vector<QueueSample>* m_queueTrace;
  NodeId m_source = kNoNode, m_sink = kNoNode;
  RandomStream m_arrivals{0};
  double m_meanGapNs = 0;
  SimTime m_measureFrom, m_stopAt, m_traceUntil;
  double m_waitSum = 0;
  std::int64_t m_waitCount = 0;
};

void validate(const QueueingShowcaseConfig& c) {
  if (c.linkRate.bitsPerSecond() <= 0) throw std::invalid_argument("showcase: link rate must be positive");
  if (c.packetSize.bytes() <= 0) throw std::invalid_argument("showcase: packet size must be positive");
  if (c.replications < 2)
    throw std::invalid_argument("showcase: at least 2 replications are needed for a CI");
  if (c.duration <= Duration::zero()) throw std::invalid_argument("showcase: duration must be positive");
  for (const double load : c.loads) {
    if (!(load > 0.0 && load < 1.0)) {
      throw std::invalid_argument("showcase: every load must lie in (0, 1), got " + std::to_string(load));
    }
  }
}

}  // namespace

double md1MeanWaitMs(const QueueingShowcaseConfig& config, double load) {
  if (load >= 1) return std::numeric_limits<double>::infinity();
  const double serviceMs = transmissionTime(config.packetSize, config.linkRate).milliseconds();
  return load * serviceMs / (2 * (1 - load));
}

std::vector<std::string> closedFormDisagreements(const QueueingShowcaseResult& result) {
  std::vector<std::string> failures;
  for (const LoadPoint& p : result.points) {
    const double tolerance = std::max(0.05 * p.closedFormWaitMs, p.meanWaitCiHalfWidthMs);
    if (std::abs(p.meanWaitMs - p.closedFormWaitMs) > tolerance) {
      char buf[200];
      std::snprintf(buf, sizeof buf,
                    "load %.3g: simulated mean wait %.4g ms vs M/D/1 %.4g ms (tolerance %.3g ms)", p.load,
                    p.meanWaitMs, p.closedFormWaitMs, tolerance);
      failures.emplace_back(buf);
    }
  }
  return failures;
}

QueueingShowcaseResult runQueueingShowcase(const QueueingShowcaseConfig& config) {
  validate(config);
  QueueingShowcaseResult result;
  result.config = config;
  const Duration service = transmissionTime(config.packetSize, config.linkRate);
  for (const double load : config.loads) {
    const bool traced = std::abs(load - config.traceLoad) < 1e-9;
    ExactQuantiles waits;
    ReplicationSummary meanWait;
    LoadPoint point;
    point.load = load;
    for (int r = 0; r < config.replications; ++r) {
      // Replication r uses run number r at every load: common random numbers across the sweep.
      QueueRun run(config, load, static_cast<std::uint64_t>(r), waits,
                   traced && r == 0 ? &result.queueTrace : nullptr);
      const ReplicationOutcome o = run.run();
      meanWait.add(o.meanWaitS * 1e3);
      point.packetsSent += o.sent;
      point.packetsDelivered += o.delivered;
      point.packetsDropped += o.dropped;
      point.events += o.events;
    }
    point.meanWaitMs = meanWait.mean();
    point.meanWaitCiHalfWidthMs = meanWait.halfWidth(0.95);
    point.closedFormWaitMs = md1MeanWaitMs(config, load);
    point.p99WaitMs = waits.count() > 0 ? waits.quantile(0.99) : 0.0;
    point.meanSojournMs = point.meanWaitMs + service.milliseconds() + config.propagationDelay.milliseconds();
    result.totalEvents += point.events;
    if (traced) {
      for (const CdfPoint& c : empiricalCdfPoints(waits, 400)) {
        result.waitCdfMs.push_back(c.x);
        result.waitCdfProb.push_back(c.probability);
      }
    }
    result.points.push_back(point);
  }
  return result;
}

}  // namespace wirelab::models::showcase
