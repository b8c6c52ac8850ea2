#include "sim/net/interface.h"

#include <utility>

#include "sim/net/node.h"
#include "sim/net/packet.h"

namespace wirelab::sim {

const char* toString(DropReason reason) {
  switch (reason) {
    case DropReason::QueueOverflow:
      return "queue overflow";
    case DropReason::LinkLoss:
      return "link loss";
    case DropReason::NoRoute:
      return "no route";
    case DropReason::TtlExpired:
      return "ttl expired";
    case DropReason::NoHandler:
      return "no handler";
  }
  return "unknown";
}

Interface::Interface(Scheduler& sched, Node& owner, Node& peer, const LinkConfig& config,
                     std::unique_ptr<LossModel> loss, RandomStream jitterStream)
    : m_sched(&sched),
      m_owner(&owner),
      m_peer(&peer),
      m_config(config),
      m_loss(std::move(loss)),
      m_jitterStream(jitterStream),
      m_queue(config.queue) {}

void Interface::enqueue(PacketPtr p) {
  const SimTime now = m_sched->now();
  // An idle transmitter with nobody waiting takes the packet straight away; it still counts as an
  // enqueue and dequeue at the same instant, so waiting-time collectors see a zero wait.
  if (m_queue.empty() && now >= m_busyUntil) {
    ++m_counters.enqueued;
    enqueued(*p, now);
    startTransmission(std::move(p));
    return;
  }
  if (!m_queue.wouldAccept(*p)) {
    ++m_counters.queueDrops;
    dropped(*p, DropReason::QueueOverflow, now);
    m_owner->noteDropped(std::move(p), DropReason::QueueOverflow);
    return;
  }
  ++m_counters.enqueued;
  enqueued(*p, now);
  m_queue.push(std::move(p));
  if (!m_wakeScheduled) {
    m_wakeScheduled = true;
    m_sched->scheduleAt(m_busyUntil, [this] { onTransmitterFree(); });
  }
}

void Interface::onTransmitterFree() {
  m_wakeScheduled = false;
  startTransmission(m_queue.pop());
  if (!m_queue.empty()) {
    m_wakeScheduled = true;
    m_sched->scheduleAt(m_busyUntil, [this] { onTransmitterFree(); });
  }
}

Duration Interface::drawJitter() {
  const std::int64_t maxNs = m_config.jitter.nanoseconds();
  if (maxNs <= 0) return Duration::zero();
  return Nanoseconds(
      static_cast<std::int64_t>(m_jitterStream.uniformBelow(static_cast<std::uint64_t>(maxNs) + 1)));
}

void Interface::startTransmission(PacketPtr p) {
  const SimTime now = m_sched->now();
  dequeued(*p, now);
  const SimTime lastBitOut =
      now + transmissionTime(Bytes(p->sizeBytes + m_config.framingBytes), m_config.rate);
  m_busyUntil = lastBitOut;
  ++m_counters.transmittedPackets;
  m_counters.transmittedBytes += p->sizeBytes;
  transmitted(*p, lastBitOut);

  if (m_loss && m_loss->shouldDrop()) {
    ++m_counters.lossDrops;
    dropped(*p, DropReason::LinkLoss, lastBitOut);
    m_owner->noteDropped(std::move(p), DropReason::LinkLoss);
    return;
  }
  SimTime arrival = lastBitOut + m_config.delay + drawJitter();
  if (!m_config.jitterReorders && arrival < m_lastArrival) arrival = m_lastArrival;
  m_lastArrival = arrival;
  // At the packet's destination the arrival runs the protocol's model; on the way, only the packet.
  PrefetchHint hint;
  if (m_sched->wantsPrefetchHints()) {
    hint = p->destination == m_peer->id() ? m_peer->arrivalHint(*p) : PrefetchHint{{p->prefetchTarget()}};
  }
  m_sched->scheduleAt(
      arrival,
      [this, packet = std::move(p)]() mutable {
        received(*packet, m_sched->now());
        m_peer->receive(std::move(packet));
      },
      hint);
}

}  // namespace wirelab::sim
