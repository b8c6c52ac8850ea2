// File: sim/net/link_config.h
// The parameters of one direction of a link, as plain data: what a scenario file describes.
#pragma once

#include <cstdint>
#include <vector>

#include "sim/core/quantity.h"
#include "sim/core/time.h"
#include "sim/net/drop_tail_queue.h"
#include "sim/net/loss_model.h"

namespace wirelab::sim {

struct LossSpec {
  enum class Kind { None, Bernoulli, GilbertElliott, List };
  Kind kind = Kind::None;
  double probability = 0.0;                       // Bernoulli
  GilbertElliottLoss::Parameters gilbertElliott;  // GilbertElliott
  std::vector<std::uint64_t> positions;           // List: 0-based packet positions to lose
};

struct LinkConfig {
  DataRate rate = Mbps(100);
  Duration delay = Milliseconds(1);  // propagation, one way
  // Link-layer bytes added to every packet on this link (PPP: 2; Ethernet: 14 header + 4 FCS, or
  // 38 with preamble and inter-frame gap). They take serialisation time but never reach a model.
  std::uint32_t framingBytes = 0;
  // Extra per-packet delay drawn uniformly from [0, jitter]. Without reordering a packet never
  // overtakes the one before it (it waits behind it, as on a FIFO path); with reordering it may.
  Duration jitter = Duration::zero();
  bool jitterReorders = false;
  QueueLimits queue{1000, QueueLimits{}.maxBytes};
  LossSpec loss;
};

enum class DropReason : std::uint8_t { QueueOverflow, LinkLoss, NoRoute, TtlExpired, NoHandler };
const char* toString(DropReason reason);

}  // namespace wirelab::sim
