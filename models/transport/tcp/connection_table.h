// File: models/transport/tcp/connection_table.h
// The demultiplexing table of one TcpStack: (local port, remote node, remote port) packed into 64
// bits, mapped to the connection that owns it. Every arriving segment does one lookup, so with
// 100,000 connections on a node the lookup's cache misses dominate a segment's cost: a node-based
// std::unordered_map costs three dependent misses (bucket array, the node before the bucket's first
// node, the node) and an integer division. This is an open-addressing table with linear probing in
// one array of 16-byte entries: one miss, and a multiplicative hash instead of a division. The
// hash puts connections on consecutive ports into the same cache line (home()).
//
// Iteration order is not part of the interface (the only walk is destruction), so results never
// depend on where a key lands.
#pragma once

#include <cstdint>
#include <memory>
#include <utility>
#include <vector>

#include "sim/core/prefetch.h"

namespace wirelab::models::transport::tcp {

template <typename T>
class ConnectionTable {
 public:
  static constexpr std::uint64_t key(std::uint16_t localPort, std::uint32_t remoteNode,
                                     std::uint16_t remotePort) {
    return (std::uint64_t{remoteNode} << 32) | (std::uint64_t{localPort} << 16) | remotePort;
  }

  std::size_t size() const { return m_size; }

  T* find(std::uint64_t k) const {
    if (m_size == 0) return nullptr;
    for (std::size_t i = home(k);; i = (i + 1) & m_mask) {
      const Entry& e = at(i);
      if (!e.value) return nullptr;
      if (e.key == k) return e.value.get();
    }
  }

  // Where a lookup of `k` starts, for prefetching; computed without reading the table.
  sim::PrefetchTarget prefetchTarget(std::uint64_t k) const {
    return m_size == 0 ? sim::PrefetchTarget() : sim::PrefetchTarget(&at(home(k)), sizeof(Entry));
  }

  // Precondition: `k` is not in the table.
  T& insert(std::uint64_t k, std::unique_ptr<T> value) {
    // At most half full: probe sequences stay a slot or two long.
    if (2 * (m_size + 1) > capacity()) grow();
    std::size_t i = home(k);
    while (at(i).value) i = (i + 1) & m_mask;
    at(i) = Entry{k, std::move(value)};
    ++m_size;
    return *at(i).value;
  }

  // Removes `k` and hands over its value (nullptr if absent).
  std::unique_ptr<T> take(std::uint64_t k) {
    if (m_size == 0) return nullptr;
    std::size_t i = home(k);
    while (at(i).value && at(i).key != k) i = (i + 1) & m_mask;
    if (!at(i).value) return nullptr;
    std::unique_ptr<T> value = std::move(at(i).value);
    --m_size;
    // Backward-shift deletion: pull later entries of the probe run into the hole, so that lookups
    // never need tombstones.
    for (std::size_t j = (i + 1) & m_mask; at(j).value; j = (j + 1) & m_mask) {
      const std::size_t h = home(at(j).key);
      // Entry j may move to i unless its home lies cyclically in (i, j].
      const bool homeBetween = i <= j ? (h > i && h <= j) : (h > i || h <= j);
      if (homeBetween) continue;
      at(i) = std::move(at(j));
      i = j;
    }
    return value;
  }

  // Calls f(T&) for every value, in no particular order.
  template <typename F>
  void forEach(F&& f) const {
    for (const Line& line : m_lines) {
      for (const Entry& e : line.entries) {
        if (e.value) f(*e.value);
      }
    }
  }

  void clear() {
    m_lines.clear();
    m_mask = 0;
    m_shift = 64;
    m_size = 0;
  }

 private:
  struct Entry {
    std::uint64_t key = 0;
    std::unique_ptr<T> value;  // null: an empty slot
  };

  // The entries, four to a cache-aligned line: none straddles two lines, and the four that share a
  // line come from memory together.
  static constexpr std::size_t kEntriesPerLine = 4;
  struct alignas(64) Line {
    Entry entries[kEntriesPerLine];
  };
  static_assert(sizeof(Line) == 64);
  Entry& at(std::size_t i) { return m_lines[i / kEntriesPerLine].entries[i % kEntriesPerLine]; }
  const Entry& at(std::size_t i) const { return m_lines[i / kEntriesPerLine].entries[i % kEntriesPerLine]; }
  std::size_t capacity() const { return m_lines.size() * kEntriesPerLine; }

  // Keys that differ only in the low two bits of their ports share a line: connections opened one
  // after another (consecutive ephemeral ports, at the client or at the server) are often busy at
  // about the same time, so one line brought from memory serves four of them. Fibonacci hashing of
  // the rest of the key (the high bits of key * 2^64/phi) spreads the lines over the table.
  std::size_t home(std::uint64_t k) const {
    constexpr std::uint64_t kPortLowBits = 0x0003'0003;  // bits 0-1 of the remote and local ports
    const std::uint64_t line = ((k & ~kPortLowBits) * 0x9E3779B97F4A7C15ull) >> m_shift;
    const std::uint64_t within = (k ^ (k >> 16)) & 3;
    return static_cast<std::size_t>(line * kEntriesPerLine + within) & m_mask;
  }

  void grow() {
    std::vector<Line> old = std::move(m_lines);
    const std::size_t lines = old.empty() ? 4 : 2 * old.size();
    m_lines = std::vector<Line>(lines);
    m_mask = capacity() - 1;
    m_shift = 64 - __builtin_ctzll(lines);
    m_size = 0;
    for (Line& line : old) {
      for (Entry& e : line.entries) {
        if (e.value) insert(e.key, std::move(e.value));
      }
    }
  }

  std::vector<Line> m_lines;
  std::size_t m_mask = 0;
  int m_shift = 64;
  std::size_t m_size = 0;
};

}  // namespace wirelab::models::transport::tcp
