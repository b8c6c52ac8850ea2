// File: sim/core/inline_function.h
// A move-only `void()` callable stored inline in a fixed buffer: the scheduler's event payload.
// It never allocates; a callable that does not fit is a compile error, so the hot path stays free
// of heap traffic. Capture a pointer and a few values, not containers.
#pragma once

#include <cassert>
#include <cstddef>
#include <new>
#include <type_traits>
#include <utility>

namespace wirelab::sim {

// `Align` bounds the alignment of the callables it takes; a smaller one (8, enough for captured
// pointers and integers) keeps a small InlineFunction from being padded to 16 bytes.
template <std::size_t Capacity, std::size_t Align = alignof(std::max_align_t)>
class InlineFunction {
 public:
  InlineFunction() = default;

  template <typename F, typename = std::enable_if_t<!std::is_same_v<std::decay_t<F>, InlineFunction>>>
  InlineFunction(F&& f) {  // NOLINT(google-explicit-constructor): a callable converts implicitly.
    construct(std::forward<F>(f));
  }

  InlineFunction(InlineFunction&& other) noexcept { moveFrom(other); }
  InlineFunction& operator=(InlineFunction&& other) noexcept {
    if (this != &other) {
      reset();
      moveFrom(other);
    }
    return *this;
  }
  InlineFunction(const InlineFunction&) = delete;
  InlineFunction& operator=(const InlineFunction&) = delete;
  ~InlineFunction() { reset(); }

  // Replaces the held callable by constructing `f` in place, without an intermediate move.
  template <typename F>
  void emplace(F&& f) {
    if constexpr (std::is_same_v<std::decay_t<F>, InlineFunction>) {
      *this = std::forward<F>(f);
    } else {
      reset();
      construct(std::forward<F>(f));
    }
  }

  // Constructs `f` over whatever is held without destroying it (nor, in release builds, reading
  // it): only for an InlineFunction that is empty or holds a trivially destructible callable. The
  // scheduler's free slots are such, and usually cold: this writes the slot without first waiting
  // for it. Debug builds check the precondition (a read of the slot the release build avoids).
  template <typename F>
  void constructOverTrivial(F&& f) {
    assert(holdsNothingToDestroy());
    construct(std::forward<F>(f));
  }
  // Whether constructOverTrivial() may be used: nothing is held whose destructor it would skip.
  bool holdsNothingToDestroy() const { return m_ops == nullptr || m_ops->trivialDestroy; }

  explicit operator bool() const { return m_ops != nullptr; }
  void operator()() { m_ops->invoke(m_storage); }

  void reset() {
    if (m_ops != nullptr) {
      m_ops->destroy(m_storage);
      m_ops = nullptr;
    }
  }

 private:
  struct Ops {
    void (*invoke)(void*);
    void (*moveTo)(void* from, void* to);
    void (*destroy)(void*);
    bool trivialDestroy;  // skipping destroy() loses nothing (constructOverTrivial)
  };

  template <typename Fn>
  static constexpr Ops opsFor = {
      [](void* p) { (*static_cast<Fn*>(p))(); },
      [](void* from, void* to) {
        ::new (to) Fn(std::move(*static_cast<Fn*>(from)));
        static_cast<Fn*>(from)->~Fn();
      },
      [](void* p) { static_cast<Fn*>(p)->~Fn(); },
      std::is_trivially_destructible_v<Fn>,
  };

  template <typename F>
  void construct(F&& f) {
    using Fn = std::decay_t<F>;
    static_assert(sizeof(Fn) <= Capacity,
                  "callable too large for an inline event: capture a pointer to state instead");
    static_assert(alignof(Fn) <= Align, "over-aligned callable");
    static_assert(std::is_nothrow_move_constructible_v<Fn>, "callable must be nothrow-movable");
    ::new (static_cast<void*>(m_storage)) Fn(std::forward<F>(f));
    m_ops = &opsFor<Fn>;
  }

  void moveFrom(InlineFunction& other) {
    if (other.m_ops != nullptr) {
      other.m_ops->moveTo(other.m_storage, m_storage);
      m_ops = other.m_ops;
      other.m_ops = nullptr;
    }
  }

  alignas(Align) std::byte m_storage[Capacity];
  const Ops* m_ops = nullptr;
};

}  // namespace wirelab::sim
