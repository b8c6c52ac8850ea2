// Memory of idle TCP connections: opens N connections (default 100,000) from 100 client hosts to
// one server, lets every handshake complete, and reports the resident memory they take: peak RSS
// (VmHWM) of the process and the growth of RSS per connection, with both endpoints counted.
//   tcp_idle_connections [--connections=N]
#include <cstdio>
#include <cstdlib>
#include <memory>
#include <string>
#include <vector>

#include "bench/bench_options.h"
#include "bench/process_usage.h"
#include "models/transport/tcp/tcp_stack.h"
#include "sim/net/network.h"
#include "sim/topology/routing.h"

int main(int argc, char** argv) {
  using namespace wirelab;
  using models::transport::tcp::TcpConnection;
  using models::transport::tcp::TcpStack;
  const bench::BenchOptions o(argc, argv, "tcp_idle_connections", {"connections"});
  const auto connections = static_cast<long>(o.count("connections", 100'000, 1, 10'000'000));
  constexpr int kClients = 100;
  sim::Simulation sim(1, 0);
  const sim::NodeId router = sim.network.addNode("router");
  const sim::NodeId server = sim.network.addNode("server");
  sim::LinkConfig link;
  link.rate = sim::Gbps(10);
  link.delay = sim::Milliseconds(5);
  link.queue.maxPackets = 1'000'000;
  sim.network.connect(server, router, link);
  std::vector<sim::NodeId> clients;
  for (int c = 0; c < kClients; ++c) {
    clients.push_back(sim.network.addNode("client" + std::to_string(c)));
    sim.network.connect(clients.back(), router, link);
  }
  sim::computeShortestPathRoutes(sim.network);
  TcpStack serverStack(sim.network, server);
  long established = 0;
  serverStack.listen(80, models::transport::tcp::TcpConfig{},
                     [&established](TcpConnection&) { ++established; });
  std::vector<std::unique_ptr<TcpStack>> clientStacks;
  for (const sim::NodeId c : clients) clientStacks.push_back(std::make_unique<TcpStack>(sim.network, c));
  sim.scheduler.runUntil(sim::SimTime::zero() + sim::Milliseconds(1));

  const long rssBefore = bench::procStatusKiB("VmRSS:");
  // Open the connections 10 us apart so that the handshakes do not all queue at once.
  long opened = 0;
  for (long i = 0; i < connections; ++i) {
    sim.scheduler.schedule(sim::Microseconds(10 * i), [&, i] {
      clientStacks[static_cast<std::size_t>(i % kClients)]->connect({server, 80},
                                                                    models::transport::tcp::TcpConfig{});
      ++opened;
    });
  }
  sim.scheduler.run();
  const long rssAfter = bench::procStatusKiB("VmRSS:");
  const long peak = bench::procStatusKiB("VmHWM:");
  const double perConnection =
      static_cast<double>(rssAfter - rssBefore) * 1024 / static_cast<double>(established);
  std::printf(
      "RESULT scenario=tcp-idle-connections connections=%ld established=%ld rss_before_kib=%ld "
      "rss_after_kib=%ld "
      "peak_rss_mib=%.1f bytes_per_connection=%.0f bytes_per_endpoint=%.0f sizeof_tcp_connection=%zu\n",
      opened, established, rssBefore, rssAfter, static_cast<double>(peak) / 1024, perConnection,
      perConnection / 2, sizeof(TcpConnection));
  return established == connections ? 0 : 1;
}
