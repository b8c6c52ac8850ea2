// File: sim/core/small_vector.h
// A vector of trivially copyable elements whose first N live inside the object. For per-connection
// state that is usually tiny (the one or two segments a request/response connection has in flight)
// but occasionally large (a bulk flow's window): the common case then costs neither an allocation
// nor a cache miss on a separate buffer, which matters when a run holds 100,000 connections.
//
//   SmallVector<Segment, 2> sent;
//   sent.push_back(s);
#pragma once

#include <algorithm>
#include <cstddef>
#include <cstdint>
#include <cstring>
#include <memory>
#include <type_traits>

namespace wirelab::sim {

template <typename T, std::size_t N>
class SmallVector {
  static_assert(std::is_trivially_copyable_v<T> && std::is_trivially_destructible_v<T>,
                "SmallVector moves its elements with memcpy");
  static_assert(N > 0);

 public:
  using iterator = T*;
  using const_iterator = const T*;

  SmallVector() {}
  SmallVector(const SmallVector&) = delete;
  SmallVector& operator=(const SmallVector&) = delete;
  ~SmallVector() {
    if (onHeap()) delete[] m_heap;
  }

  std::size_t size() const { return m_size; }
  bool empty() const { return m_size == 0; }
  std::size_t capacity() const { return onHeap() ? m_capacity : N; }

  T* data() { return onHeap() ? m_heap : reinterpret_cast<T*>(m_inline); }
  const T* data() const { return onHeap() ? m_heap : reinterpret_cast<const T*>(m_inline); }
  T* begin() { return data(); }
  T* end() { return data() + m_size; }
  const T* begin() const { return data(); }
  const T* end() const { return data() + m_size; }
  T& operator[](std::size_t i) { return data()[i]; }
  const T& operator[](std::size_t i) const { return data()[i]; }
  T& back() { return data()[m_size - 1]; }
  const T& back() const { return data()[m_size - 1]; }

  void push_back(const T& value) {
    if (m_size == capacity()) grow();
    data()[m_size++] = value;
  }

  // Removes [first, last), keeping the order of what follows.
  T* erase(T* first, T* last) {
    const auto tail = static_cast<std::size_t>(end() - last);
    if (first != last && tail > 0) std::memmove(static_cast<void*>(first), last, tail * sizeof(T));
    m_size -= static_cast<std::uint32_t>(last - first);
    return first;
  }

  // Keeps the capacity, as std::vector does.
  void clear() { m_size = 0; }

 private:
  bool onHeap() const { return m_capacity != 0; }
  void grow() {
    const std::size_t capacity = 2 * this->capacity();
    T* bigger = std::make_unique_for_overwrite<T[]>(capacity).release();
    std::memcpy(static_cast<void*>(bigger), data(), m_size * sizeof(T));
    if (onHeap()) delete[] m_heap;
    m_heap = bigger;  // over the inline elements, copied just now
    m_capacity = static_cast<std::uint32_t>(capacity);
  }

  // The first N elements live inline. Once more were held at once, all of them live on the heap
  // and the inline bytes hold the pointer to them instead: the object is the inline elements and
  // two counts, with no pointer of its own beside them (8 bytes of each of 100,000 connections).
  union {
    alignas(T) unsigned char m_inline[N * sizeof(T)];
    T* m_heap;
  };
  std::uint32_t m_size = 0;
  std::uint32_t m_capacity = 0;  // of m_heap; 0 while the elements are inline
};

}  // namespace wirelab::sim
