// File: models/pubsub/seen_messages.h
// Which messages a subscriber has received, so that a redelivery (a QoS 1 duplicate, MQTT 3.1.1
// section 4.3.2) is told apart from a first delivery. Per publisher: a base below which every
// sequence number was received, and a 64-bit window of the numbers above it; a number beyond the
// window (a message that overtook 64 others of its publisher, which a run rarely sees) goes into a
// sorted list until the window reaches it. In-order delivery keeps it at one base and one word,
// inside the subscriber. The per-publisher bit vectors it replaces were two heap allocations per
// subscriber, which every delivery read; they were cheap only because a run happened to allocate
// them in the order a fan-out visits the subscribers (bench/README.md, twelfth pass).
#pragma once

#include <cstdint>
#include <memory>
#include <vector>

#include "models/pubsub/pubsub_types.h"
#include "sim/core/small_vector.h"

namespace wirelab::models::pubsub {

class SeenMessages {
 public:
  // Records `id` as received; returns whether it had been received before.
  bool insert(MessageId id);
  bool contains(MessageId id) const;

 private:
  static constexpr std::uint64_t kWindow = 64;
  struct Window {
    std::uint64_t base = 0;  // every sequence number below it was received
    std::uint64_t bits = 0;  // bit i: base + i was received (bit 0 is always clear)
  };
  // Moves the base past the received numbers at the window's start, and takes into the window the
  // numbers of m_beyond it now reaches.
  void advance(std::uint32_t publisher, Window& w);
  static std::uint64_t beyondKey(std::uint32_t publisher, std::uint64_t sequence) {
    return (std::uint64_t{publisher} << 32) | sequence;
  }

  sim::SmallVector<Window, 1> m_windows;  // by publisher
  // beyondKey()s of numbers past their window, sorted; made on first use (8 bytes until then).
  std::unique_ptr<std::vector<std::uint64_t>> m_beyond;
};

}  // namespace wirelab::models::pubsub
