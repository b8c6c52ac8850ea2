// File: sim/net/interface.h
// One direction of a full-duplex link, owned by the sending node: a drop-tail queue, a transmitter
// of fixed rate, a propagation delay with optional jitter, and a loss model. A packet costs one
// scheduler event per hop (its arrival) plus one "transmitter free" event only while others wait
// behind it: the transmitter keeps the time it becomes free instead of an event per packet.
//
// Trace signals carry the simulated time of the fact they report. `transmitted` and a LinkLoss
// drop are emitted when the packet starts serialisation, carrying the time its last bit leaves.
#pragma once

#include <cstdint>
#include <memory>

#include "sim/core/random.h"
#include "sim/core/scheduler.h"
#include "sim/core/signal.h"
#include "sim/net/drop_tail_queue.h"
#include "sim/net/link_config.h"
#include "sim/net/loss_model.h"

namespace wirelab::sim {

class Node;

struct InterfaceCounters {
  std::uint64_t enqueued = 0;
  std::uint64_t queueDrops = 0;
  std::uint64_t lossDrops = 0;
  std::uint64_t transmittedPackets = 0;
  std::uint64_t transmittedBytes = 0;
};

class Interface {
 public:
  Interface(Scheduler& sched, Node& owner, Node& peer, const LinkConfig& config,
            std::unique_ptr<LossModel> loss, RandomStream jitterStream);
  Interface(const Interface&) = delete;
  Interface& operator=(const Interface&) = delete;

  // Queue `p` for transmission, or drop it (QueueOverflow) when the queue is full.
  void enqueue(PacketPtr p);

  Node& owner() const { return *m_owner; }
  Node& peer() const { return *m_peer; }
  const LinkConfig& config() const { return m_config; }
  const DropTailQueue& queue() const { return m_queue; }
  const InterfaceCounters& counters() const { return m_counters; }
  bool busy() const { return m_sched->now() < m_busyUntil; }

  Signal<const Packet&, SimTime> enqueued;
  Signal<const Packet&, SimTime> dequeued;
  Signal<const Packet&, SimTime> transmitted;
  Signal<const Packet&, SimTime> received;  // at the peer, after propagation
  Signal<const Packet&, DropReason, SimTime> dropped;

 private:
  void startTransmission(PacketPtr p);
  void onTransmitterFree();
  Duration drawJitter();

  Scheduler* m_sched;
  Node* m_owner;
  Node* m_peer;
  LinkConfig m_config;
  std::unique_ptr<LossModel> m_loss;
  RandomStream m_jitterStream;
  DropTailQueue m_queue;
  SimTime m_busyUntil;
  SimTime m_lastArrival;
  bool m_wakeScheduled = false;
  InterfaceCounters m_counters;
};

}  // namespace wirelab::sim
