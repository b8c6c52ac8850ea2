// File: models/pubsub/mqtt_sizes.h
// Encoded sizes of the MQTT control packets the publish/subscribe model sends, byte for byte, for
// MQTT 3.1.1 (OASIS standard, 2014) and MQTT 5.0 (OASIS standard, 2019). The simulator carries
// byte counts, so these sizes are all of the protocol that reaches the wire; TCP/IP headers come
// on top from the TCP model.
//
// Every packet starts with a fixed header (3.1.1 / 5.0 section 2.1): one byte of type and flags,
// then the Remaining Length as a variable-byte integer of 1 to 4 bytes (3.1.1 section 2.2.3, 5.0
// section 1.5.5). MQTT 5.0 adds a Property Length (at least one byte, 0 for "no properties") to
// CONNECT, CONNACK, PUBLISH, SUBSCRIBE and SUBACK; a PUBACK with reason code Success and no
// properties may omit both and stays 4 bytes (5.0 section 3.4.2.1).
#pragma once

#include <cstdint>

namespace wirelab::models::pubsub {

enum class MqttVersion : std::uint8_t { V311, V5 };

// The largest Remaining Length a 4-byte variable-byte integer encodes (3.1.1 section 2.2.3).
inline constexpr std::uint64_t kMaxRemainingLength = 268'435'455;

// Bytes of the Remaining Length field: 1 below 128, 2 below 16,384, 3 below 2,097,152, else 4.
constexpr std::uint64_t remainingLengthBytes(std::uint64_t remaining) {
  if (remaining < 128) return 1;
  if (remaining < 16'384) return 2;
  if (remaining < 2'097'152) return 3;
  return 4;
}

constexpr std::uint64_t withFixedHeader(std::uint64_t remaining) {
  return 1 + remainingLengthBytes(remaining) + remaining;
}

constexpr std::uint64_t propertyLengthBytes(MqttVersion v) { return v == MqttVersion::V5 ? 1 : 0; }

// PUBLISH (3.1.1 section 3.3, 5.0 section 3.3): variable header = Topic Name as a UTF-8 string
// (2-byte length + bytes), a 2-byte Packet Identifier only for QoS 1 and 2 (3.3.2.2), [5.0: the
// Property Length]; then the payload.
constexpr std::uint64_t publishBytes(MqttVersion v, std::uint64_t topicBytes, int qos,
                                     std::uint64_t payload) {
  return withFixedHeader(2 + topicBytes + (qos > 0 ? 2 : 0) + propertyLengthBytes(v) + payload);
}

// Everything in a PUBLISH but the payload: the per-message overhead on the wire above TCP.
constexpr std::uint64_t publishOverheadBytes(MqttVersion v, std::uint64_t topicBytes, int qos,
                                             std::uint64_t payload) {
  return publishBytes(v, topicBytes, qos, payload) - payload;
}

// PUBACK (3.1.1 section 3.4; 5.0 section 3.4.2.1): fixed header + Packet Identifier.
constexpr std::uint64_t pubackBytes(MqttVersion) { return 4; }

// CONNECT (3.1.1 section 3.1): variable header of 10 bytes (protocol name "MQTT" as a string, 6;
// level, 1; flags, 1; keep alive, 2), [5.0: properties], payload = Client Identifier string.
constexpr std::uint64_t connectBytes(MqttVersion v, std::uint64_t clientIdBytes) {
  return withFixedHeader(10 + propertyLengthBytes(v) + 2 + clientIdBytes);
}

// CONNACK (3.1.1 section 3.2): acknowledge flags + return code; 5.0 adds the Property Length.
constexpr std::uint64_t connackBytes(MqttVersion v) { return withFixedHeader(2 + propertyLengthBytes(v)); }

// SUBSCRIBE (3.1.1 section 3.8) with one topic filter: Packet Identifier, [5.0: properties], then
// the filter string and its options byte.
constexpr std::uint64_t subscribeBytes(MqttVersion v, std::uint64_t filterBytes) {
  return withFixedHeader(2 + propertyLengthBytes(v) + 2 + filterBytes + 1);
}

// SUBACK (3.1.1 section 3.9) for one filter: Packet Identifier, [properties], one return code.
constexpr std::uint64_t subackBytes(MqttVersion v) { return withFixedHeader(2 + propertyLengthBytes(v) + 1); }

static_assert(publishBytes(MqttVersion::V311, 5, 0, 100) == 1 + 1 + 2 + 5 + 100);
static_assert(publishBytes(MqttVersion::V311, 5, 1, 200) == 1 + 2 + 2 + 5 + 2 + 200);
static_assert(connectBytes(MqttVersion::V311, 4) == 18);  // 2 + 10 + 6
static_assert(connackBytes(MqttVersion::V311) == 4);

}  // namespace wirelab::models::pubsub
