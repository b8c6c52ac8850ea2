// File: models/messaging/message_queue.h
// The FIFO of message descriptors in flight in one direction of one connection. Request/response
// and publish/subscribe traffic keep one or two messages in flight per connection, and a run may
// hold 100,000 connections: std::deque allocated a 512-byte block and a map for every queue, even
// an empty one, and reallocated a block every few messages. This ring buffer keeps the first
// `InlineCapacity` descriptors inside the queue itself (no allocation, no extra cache line) and
// moves to a heap ring of doubling capacity only when more are in flight at once.
#pragma once

#include <array>
#include <cstddef>
#include <cstdint>
#include <memory>
#include <utility>

namespace wirelab::models::messaging {

template <typename T, std::size_t InlineCapacity = 2>
class MessageQueue {
  static_assert(InlineCapacity > 0 && (InlineCapacity & (InlineCapacity - 1)) == 0,
                "the inline capacity is a power of two (indices wrap with a mask)");

 public:
  MessageQueue() = default;
  MessageQueue(const MessageQueue&) = delete;
  MessageQueue& operator=(const MessageQueue&) = delete;

  bool empty() const { return m_size == 0; }
  std::size_t size() const { return m_size; }

  T& front() { return data()[m_head]; }
  const T& front() const { return data()[m_head]; }

  void push_back(T value) {
    if (m_size == m_capacity) grow();
    data()[(m_head + m_size) & (m_capacity - 1)] = std::move(value);
    ++m_size;
  }

  void pop_front() {
    data()[m_head] = T{};  // release whatever the descriptor owns now, as std::deque would
    m_head = (m_head + 1) & (m_capacity - 1);
    --m_size;
  }

  // Oldest first.
  class const_iterator {
   public:
    const_iterator(const MessageQueue* q, std::size_t i) : m_q(q), m_i(i) {}
    const T& operator*() const { return m_q->data()[(m_q->m_head + m_i) & (m_q->m_capacity - 1)]; }
    const T* operator->() const { return &**this; }
    const_iterator& operator++() {
      ++m_i;
      return *this;
    }
    bool operator==(const const_iterator& other) const { return m_i == other.m_i; }

   private:
    const MessageQueue* m_q;
    std::size_t m_i;
  };
  const_iterator begin() const { return {this, 0}; }
  const_iterator end() const { return {this, m_size}; }

 private:
  T* data() { return m_heap ? m_heap.get() : m_inline.data(); }
  const T* data() const { return m_heap ? m_heap.get() : m_inline.data(); }

  void grow() {
    const std::uint32_t capacity = 2 * m_capacity;
    auto bigger = std::make_unique<T[]>(capacity);
    for (std::uint32_t i = 0; i < m_size; ++i) bigger[i] = std::move(data()[(m_head + i) & (m_capacity - 1)]);
    m_inline = {};
    m_heap = std::move(bigger);
    m_capacity = capacity;
    m_head = 0;
  }

  std::array<T, InlineCapacity> m_inline{};
  std::unique_ptr<T[]> m_heap;  // once more than InlineCapacity were in flight at once
  std::uint32_t m_capacity = InlineCapacity;
  std::uint32_t m_head = 0;
  std::uint32_t m_size = 0;
};

}  // namespace wirelab::models::messaging
