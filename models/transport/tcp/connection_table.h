// File: models/transport/tcp/connection_table.h
// The demultiplexing table of one TcpStack: (local port, remote node, remote port) packed into 64
// bits, mapped to the connection that owns it. Every arriving segment does one lookup, so with
// 100,000 connections on a node the lookup's cache misses dominate a segment's cost: a node-based
// std::unordered_map costs three dependent misses (bucket array, the node before the bucket's first
// node, the node) and an integer division. This is an open-addressing table with linear probing in
// one array of 16-byte entries: one miss, and a multiplicative hash instead of a division.
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
      const Entry& e = m_entries[i];
      if (!e.value) return nullptr;
      if (e.key == k) return e.value.get();
    }
  }

  // Where a lookup of `k` starts, for prefetching; computed without reading the table.
  sim::PrefetchTarget prefetchTarget(std::uint64_t k) const {
    return m_size == 0 ? sim::PrefetchTarget() : sim::PrefetchTarget(&m_entries[home(k)], sizeof(Entry));
  }

  // Precondition: `k` is not in the table.
  T& insert(std::uint64_t k, std::unique_ptr<T> value) {
    // At most half full: probe sequences stay a slot or two long.
    if (2 * (m_size + 1) > m_entries.size()) grow();
    std::size_t i = home(k);
    while (m_entries[i].value) i = (i + 1) & m_mask;
    m_entries[i] = Entry{k, std::move(value)};
    ++m_size;
    return *m_entries[i].value;
  }

  // Removes `k` and hands over its value (nullptr if absent).
  std::unique_ptr<T> take(std::uint64_t k) {
    if (m_size == 0) return nullptr;
    std::size_t i = home(k);
    while (m_entries[i].value && m_entries[i].key != k) i = (i + 1) & m_mask;
    if (!m_entries[i].value) return nullptr;
    std::unique_ptr<T> value = std::move(m_entries[i].value);
    --m_size;
    // Backward-shift deletion: pull later entries of the probe run into the hole, so that lookups
    // never need tombstones.
    for (std::size_t j = (i + 1) & m_mask; m_entries[j].value; j = (j + 1) & m_mask) {
      const std::size_t h = home(m_entries[j].key);
      // Entry j may move to i unless its home lies cyclically in (i, j].
      const bool homeBetween = i <= j ? (h > i && h <= j) : (h > i || h <= j);
      if (homeBetween) continue;
      m_entries[i] = std::move(m_entries[j]);
      i = j;
    }
    return value;
  }

  // Calls f(T&) for every value, in no particular order.
  template <typename F>
  void forEach(F&& f) const {
    for (const Entry& e : m_entries) {
      if (e.value) f(*e.value);
    }
  }

  void clear() {
    m_entries.clear();
    m_mask = 0;
    m_shift = 64;
    m_size = 0;
  }

 private:
  struct Entry {
    std::uint64_t key = 0;
    std::unique_ptr<T> value;  // null: an empty slot
  };

  // Fibonacci hashing: the high bits of key * 2^64/phi spread ports and nodes over the table.
  std::size_t home(std::uint64_t k) const {
    return static_cast<std::size_t>((k * 0x9E3779B97F4A7C15ull) >> m_shift) & m_mask;
  }

  void grow() {
    std::vector<Entry> old = std::move(m_entries);
    const std::size_t capacity = old.empty() ? 16 : 2 * old.size();
    m_entries = std::vector<Entry>(capacity);
    m_mask = capacity - 1;
    m_shift = 64 - __builtin_ctzll(capacity);
    m_size = 0;
    for (Entry& e : old) {
      if (e.value) insert(e.key, std::move(e.value));
    }
  }

  std::vector<Entry> m_entries;
  std::size_t m_mask = 0;
  int m_shift = 64;
  std::size_t m_size = 0;
};

}  // namespace wirelab::models::transport::tcp
