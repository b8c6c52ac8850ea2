// File: sim/core/signal.h
// A trace source: a model emits, collectors subscribe, and the model never knows who listens (the
// role of ns-3's TraceSource). Emitting with no subscriber costs one branch, so models can emit on
// every packet. Subscribing allocates; emitting never does.
//
//   Signal<const Packet&, SimTime> dropped;            // in the model
//   dropped.connect([&](const Packet& p, SimTime t) { ... });   // in a collector
//
// Why the slots sit behind a pointer: most sources never get a subscriber (a TCP connection has
// four, and a run of 100,000 connections traces none of them), so an unsubscribed Signal is one
// null pointer, 8 bytes instead of an empty vector's 24. Every byte of a connection is a byte the
// many-client runs fault in and carry through the caches (bench/README.md, ninth pass).
#pragma once

#include <cstddef>
#include <functional>
#include <memory>
#include <utility>
#include <vector>

namespace wirelab::sim {

template <typename... Args>
class Signal {
 public:
  using Slot = std::function<void(Args...)>;

  // Returns the subscription's index, for disconnect().
  std::size_t connect(Slot slot) {
    if (!m_slots) m_slots = std::make_unique<std::vector<Slot>>();
    m_slots->push_back(std::move(slot));
    return m_slots->size() - 1;
  }
  void disconnect(std::size_t index) {
    if (m_slots && index < m_slots->size()) (*m_slots)[index] = nullptr;
  }
  bool hasSubscribers() const { return m_slots != nullptr; }

  void operator()(Args... args) const {
    if (!m_slots) return;
    for (const Slot& slot : *m_slots) {
      if (slot) slot(args...);
    }
  }

 private:
  std::unique_ptr<std::vector<Slot>> m_slots;  // null until the first connect()
};
static_assert(sizeof(Signal<int>) == sizeof(void*), "an unsubscribed Signal is one pointer");

}  // namespace wirelab::sim
