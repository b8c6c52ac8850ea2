// File: models/pubsub/outbox.h
// The sending side of one direction of an MQTT session (broker -> subscriber, or publisher ->
// broker): messages waiting to go out, and the QoS 1 messages sent but not yet acknowledged with
// a PUBACK (MQTT 3.1.1 section 4.3.2; the session state of section 3.1.2.4).
//
// QoS 0 messages leave the outbox when sent. A QoS 1 message takes a Packet Identifier, unused
// among the unacknowledged ones (section 2.3.1), and stays until its PUBACK; at most `maxInflight`
// are unacknowledged at once (MQTT 5.0 Receive Maximum, section 3.3.4). Order is kept: nothing
// overtakes a message waiting for window space. Both containers are vectors so that an idle
// session costs no heap memory (a broker may hold 100,000 of them).
#pragma once

#include <cstdint>
#include <optional>
#include <vector>

#include "models/pubsub/pubsub_types.h"

namespace wirelab::models::pubsub {

class Outbox {
 public:
  struct Unacknowledged {
    Publication publication;
    std::uint16_t packetId = 0;
    sim::SimTime lastSentAt;
  };
  struct Outgoing {
    Publication publication;
    std::uint16_t packetId = 0;  // 0 for QoS 0
  };

  Outbox(std::uint32_t maxInflight, std::uint32_t maxQueued)
      : m_maxInflight(maxInflight), m_maxQueued(maxQueued) {}

  // False (and nothing queued) when the queue is full.
  bool enqueue(const Publication& p) {
    if (queued() >= m_maxQueued) return false;
    m_queue.push_back(p);
    return true;
  }

  // The next message that may go out now, if any; a QoS 1 message becomes unacknowledged.
  std::optional<Outgoing> takeNext(sim::SimTime now) {
    if (m_head == m_queue.size()) return std::nullopt;
    const Publication& p = m_queue[m_head];
    Outgoing out{p, 0};
    if (p.qos == Qos::AtLeastOnce) {
      if (m_inflight.size() >= m_maxInflight) return std::nullopt;
      out.packetId = allocatePacketId();
      m_inflight.push_back({p, out.packetId, now});
    }
    ++m_head;
    if (m_head == m_queue.size()) {
      m_queue.clear();
      m_head = 0;
    } else if (m_head >= 64 && m_head * 2 >= m_queue.size()) {
      m_queue.erase(m_queue.begin(), m_queue.begin() + static_cast<std::ptrdiff_t>(m_head));
      m_head = 0;
    }
    return out;
  }

  // PUBACK: forgets the message. Returns it, or nullopt for an identifier not in use.
  std::optional<Publication> acknowledge(std::uint16_t packetId) {
    for (std::size_t i = 0; i < m_inflight.size(); ++i) {
      if (m_inflight[i].packetId != packetId) continue;
      const Publication p = m_inflight[i].publication;
      m_inflight.erase(m_inflight.begin() + static_cast<std::ptrdiff_t>(i));
      if (m_inflight.empty()) m_inflight.shrink_to_fit();
      return p;
    }
    return std::nullopt;
  }

  // Unacknowledged messages, oldest send first. markResent() moves the oldest to the back.
  const std::vector<Unacknowledged>& inflight() const { return m_inflight; }
  void markAllResent(sim::SimTime now) {
    for (Unacknowledged& u : m_inflight) u.lastSentAt = now;
  }
  void markOldestResent(sim::SimTime now) {
    Unacknowledged u = m_inflight.front();
    u.lastSentAt = now;
    m_inflight.erase(m_inflight.begin());
    m_inflight.push_back(u);
  }

  // A clean session ends: everything it held, for the caller to count.
  std::vector<Publication> discardAll() {
    std::vector<Publication> all;
    for (const Unacknowledged& u : m_inflight) all.push_back(u.publication);
    for (std::size_t i = m_head; i < m_queue.size(); ++i) all.push_back(m_queue[i]);
    m_inflight = {};
    m_queue = {};
    m_head = 0;
    return all;
  }

  // Starts loading the memory the next enqueue() writes (a fan-out prefetches ahead).
  void prefetchTail() const {
    if (m_queue.capacity() > m_queue.size()) __builtin_prefetch(m_queue.data() + m_queue.size(), 1);
  }

  std::size_t queued() const { return m_queue.size() - m_head; }
  std::size_t unacknowledged() const { return m_inflight.size(); }
  std::size_t held() const { return queued() + unacknowledged(); }

 private:
  std::uint16_t allocatePacketId() {
    for (;;) {
      m_nextPacketId = static_cast<std::uint16_t>(m_nextPacketId == 65535 ? 1 : m_nextPacketId + 1);
      bool used = false;
      for (const Unacknowledged& u : m_inflight) used = used || u.packetId == m_nextPacketId;
      if (!used) return m_nextPacketId;
    }
  }

  std::uint32_t m_maxInflight;
  std::uint32_t m_maxQueued;
  std::vector<Publication> m_queue;  // from m_head on
  std::size_t m_head = 0;
  std::vector<Unacknowledged> m_inflight;
  std::uint16_t m_nextPacketId = 0;
};

}  // namespace wirelab::models::pubsub
