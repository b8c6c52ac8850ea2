// pubsub-fanout: one publisher, one broker, N subscribers (default 100,000) on a few subscriber
// hosts behind a router (15,000 connections per host, inside the 16,384 ephemeral ports), all on one
// topic; M messages (default 10, one per second) fanned out to every subscriber. Prints one RESULT
// line: wall and CPU time, simulated events and events per CPU second (sim::Scheduler's counter, as
// tcp_bulk computes it), peak RSS (getrusage), memory per subscriber connection, deliveries.
//   pubsub_fanout [--subscribers=N] [--messages=M] [--qos=0|1] [--payload=BYTES] [--perHost=K]
#include <sys/resource.h>

#include <chrono>
#include <cstdio>
#include <string>

#include "bench/bench_options.h"
#include "bench/process_usage.h"
#include "models/pubsub/pubsub_scenario.h"

int main(int argc, char** argv) {
  using namespace wirelab;
  using namespace wirelab::models::pubsub;
  const bench::BenchOptions o(argc, argv, "pubsub_fanout",
                              {"subscribers", "messages", "qos", "payload", "perHost"});
  const auto subscribers = static_cast<std::uint32_t>(o.count("subscribers", 100'000, 1, 10'000'000));
  const double messages = o.number("messages", 10, 1, 1e9);
  const auto qos = parseQos(o.text("qos", "0"));
  if (!qos) o.fail("qos", "unknown QoS (0 or 1)");
  PubSubScenarioConfig c;
  c.keepRecords = false;
  c.keepQueueDepth = false;
  auto& p = c.pubsub.publishers[0];
  p.topic = c.pubsub.topics[0];
  p.qos = *qos;
  p.interarrival = sim::Constant(1.0);
  p.payloadBytes = sim::Constant(o.number("payload", 200, 0, 1e9));
  p.start = sim::Seconds(1);
  p.stop = sim::SecondsF(1.0 + messages);
  auto& s = c.pubsub.subscribers[0];
  s.count = subscribers;
  s.qos = *qos;
  s.topics = {c.pubsub.topics[0]};
  c.topology.subscribersPerHost = static_cast<std::uint32_t>(o.count("perHost", 15'000, 1, 16'384));
  for (sim::LinkConfig* l : {&c.topology.brokerLink, &c.topology.clientLink}) {
    l->rate = sim::Gbps(10);
    l->delay = sim::Milliseconds(1);
    l->queue.maxPackets = 1'000'000;
    l->queue.maxBytes = 4'000'000'000LL;
  }
  try {
    c.validate();
  } catch (const std::exception& e) {
    std::fprintf(stderr, "pubsub_fanout: %s\n", e.what());
    return 2;
  }

  const long rssStart = bench::procStatusKiB("VmRSS:");
  const double cpu0 = bench::processCpuSeconds();
  const auto wall0 = std::chrono::steady_clock::now();
  PubSubScenario scenario(c);
  scenario.start();
  auto& sched = scenario.simulation().scheduler;
  // Connections, CONNECT and SUBSCRIBE finish well before the first publication at 2 s.
  sched.runUntil(sim::SimTime::zero() + sim::Milliseconds(1900));
  const long rssConnected = bench::procStatusKiB("VmRSS:");
  const std::uint64_t setupEvents = sched.eventsDispatched();
  const double cpu1 = bench::processCpuSeconds();
  sched.run();
  const double cpu2 = bench::processCpuSeconds();
  const double wall = std::chrono::duration<double>(std::chrono::steady_clock::now() - wall0).count();
  rusage usage{};
  getrusage(RUSAGE_SELF, &usage);

  std::uint64_t delivered = 0, connected = 0;
  double latencySum = 0;
  for (std::size_t i = 0; i < scenario.subscriberCount(); ++i) {
    const SubscriberStats& st = scenario.subscriber(i).stats();
    delivered += st.distinct;
    latencySum += st.latencySum;
    connected += scenario.subscriber(i).sessionUp() ? 1 : 0;
  }
  const std::uint64_t events = sched.eventsDispatched();
  const double cpu = cpu2 - cpu0;
  std::printf(
      "RESULT scenario=pubsub-fanout subscribers=%u messages=%llu qos=%d hosts=%zu run_wall_s=%.3f "
      "run_cpu_s=%.3f "
      "events=%llu events_per_cpu_s=%.0f setup_events=%llu fanout_events=%llu fanout_events_per_cpu_s=%.0f "
      "peak_rss_mib=%.1f rss_per_subscriber_bytes=%.0f sessions_up=%llu deliveries=%llu expected=%llu "
      "mean_latency_ms=%.3f broker_wire_bytes=%llu\n",
      subscribers, static_cast<unsigned long long>(scenario.publisher(0).stats().published),
      static_cast<int>(*qos), scenario.network().nodeCount() - 3, wall, cpu,
      static_cast<unsigned long long>(events), static_cast<double>(events) / cpu,
      static_cast<unsigned long long>(setupEvents), static_cast<unsigned long long>(events - setupEvents),
      static_cast<double>(events - setupEvents) / (cpu2 - cpu1),
      static_cast<double>(usage.ru_maxrss) / 1024.0,
      static_cast<double>(rssConnected - rssStart) * 1024.0 / static_cast<double>(subscribers),
      static_cast<unsigned long long>(connected), static_cast<unsigned long long>(delivered),
      static_cast<unsigned long long>(scenario.publisher(0).stats().published) * subscribers,
      delivered > 0 ? latencySum / static_cast<double>(delivered) * 1e3 : 0.0,
      static_cast<unsigned long long>(scenario.brokerWireBytes()));
  return delivered == scenario.publisher(0).stats().published * subscribers ? 0 : 1;
}
