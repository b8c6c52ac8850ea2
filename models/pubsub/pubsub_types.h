// File: models/pubsub/pubsub_types.h
// What the publish/subscribe model's parts pass around: a publication (one application message),
// the MQTT control packet as the message stream carries it (its descriptor; its size is what the
// wire carries), and message identities.
#pragma once

#include <cstdint>

#include "sim/core/time.h"

namespace wirelab::models::pubsub {

// A message's identity from end to end: the publisher's index and its own sequence number. The
// broker forwards a publisher's DUP resend as a new publication (MQTT 3.1.1 section 4.3.2), so
// subscribers detect duplicates by this identity, not by packet identifiers.
struct MessageId {
  std::uint32_t publisher = 0;
  std::uint32_t sequence = 0;
  bool operator==(const MessageId&) const = default;
};

// Delivery guarantee, MQTT 3.1.1 section 4.3 (5.0 section 4.3). QoS 2 is not modelled.
enum class Qos : std::uint8_t { AtMostOnce = 0, AtLeastOnce = 1 };

struct Publication {
  MessageId id;
  std::uint32_t topic = 0;  // index into the configured topics
  std::uint32_t payloadBytes = 0;
  sim::SimTime publishedAt;  // the publisher's application handed it over
  Qos qos = Qos::AtMostOnce;
};

enum class PacketType : std::uint8_t { Connect, ConnAck, Subscribe, SubAck, Publish, PubAck };
enum class ClientRole : std::uint8_t { Publisher, Subscriber };

// One MQTT control packet as a message-stream descriptor. Fields that a packet type does not use
// stay zero. `backlog` on a CONNACK is a simulation annotation (it takes no bytes): how many
// messages the broker holds for the session, so the subscriber can time its catch-up.
struct Frame {
  PacketType type = PacketType::Publish;
  ClientRole role = ClientRole::Subscriber;  // CONNECT: which client this is
  bool dup = false;                          // PUBLISH: DUP flag (3.1.1 section 3.3.1.1)
  bool flag = false;                         // CONNECT: clean session; CONNACK: session present
  std::uint16_t packetId = 0;                // PUBLISH QoS 1, PUBACK, SUBSCRIBE, SUBACK
  std::uint32_t clientIndex = 0;             // CONNECT
  std::uint32_t backlog = 0;                 // CONNACK (annotation)
  Publication publication;                   // PUBLISH
};

}  // namespace wirelab::models::pubsub
