// Shared scenario settings of the publish/subscribe tests.
#pragma once

#include "models/pubsub/pubsub_scenario.h"

namespace wirelab::models::pubsub::testing {

// One topic, `publishers` publishers at `rate` messages/s each (periodic) from t = 1 s to `stop`,
// `subscribers` subscribers on 100 Mbit/s, 10 ms links (broker link 1 Gbit/s, 5 ms).
inline PubSubScenarioConfig scenario(std::uint32_t publishers, std::uint32_t subscribers, Qos qos,
                                     double rate, double stopSeconds) {
  PubSubScenarioConfig c;
  c.pubsub.tcp.minRto = sim::Milliseconds(200);
  c.pubsub.tcp.delayedAckTimeout = sim::Milliseconds(40);  // as Linux: below the minimum RTO
  auto& p = c.pubsub.publishers[0];
  p.count = publishers;
  p.qos = qos;
  p.topic = c.pubsub.topics[0];
  p.interarrival = sim::Constant(1.0 / rate);
  p.payloadBytes = sim::Uniform(50.0, 500.0);
  p.start = sim::Seconds(1);
  p.stop = sim::SecondsF(stopSeconds);
  auto& s = c.pubsub.subscribers[0];
  s.count = subscribers;
  s.qos = qos;
  s.topics = {c.pubsub.topics[0]};
  s.activeUntil = sim::SecondsF(stopSeconds);
  c.topology.brokerLink.rate = sim::Gbps(1);
  c.topology.brokerLink.delay = sim::Milliseconds(5);
  c.topology.clientLink.rate = sim::Mbps(100);
  c.topology.clientLink.delay = sim::Milliseconds(10);
  return c;
}

inline void withLoss(PubSubScenarioConfig& c, double p) {
  for (sim::LinkConfig* l : {&c.topology.brokerLink, &c.topology.clientLink}) {
    l->loss.kind = sim::LossSpec::Kind::Bernoulli;
    l->loss.probability = p;
  }
}

}  // namespace wirelab::models::pubsub::testing
