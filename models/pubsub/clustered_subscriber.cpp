#include "models/pubsub/clustered_subscriber.h"

#include <utility>

#include "sim/core/allocation_cluster.h"

namespace wirelab::models::pubsub {

std::unique_ptr<Subscriber> makeSubscriberWithSession(
    Broker& broker, const std::vector<std::uint32_t>& topics, transport::tcp::TcpStack& stack,
    transport::Endpoint brokerAt, const PubSubConfig& config, MqttRegistry& registry, PubSubLog& log,
    const SubscriberGroup& group, std::uint32_t index, std::uint32_t indexInGroup) {
  sim::AllocationCluster cluster(MqttEndpoint::clientClusterBytes(sizeof(Subscriber), config.tcp) +
                                 Broker::subscriberSessionClusterBytes());
  std::unique_ptr<Subscriber> subscriber;
  {
    sim::AllocationCluster::Scope scope(cluster);
    broker.expectSubscriber(index, topics);
    subscriber =
        std::make_unique<Subscriber>(stack, brokerAt, config, registry, log, group, index, indexInGroup);
  }
  subscriber->keepCluster(std::move(cluster));
  return subscriber;
}

}  // namespace wirelab::models::pubsub
