// File: models/pubsub/pubsub_log.h
// Cause-tagged records of the events that change what a subscriber gets: losses, drops and
// redeliveries, each with the rule behind it, for reports and for a GUI to list. Every part of one
// deployment writes to the same log; it keeps the records and re-emits them as a trace signal.
#pragma once

#include <cstdint>
#include <vector>

#include "models/pubsub/pubsub_types.h"
#include "sim/core/signal.h"

namespace wirelab::models::pubsub {

// Arrays, not pointers to literals: each is one object program-wide, so a record's cause can be
// compared by address as well as by content.
namespace cause {
inline constexpr char kDroppedSubscriberOffline[] = "dropped: subscriber offline (no persistent session)";
inline constexpr char kDroppedQueueFull[] = "dropped: retained queue full";
inline constexpr char kLostInFlightToSubscriber[] =
    "lost: in flight broker->subscriber on a broken connection (QoS 0)";
inline constexpr char kLostInFlightToBroker[] =
    "lost: in flight publisher->broker on a broken connection (QoS 0)";
inline constexpr char kDroppedPublisherOffline[] = "dropped: publisher offline (QoS 0)";
inline constexpr char kDroppedPublisherQueueFull[] = "dropped: publisher queue full";
inline constexpr char kLostSessionDiscarded[] =
    "lost: session discarded with the message unacknowledged (clean session)";
inline constexpr char kRedeliveredAfterReconnect[] = "redelivered after reconnect (DUP)";
inline constexpr char kRedeliveredAfterTimeout[] = "redelivered after timeout (DUP)";
}  // namespace cause

struct PubSubRecord {
  enum class Kind : std::uint8_t { Lost, Dropped, Redelivered };
  sim::SimTime at;
  Kind kind = Kind::Lost;
  ClientRole role = ClientRole::Subscriber;  // whose message: the subscriber it was for, or the publisher
  std::uint32_t clientIndex = 0;
  MessageId message;
  const char* cause = "";
};

class PubSubLog {
 public:
  void add(const PubSubRecord& r) {
    if (m_keep) m_records.push_back(r);
    recorded(r);
  }
  // Large runs may keep only the signal (and their counters).
  void setKeepRecords(bool keep) { m_keep = keep; }
  const std::vector<PubSubRecord>& records() const { return m_records; }

  sim::Signal<const PubSubRecord&> recorded;

 private:
  bool m_keep = true;
  std::vector<PubSubRecord> m_records;
};

}  // namespace wirelab::models::pubsub
