// tcp-bulk: the workload of ns-3's anchor ../shared/anchors/ns3/tcp-bulk.cc with the same settings
// (dumbbell, 100 Mbit/s / 10 ms bottleneck, 1 Gbit/s / 5 ms access links, PPP framing, DropTail
// 333 / 1000 packets, NewReno + SACK, MSS 1448, 4 MiB buffers, delayed ACKs every 2 segments with
// 200 ms timeout, initial window 10, minimum RTO 1 s), for the side-by-side comparison in
// bench/compare_ns3.sh. Prints one RESULT line in the anchor's form.
//   tcp_bulk --nFlows=N --lossRate=p --simTime=T [--bnDelay=MS] [--accDelay=MS] [--profile=ns3|linux|rfc]
//            [--tcp=newreno|cubic]
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <string>

#include "bench/bench_options.h"
#include "bench/process_usage.h"
#include "models/workload/dumbbell_bulk.h"

int main(int argc, char** argv) {
  using namespace wirelab;
  const bench::BenchOptions o(
      argc, argv, "tcp_bulk",
      {"nFlows", "lossRate", "simTime", "bnDelay", "accDelay", "seed", "profile", "tcp"});
  models::workload::DumbbellBulkConfig c;
  c.flows = o.count("nFlows", 1, 1, 100'000);
  c.lossRate = o.number("lossRate", 0, 0, 1);
  c.simTime = sim::SecondsF(o.number("simTime", 30, 0, 1e6));
  c.bottleneckDelay = sim::SecondsF(o.number("bnDelay", 10, 0, 1e6) / 1e3);
  c.accessDelay = sim::SecondsF(o.number("accDelay", 5, 0, 1e6) / 1e3);
  c.seed = o.count("seed", 1, 0, UINT64_MAX);
  const std::string profile = o.text("profile", "ns3");
  if (auto p = models::transport::tcp::tcpProfile(profile)) {
    c.tcp = *p;
  } else {
    o.fail("profile", "unknown profile (rfc, ns3 or linux)");
  }
  const std::string tcp = o.text("tcp", profile == "linux" ? "cubic" : "newreno");
  if (auto algorithm = models::transport::cc::parseAlgorithm(tcp)) {
    c.tcp.congestionControl = *algorithm;
  } else {
    o.fail("tcp", "unknown congestion control (newreno or cubic)");
  }
  const double c0 = bench::processCpuSeconds();
  const auto t0 = std::chrono::steady_clock::now();
  const models::workload::DumbbellBulkResult r = models::workload::runDumbbellBulk(c);
  const double cpu = bench::processCpuSeconds() - c0;
  const double wall = std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
  double minFlow = 1e300, maxFlow = 0;
  for (const double g : r.flowGoodputMbps) {
    minFlow = std::min(minFlow, g);
    maxFlow = std::max(maxFlow, g);
  }
  std::printf(
      "RESULT scenario=tcp-bulk-wirelab nFlows=%zu lossRate=%g simTime=%g tcp=%s run_wall_s=%.3f "
      "run_cpu_s=%.3f "
      "events=%llu events_per_cpu_s=%.0f pkts_delivered=%llu cpu_ns_per_pkt=%.0f goodput_mbps=%.3f "
      "flow_min_mbps=%.3f flow_max_mbps=%.3f jain=%.4f losses=%llu queue_drops=%llu timeouts=%llu "
      "fast_retransmits=%llu\n",
      c.flows, c.lossRate, c.simTime.seconds(), tcp.c_str(), wall, cpu,
      static_cast<unsigned long long>(r.events), static_cast<double>(r.events) / cpu,
      static_cast<unsigned long long>(r.dataPacketsDelivered),
      cpu * 1e9 / static_cast<double>(r.dataPacketsDelivered), r.aggregateGoodputMbps, minFlow, maxFlow,
      models::workload::jainFairnessIndex(r.flowGoodputMbps),
      static_cast<unsigned long long>(r.bottleneckLosses), static_cast<unsigned long long>(r.queueDrops),
      static_cast<unsigned long long>(r.timeouts), static_cast<unsigned long long>(r.fastRetransmits));
  return 0;
}
