// File: models/workload/realnet_page_scenario.h
// A page load of the realnet captures (shared/captures/realnet-dev, shared/tools/realnet), built
// from its configuration alone: N objects of S bytes fetched at once with no base document, by
// curl over HTTP/1.1 with 6 connections (`--parallel --parallel-max 6`: each object goes to the
// first free connection) or by nghttp over one cleartext HTTP/2 connection (all streams at once,
// 16 MiB stream and connection windows), from nginx 1.22, both ends running the "linux" TCP
// profile (Linux's receive-buffer autotuning and ACK policy included) and reading as the programs
// do (read() sizes from their sources, wake-up latency measured in the captures); through the
// emulator's relay (delayline_relay.h: one process serving both directions, its timing fitted to
// the relay latencies the captures show) with an RTT, i.i.d. loss in each direction and optionally
// a drop-tail bottleneck. Nothing is fitted to the measured load times.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "models/workload/delayline_relay.h"
#include "models/workload/page_load_experiment.h"

namespace wirelab::capture {
class PcapWriter;
}

namespace wirelab::models::workload {

// How the emulator between the hosts is modelled: as the relay process itself (delayline_relay.h,
// the default), or as a link whose delay is the configured one plus a fixed relay latency (below;
// the model before the relay was, kept for comparison).
enum class RealnetRelayModel { Link, Delayline };

// How the model stands for what the configuration does not say: the hosts' clocks and the emulator.
// Every real configuration is run with the same choices (bench/realnet_pages sets them from its
// options); the defaults are the published model.
struct RealnetModelChoices {
  // TcpConfig::randomClockPhase at both ends: each host's millisecond clock ticks at its own
  // random phase, as on a real machine. Off: ticks at whole milliseconds of simulated time.
  bool randomClockPhase = true;
  RealnetRelayModel relay = RealnetRelayModel::Delayline;
  DelaylineTiming delaylineTiming;  // RealnetRelayModel::Delayline: the relay machine's timing
  // RealnetRelayModel::Link only: the relay's own latency each way, added to rttMs / 2: by default
  // 0.1 ms, from the set's ping check (RTT 50.20 ms for 50 ms). During transfers the captures show
  // more (docs/VALIDATION.md, bench/realnet_relay_latency.py); these let the comparison be run
  // with other values, and with a per-packet extra drawn uniformly from [0, jitter] (FIFO).
  double relayLatencyUpMs = 0.1;  // client to server
  double relayLatencyDownMs = 0.1;
  double relayJitterUpMs = 0;
  double relayJitterDownMs = 0;
};

struct RealnetPageConfig {
  HttpVersion protocol = HttpVersion::Http1;  // Http1 (curl, 6 connections) or Http2 (nghttp)
  double rttMs = 50;
  double loss = 0;  // i.i.d. per packet, each direction
  // When set, the packets lost are those the realnet relay run with this seed lost (by position in
  // each direction, relay_loss_pattern.h) instead of draws from the run's seed: the loss
  // realisation of one real run, replayed.
  std::optional<std::uint64_t> relaySeed;
  double rateMbit = 0;   // 0: no bottleneck
  int queuePackets = 0;  // drop-tail queue of the bottleneck, counting the packet on the wire
  int objects = 12;
  std::uint64_t objectBytes = 30 * 1024;
  RealnetModelChoices model;
  bool recordFlights = false;  // fill RealnetPageResult::flights (one connection: HTTP/2)
  // When set, the client's side of the link is recorded there as the real runs' client.pcap is
  // (tcpdump on the client's interface: headers only), so the captures' analysis scripts
  // (bench/realnet_*.py) read a simulated run as they read a real one. Must outlive the run.
  wirelab::capture::PcapWriter* clientCapture = nullptr;
  wirelab::capture::PcapWriter* serverCapture = nullptr;  // the same on the server's side
  std::string label() const;                              // e.g. "h2 rtt50 loss0.02 n36x30k"
};

// One round trip's flight as the client sees it: the data segments that arrived together (gaps
// under a quarter of the RTT) and the window of the client's last ACK before the next flight,
// which is what the server may send next (bench/realnet_flights.py does the same on a capture).
struct RealnetFlight {
  double startS = 0;
  std::uint32_t segments = 0;
  std::uint64_t lastWindow = 0;
};

struct RealnetPageResult {
  double loadTimeS = -1;               // negative: not loaded within the time limit
  std::uint64_t retransmissions = 0;   // segments re-sent, both directions (as the capture counts)
  std::vector<double> completionS;     // per object, sorted
  std::vector<RealnetFlight> flights;  // with RealnetPageConfig::recordFlights
};

// One run with `seed` (loss and everything random come from named streams of that seed).
RealnetPageResult runRealnetPage(const RealnetPageConfig& c, std::uint64_t seed);

// Median and quantiles (linear interpolation) of a sample; the sample is copied and sorted.
double quantile(std::vector<double> values, double q);

}  // namespace wirelab::models::workload
