// File: sim/core/small_function.h
// A copyable callable like std::function in half its size: 16 bytes, an operations pointer and one
// word. A callable of one word (a lambda that captures `this` or one reference, a function
// pointer) lives in that word; a larger one is copied to the heap once, when it is assigned, and
// the word points to it. Calling that one follows a pointer: where a callback runs on every
// message, capture one pointer (a record that points back to its owner) rather than two.
//
// Why: a model's per-connection callbacks (a TCP connection's onData and five more, its message
// endpoint's four) are set once and called often, and nearly all capture one pointer. As
// std::function they took 32 bytes each; a many-client run holds 200,000 connections, and every
// byte of a connection is a byte to fault in and carry through the caches (bench/README.md,
// ninth pass).
//
//   SmallFunction<void(std::uint64_t)> onData = [this](std::uint64_t n) { received(n); };
//   if (onData) onData(1460);
#pragma once

#include <cstddef>
#include <new>
#include <type_traits>
#include <utility>

namespace wirelab::sim {

template <typename Signature>
class SmallFunction;

template <typename R, typename... Args>
class SmallFunction<R(Args...)> {
 public:
  SmallFunction() = default;
  SmallFunction(std::nullptr_t) {}  // NOLINT(google-explicit-constructor): as std::function's

  template <typename F, typename Fn = std::decay_t<F>,
            typename = std::enable_if_t<!std::is_same_v<Fn, SmallFunction> &&
                                        std::is_invocable_r_v<R, Fn&, Args...>>>
  SmallFunction(F&& f) {  // NOLINT(google-explicit-constructor): a callable converts implicitly.
    // (A function named directly is never null, and the compiler says so if asked.)
    if constexpr (std::is_constructible_v<bool, const Fn&> &&
                  !std::is_function_v<std::remove_reference_t<F>>) {
      if (!static_cast<bool>(f)) return;  // a null function pointer or an empty std::function
    }
    if constexpr (fitsInline<Fn>()) {
      ::new (static_cast<void*>(m_storage)) Fn(std::forward<F>(f));
      m_ops = &kInlineOps<Fn>;
    } else {
      ::new (static_cast<void*>(m_storage)) void*(new Fn(std::forward<F>(f)));
      m_ops = &kHeapOps<Fn>;
    }
  }

  SmallFunction(const SmallFunction& other) : m_ops(other.m_ops) {
    if (m_ops != nullptr) m_ops->copy(other.m_storage, m_storage);
  }
  SmallFunction(SmallFunction&& other) noexcept : m_ops(std::exchange(other.m_ops, nullptr)) {
    if (m_ops != nullptr) m_ops->move(other.m_storage, m_storage);
  }
  SmallFunction& operator=(const SmallFunction& other) {
    if (this != &other) *this = SmallFunction(other);
    return *this;
  }
  SmallFunction& operator=(SmallFunction&& other) noexcept {
    if (this != &other) {
      reset();
      m_ops = std::exchange(other.m_ops, nullptr);
      if (m_ops != nullptr) m_ops->move(other.m_storage, m_storage);
    }
    return *this;
  }
  SmallFunction& operator=(std::nullptr_t) {
    reset();
    return *this;
  }
  template <typename F, typename Fn = std::decay_t<F>,
            typename = std::enable_if_t<!std::is_same_v<Fn, SmallFunction> &&
                                        std::is_invocable_r_v<R, Fn&, Args...>>>
  SmallFunction& operator=(F&& f) {
    return *this = SmallFunction(std::forward<F>(f));
  }
  ~SmallFunction() { reset(); }

  explicit operator bool() const { return m_ops != nullptr; }
  // Const like std::function's: calling does not change which callable is held.
  R operator()(Args... args) const {
    return m_ops->invoke(const_cast<unsigned char*>(m_storage), std::forward<Args>(args)...);
  }

 private:
  struct Ops {
    R (*invoke)(void* storage, Args&&... args);
    void (*copy)(const void* from, void* to);
    void (*move)(void* from, void* to);  // leaves `from` with nothing to destroy
    void (*destroy)(void* storage);
  };

  template <typename Fn>
  static constexpr bool fitsInline() {
    return sizeof(Fn) <= kInlineBytes && alignof(Fn) <= alignof(void*) &&
           std::is_nothrow_move_constructible_v<Fn>;
  }

  template <typename Fn>
  static constexpr Ops kInlineOps = {
      [](void* s, Args&&... args) -> R {
        return (*std::launder(static_cast<Fn*>(s)))(std::forward<Args>(args)...);
      },
      [](const void* from, void* to) { ::new (to) Fn(*std::launder(static_cast<const Fn*>(from))); },
      [](void* from, void* to) {
        Fn* source = std::launder(static_cast<Fn*>(from));
        ::new (to) Fn(std::move(*source));
        source->~Fn();
      },
      [](void* s) { std::launder(static_cast<Fn*>(s))->~Fn(); },
  };

  // The word holds a void* to the callable.
  template <typename Fn>
  static Fn* heapCallable(const void* storage) {
    return static_cast<Fn*>(*std::launder(static_cast<void* const*>(storage)));
  }
  template <typename Fn>
  static constexpr Ops kHeapOps = {
      [](void* s, Args&&... args) -> R { return (*heapCallable<Fn>(s))(std::forward<Args>(args)...); },
      [](const void* from, void* to) { ::new (to) void*(new Fn(*heapCallable<Fn>(from))); },
      [](void* from, void* to) { ::new (to) void*(heapCallable<Fn>(from)); },
      [](void* s) { delete heapCallable<Fn>(s); },
  };

  void reset() {
    if (m_ops != nullptr) {
      // Cleared first: destroying the callable may reach this object again (a callback whose
      // captures own the object that holds it).
      const Ops* ops = std::exchange(m_ops, nullptr);
      ops->destroy(m_storage);
    }
  }

  static constexpr std::size_t kInlineBytes = sizeof(void*);
  const Ops* m_ops = nullptr;
  alignas(void*) unsigned char m_storage[kInlineBytes];
};

static_assert(sizeof(SmallFunction<void()>) == 2 * sizeof(void*), "an operations pointer and one word");

}  // namespace wirelab::sim
