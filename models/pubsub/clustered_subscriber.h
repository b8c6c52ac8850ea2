// File: models/pubsub/clustered_subscriber.h
// Makes a subscriber and its broker session in one allocation cluster (sim/core/allocation_cluster.h).
//
// Why: the broker's fan-out reads, per subscriber, its session and then the wire it writes the
// PUBLISH descriptor to (the wire is the subscriber's: it was created on connect, in the
// subscriber's cluster). Made in the same block, the session and the wire no longer cost two cold
// regions far apart; the rest of the chain (the broker's connection, endpoint, TCP connection and
// controller) shares the accepted connection's block (TcpStack::listen).
#pragma once

#include <cstdint>
#include <memory>
#include <vector>

#include "models/pubsub/broker.h"
#include "models/pubsub/subscriber.h"

namespace wirelab::models::pubsub {

// Broker::expectSubscriber(index, topics), then the Subscriber, both in a new cluster the
// subscriber keeps (its connections are then made there too).
std::unique_ptr<Subscriber> makeSubscriberWithSession(
    Broker& broker, const std::vector<std::uint32_t>& topics, transport::tcp::TcpStack& stack,
    transport::Endpoint brokerAt, const PubSubConfig& config, MqttRegistry& registry, PubSubLog& log,
    const SubscriberGroup& group, std::uint32_t index, std::uint32_t indexInGroup);

}  // namespace wirelab::models::pubsub
