// File: sim/core/signal.h
// A trace source: a model emits, collectors subscribe, and the model never knows who listens (the
// role of ns-3's TraceSource). Emitting with no subscriber costs one branch, so models can emit on
// every packet. Subscribing allocates; emitting never does.
//
//   Signal<const Packet&, SimTime> dropped;            // in the model
//   dropped.connect([&](const Packet& p, SimTime t) { ... });   // in a collector
#pragma once

#include <cstddef>
#include <functional>
#include <utility>
#include <vector>

namespace wirelab::sim {

template <typename... Args>
class Signal {
 public:
  using Slot = std::function<void(Args...)>;

  // Returns the subscription's index, for disconnect().
  std::size_t connect(Slot slot) {
    m_slots.push_back(std::move(slot));
    return m_slots.size() - 1;
  }
  void disconnect(std::size_t index) {
    if (index < m_slots.size()) m_slots[index] = nullptr;
  }
  bool hasSubscribers() const { return !m_slots.empty(); }

  void operator()(Args... args) const {
    if (m_slots.empty()) return;
    for (const Slot& slot : m_slots) {
      if (slot) slot(args...);
    }
  }

 private:
  std::vector<Slot> m_slots;
};

}  // namespace wirelab::sim
