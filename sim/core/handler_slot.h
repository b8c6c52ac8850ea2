// File: sim/core/handler_slot.h
// Where a model object keeps the one handler of its events (TcpConnection::Handler,
// MessageEndpoint::Handler): a pointer to an object the application lends, or to a handler of
// callables the model made on request and owns (callbacks()).
//
// Why one pointer: such objects exist by the hundred thousand, and the handler is read on every
// delivery. Whether the slot owns its handler is the pointer's low bit (a handler, polymorphic,
// is at least pointer-aligned), so the slot is 8 bytes and no flag sits beside it.
//
//   struct Callbacks final : Handler { SmallFunction<void()> onEvent; void event() override {...} };
//   sim::HandlerSlot<Handler, Callbacks> m_handler;
//   m_handler.set(&applicationObject);     // lent: never deleted
//   m_handler.callbacks().onEvent = [...];  // made once and owned, replacing a lent one
//   if (Handler* h = m_handler.get()) h->event();
#pragma once

#include <cstdint>
#include <type_traits>

namespace wirelab::sim {

template <typename Handler, typename Callbacks>
class HandlerSlot {
  static_assert(std::is_base_of_v<Handler, Callbacks>, "Callbacks is a kind of Handler");

 public:
  HandlerSlot() = default;
  HandlerSlot(const HandlerSlot&) = delete;
  HandlerSlot& operator=(const HandlerSlot&) = delete;
  ~HandlerSlot() { set(nullptr); }

  Handler* get() const { return reinterpret_cast<Handler*>(m_bits & ~kOwned); }

  // `handler` is called from now on (nullptr: nobody). Callbacks this slot made are destroyed,
  // unless `handler` is them: never from inside one of their own callables, which would go with
  // them.
  void set(Handler* handler) {
    const bool keepOwned = owned() && handler == get();
    if (owned() && !keepOwned) delete static_cast<Callbacks*>(get());
    m_bits = reinterpret_cast<std::uintptr_t>(handler) | (keepOwned ? kOwned : 0);
  }

  // The slot's own Callbacks, made on the first call (with `new`: a cluster-allocated Callbacks
  // joins the active allocation cluster's block) and set as the handler.
  Callbacks& callbacks() {
    if (!owned()) {
      auto* made = new Callbacks;
      set(made);
      m_bits |= kOwned;
    }
    return *static_cast<Callbacks*>(get());
  }

 private:
  static constexpr std::uintptr_t kOwned = 1;
  bool owned() const { return (m_bits & kOwned) != 0; }

  std::uintptr_t m_bits = 0;
};

}  // namespace wirelab::sim
