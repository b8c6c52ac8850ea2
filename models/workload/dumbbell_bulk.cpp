#include "models/workload/dumbbell_bulk.h"

#include <cmath>
#include <memory>

#include "models/transport/tcp/tcp_stack.h"
#include "models/workload/bulk_transfer.h"
#include "sim/net/network.h"
#include "sim/topology/routing.h"

namespace wirelab::models::workload {

DumbbellBulkResult runDumbbellBulk(const DumbbellBulkConfig& config) {
  sim::Simulation sim(config.seed, config.run);
  sim::LinkConfig access;
  access.rate = config.accessRate;
  access.delay = config.accessDelay;
  access.queue.maxPackets = config.accessQueuePackets;
  access.framingBytes = config.framingBytes;
  sim::LinkConfig bottleneck = access;
  bottleneck.rate = config.bottleneckRate;
  bottleneck.delay = config.bottleneckDelay;
  bottleneck.queue.maxPackets = config.bottleneckQueuePackets;
  sim::LinkConfig bottleneckData = bottleneck;
  if (config.lossRate > 0) {
    bottleneckData.loss.kind = sim::LossSpec::Kind::Bernoulli;
    bottleneckData.loss.probability = config.lossRate;
  }

  // The dumbbell by hand, so that the loss sits on the data direction only (routerL -> routerR).
  sim::Network& net = sim.network;
  const sim::NodeId routerL = net.addNode("routerL");
  const sim::NodeId routerR = net.addNode("routerR");
  net.connect(routerL, routerR, bottleneckData, bottleneck);
  std::vector<sim::NodeId> left, right;
  for (std::size_t i = 0; i < config.flows; ++i) {
    left.push_back(net.addNode("left" + std::to_string(i)));
    right.push_back(net.addNode("right" + std::to_string(i)));
    net.connect(left.back(), routerL, access);
    net.connect(right.back(), routerR, access);
  }
  sim::computeShortestPathRoutes(net);

  std::vector<std::unique_ptr<transport::tcp::TcpStack>> stacks;
  std::vector<std::unique_ptr<BulkSink>> sinks;
  std::vector<std::unique_ptr<BulkSender>> senders;
  sim::RandomStream startStream = sim.random.stream("tcp-bulk/start");
  DumbbellBulkResult result;
  for (std::size_t i = 0; i < config.flows; ++i) {
    stacks.push_back(std::make_unique<transport::tcp::TcpStack>(net, right[i]));
    sinks.push_back(std::make_unique<BulkSink>(*stacks.back(), 9, config.tcp));
    stacks.push_back(std::make_unique<transport::tcp::TcpStack>(net, left[i]));
    const sim::SimTime start =
        sim::SimTime::zero() + sim::Milliseconds(100) +
        sim::Nanoseconds(static_cast<std::int64_t>(startStream.uniformBelow(1'000'000'000)));
    result.flowStartS.push_back(start.seconds());
    senders.push_back(
        std::make_unique<BulkSender>(*stacks.back(), transport::Endpoint{right[i], 9}, config.tcp, start));
  }
  for (const sim::NodeId r : right) {
    net.node(r).delivered.connect([&result](const sim::Packet& p, sim::SimTime) {
      if (p.payloadBytes > 0) ++result.dataPacketsDelivered;
    });
  }

  const sim::SimTime end = sim::SimTime::zero() + config.simTime;
  sim.scheduler.runUntil(end);

  double firstStart = 1e300, totalBytes = 0;
  for (std::size_t i = 0; i < config.flows; ++i) {
    const double bytes = static_cast<double>(sinks[i]->bytesReceived());
    totalBytes += bytes;
    firstStart = std::min(firstStart, result.flowStartS[i]);
    result.flowGoodputMbps.push_back(bytes * 8 / (config.simTime.seconds() - result.flowStartS[i]) / 1e6);
    if (const transport::tcp::TcpConnection* c = senders[i]->connection()) {
      result.retransmittedBytes += c->counters().bytesRetransmitted;
      result.timeouts += c->counters().timeouts;
      result.fastRetransmits += c->counters().fastRetransmits;
    }
  }
  result.aggregateGoodputMbps = totalBytes * 8 / (config.simTime.seconds() - firstStart) / 1e6;
  result.events = sim.scheduler.eventsDispatched();
  const auto& bn = net.node(routerL).interface(0).counters();
  result.bottleneckLosses = bn.lossDrops;
  for (sim::NodeId n = 0; n < net.nodeCount(); ++n) {
    for (std::size_t i = 0; i < net.node(n).interfaceCount(); ++i) {
      result.queueDrops += net.node(n).interface(i).counters().queueDrops;
    }
  }
  result.baseRtt = (config.accessDelay * 2 + config.bottleneckDelay) * 2;
  // Stop everything before the simulation (and its packet pool) goes away.
  senders.clear();
  sinks.clear();
  stacks.clear();
  return result;
}

double jainFairnessIndex(const std::vector<double>& values) {
  double sum = 0, sumSq = 0;
  for (const double v : values) {
    sum += v;
    sumSq += v * v;
  }
  return values.empty() || sumSq == 0 ? 1.0 : sum * sum / (static_cast<double>(values.size()) * sumSq);
}

double mathisGoodputMbps(std::uint32_t mssBytes, sim::Duration rtt, double lossRate, double c) {
  return static_cast<double>(mssBytes) * 8 / rtt.seconds() * c / std::sqrt(lossRate) / 1e6;
}

}  // namespace wirelab::models::workload
