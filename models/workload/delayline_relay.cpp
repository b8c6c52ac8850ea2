#include "models/workload/delayline_relay.h"

#include <algorithm>
#include <cmath>
#include <utility>

namespace wirelab::models::workload {

DelaylineRelay::DelaylineRelay(sim::Network& network, sim::NodeId relay, sim::NodeId clientSide,
                               sim::NodeId serverSide, const DelaylineDirection& up,
                               const DelaylineDirection& down, const DelaylineTiming& timing)
    : m_network(&network),
      m_sched(&network.scheduler()),
      m_relay(relay),
      m_client(clientSide),
      m_server(serverSide),
      m_timing(timing),
      m_wakeUps(network.random().stream("delayline/" + network.node(relay).name() + "/wake-up")) {
  const std::string name = "delayline/" + network.node(relay).name();
  m_directions[0].config = up;
  m_directions[1].config = down;
  m_directions[0].loss = network.makeLossModel(up.loss, name + "/up/loss");
  m_directions[1].loss = network.makeLossModel(down.loss, name + "/down/loss");
  network.node(relay).setForwardingHook([this](sim::PacketPtr p) { onArrival(std::move(p)); });
}

DelaylineRelay::~DelaylineRelay() {
  m_sched->cancel(m_next);
  m_network->node(m_relay).setForwardingHook(nullptr);
}

void DelaylineRelay::onArrival(sim::PacketPtr p) {
  if (p->destination != m_server && p->destination != m_client) {
    m_network->node(m_relay).forward(std::move(p));  // not between the two hosts: not the relay's
    return;
  }
  Direction& d = m_directions[p->destination == m_server ? 0 : 1];
  d.input.push_back(std::move(p));
  if (m_state != State::Sleeping) return;  // read when the loop next polls: at once
  // A packet on either TUN device ends ppoll(), the thread running some time later.
  const sim::SimTime at = m_sched->now() + wakeUpLatency();
  if (at < m_wakeAt) {
    m_sched->cancel(m_next);
    m_wakeAt = at;
    m_next = m_sched->scheduleAt(at, [this] { wakeUp(); });
  }
}

sim::Duration DelaylineRelay::wakeUpLatency() {
  sim::Duration latency = m_timing.wakeUpLatency;
  if (m_timing.wakeUpJitterMean > sim::Duration::zero()) {
    const double mean = static_cast<double>(m_timing.wakeUpJitterMean.nanoseconds());
    latency += sim::Nanoseconds(
        static_cast<std::int64_t>(std::llround(-mean * std::log(m_wakeUps.uniformOpen01()))));
  }
  return latency;
}

void DelaylineRelay::wakeUp() {
  m_state = State::Running;
  m_wakeAt = sim::SimTime::max();
  // relay.c reads the client's device first, then the server's, each until it is empty (at most
  // 256 packets), stamping every packet with the time it reads it.
  sim::SimTime t = m_sched->now();
  for (Direction& d : m_directions) {
    for (int n = 0; n < 256 && !d.input.empty(); ++n) {
      t += m_timing.readCost;
      sim::PacketPtr p = std::move(d.input.front());
      d.input.pop_front();
      read(d, std::move(p), t);
    }
  }
  if (t == m_sched->now()) {
    writeDue();
  } else {
    m_next = m_sched->scheduleAt(t, [this] { writeDue(); });
  }
}

void DelaylineRelay::read(Direction& d, sim::PacketPtr p, sim::SimTime at) {
  ++d.counters.received;
  sim::Node& node = m_network->node(m_relay);
  if (d.loss && d.loss->shouldDrop()) {
    ++d.counters.lost;
    node.dropped(*p, sim::DropReason::LinkLoss, m_sched->now());
    node.noteDropped(std::move(p), sim::DropReason::LinkLoss);
    return;
  }
  sim::SimTime departure = at;
  if (d.config.rateBitsPerSecond > 0) {
    while (!d.departures.empty() && d.departures.front() <= at) d.departures.pop_front();
    if (d.departures.size() >= d.config.queuePackets) {
      ++d.counters.queueDrops;
      node.dropped(*p, sim::DropReason::QueueOverflow, m_sched->now());
      node.noteDropped(std::move(p), sim::DropReason::QueueOverflow);
      return;
    }
    // relay.c: dep = max(t, link_free) + len * 8 / R, rounded to the nanosecond.
    const double serialisationNs = static_cast<double>(p->sizeBytes) * 8.0 * 1e9 / d.config.rateBitsPerSecond;
    departure = std::max(at, d.linkFree) + sim::Nanoseconds(static_cast<std::int64_t>(serialisationNs + 0.5));
    d.linkFree = departure;
    d.departures.push_back(departure);
  }
  d.delayLine.push_back({std::move(p), departure + d.config.delay});
}

void DelaylineRelay::writeDue() {
  // The loop's start: what is due now is written, client side's direction first; what falls due
  // while writing waits for the next round.
  const sim::SimTime now = m_sched->now();
  for (Direction& d : m_directions) {
    while (!d.delayLine.empty() && d.delayLine.front().due <= now) {
      m_writing.push_back(std::move(d.delayLine.front().packet));
      d.delayLine.pop_front();
      ++d.counters.written;
    }
  }
  if (m_writing.empty()) {
    pollAgain();
  } else {
    m_next = m_sched->schedule(m_timing.writeCost, [this] { writeNext(); });
  }
}

void DelaylineRelay::writeNext() {
  sim::PacketPtr p = std::move(m_writing.front());
  m_writing.pop_front();
  m_network->node(m_relay).forward(std::move(p));
  if (m_writing.empty()) {
    pollAgain();
  } else {
    m_next = m_sched->schedule(m_timing.writeCost, [this] { writeNext(); });
  }
}

sim::SimTime DelaylineRelay::earliestDue() const {
  sim::SimTime earliest = sim::SimTime::max();
  for (const Direction& d : m_directions) {
    if (!d.delayLine.empty()) earliest = std::min(earliest, d.delayLine.front().due);
  }
  return earliest;
}

void DelaylineRelay::pollAgain() {
  const sim::SimTime now = m_sched->now();
  if (!m_directions[0].input.empty() || !m_directions[1].input.empty()) {
    wakeUp();  // ppoll() finds a device readable and returns at once
    return;
  }
  const sim::SimTime due = earliestDue();
  if (due <= now) {
    writeDue();  // a zero timeout: ppoll() returns at once
    return;
  }
  m_state = State::Sleeping;
  if (due == sim::SimTime::max()) {
    m_wakeAt = sim::SimTime::max();  // relay.c wakes every 200 ms to find nothing: no event needed
    return;
  }
  m_wakeAt = due + wakeUpLatency();
  m_next = m_sched->scheduleAt(m_wakeAt, [this] { wakeUp(); });
}

}  // namespace wirelab::models::workload
