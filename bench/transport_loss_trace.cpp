// What TCP and QUIC do with the TransportBaseline bulk download (runBulkDownload in
// models/workload/page_load_experiment.h: 2 MB over 20 Mbit/s, RTT 100 ms, Bernoulli loss each
// way, the same seeds): window reductions per drop and their depth, cwnd and flight sampled every
// millisecond, time in recovery, ACKs per data packet and delayed ACKs, timeouts, payload per
// packet. It explains the QUIC/TCP gap under loss (docs/http.md); the what-if options rerun one
// side with one rule changed, to measure that rule's share.
//
//   transport_loss_trace [--cc newreno|cubic] [--loss 0.02] [--seeds 10] [--per-seed] [--trace SEED]
//     QUIC: [--no-prr] [--ack-threshold N] [--max-ack-delay-ms N]
//           [--quic-flight-excess X]  NewReno halves cwnd + X datagrams, as the TCP model halves a
//                                     FlightSize that holds the segments sent while the loss was found
//           [--quic-credit-recovery]  what was acknowledged in a recovery counts for growth after it
//           [--quic-recovery-point]   no reduction until the receiver has in order all that was sent
//                                     before the last one (RFC 6675's RecoveryPoint, as TCP)
//     TCP:  [--tcp-rack] [--tcp-pipe] [--tcp-no-delayed-ack]
//   (an option's value may also follow an '=': --loss=0.05)
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <functional>
#include <limits>
#include <map>
#include <memory>
#include <optional>
#include <stdexcept>
#include <string>
#include <type_traits>
#include <vector>

#include "bench/bench_options.h"
#include "models/transport/quic/quic_endpoint.h"
#include "models/transport/tcp/tcp_stack.h"
#include "models/transport/udp/udp_stack.h"
#include "models/workload/two_node_path.h"
#include "sim/core/timer.h"
#include "sim/net/network.h"

namespace {

using namespace wirelab;
namespace tcp = models::transport::tcp;
namespace quic = models::transport::quic;
namespace udp = models::transport::udp;
namespace cc = models::transport::cc;
using sim::SimTime;

struct Options {
  std::string cc = "newreno";
  double loss = 0.02;
  int seeds = 10;
  std::uint64_t bytes = 2'000'000;
  std::uint64_t traceSeed = 0;  // print this seed's losses and window cuts
  bool perSeed = false;
  bool prr = true;
  std::int64_t ackThreshold = 2;
  std::int64_t maxAckDelayMs = 25;
  double quicFlightExcess = 0;
  bool quicRecoveryPoint = false;
  bool quicCreditRecovery = false;
  bool tcpRack = false;
  bool tcpPipe = false;
  bool tcpDelayedAck = true;
};

// Named sums over the runs of one transport.
using Tally = std::map<std::string, double>;

void addAll(Tally& to, const Tally& from) {
  for (const auto& [k, v] : from) to[k] += v;
}

// Window reductions seen by successive samples of cwnd, and the growth between them (after the
// first reduction, i.e. outside slow start).
struct CwndWatch {
  std::uint64_t last = 0;
  void see(Tally& t, std::uint64_t cwnd) {
    if (last != 0 && cwnd < last) {
      t["cuts"] += 1;
      t["cutBefore"] += static_cast<double>(last);
      t["cutAfter"] += static_cast<double>(cwnd);
    } else if (last != 0 && t["cuts"] > 0) {
      t["growth"] += static_cast<double>(cwnd - last);
    }
    last = cwnd;
  }
};

// Samples the sender every millisecond: ACK-time samples would see the flight just before the
// ACK's releases go out. `read` fills cwnd, flight and whether a recovery is open, or says no.
struct Sampler {
  using Read = std::function<bool(double& cwnd, double& flight, bool& recovery)>;
  Sampler(sim::Timer& timer, Tally& tally, Read reader, double mssBytes)
      : tick(&timer), t(&tally), read(std::move(reader)), mss(mssBytes) {
    sample();
  }
  void sample() {
    double cwnd = 0, flight = 0;
    bool recovery = false;
    if (read(cwnd, flight, recovery)) {
      Tally& m = *t;
      m["samples"] += 1;
      m["cwndSum"] += cwnd;
      m["flightSum"] += flight;
      m["recoverySamples"] += recovery ? 1 : 0;
      m["limitedSamples"] += flight + mss > cwnd ? 1 : 0;
    }
    tick->arm(sim::Milliseconds(1), [this] { sample(); });
  }
  sim::Timer* tick;
  Tally* t;
  Read read;
  double mss;
};

struct Run {
  explicit Run(const Options& o, std::uint64_t seed)
      : s(seed, 0),
        path(models::workload::buildTwoNodePath(s.network, {.rate = sim::Mbps(20),
                                                            .rtt = sim::Milliseconds(100),
                                                            .lossRate = o.loss,
                                                            .queuePackets = 1000})),
        tick(s.scheduler) {}
  void finish(Tally& t) {
    t["seconds"] += (s.scheduler.now() - SimTime::zero()).seconds();
    t["drops"] += static_cast<double>(s.network.node(path.server).interface(0).counters().lossDrops);
    t["ackDrops"] += static_cast<double>(s.network.node(path.client).interface(0).counters().lossDrops);
  }
  sim::Simulation s;
  models::workload::TwoNodePath path;
  sim::Timer tick;
};

Tally runTcp(const Options& o, std::uint64_t seed) {
  Run run(o, seed);
  Tally t;
  tcp::TcpStack clientTcp(run.s.network, run.path.client), serverTcp(run.s.network, run.path.server);
  tcp::TcpConfig config;
  config.congestionControl = *cc::parseAlgorithm(o.cc);
  config.rackTlp = o.tcpRack;
  config.ssthreshFromPipe = o.tcpPipe;
  config.delayedAck = o.tcpDelayedAck;
  tcp::TcpConnection* server = nullptr;
  CwndWatch watch;
  const bool trace = o.traceSeed == seed;
  serverTcp.listen(80, config, [&](tcp::TcpConnection& c) {
    server = &c;
    c.traces().windowChanged.connect([&](const tcp::TcpConnection::WindowSample& w) {
      if (watch.last != 0 && w.cwnd < watch.last && std::strstr(w.cause, "RTO") == nullptr) {
        // A fast-retransmit cut: ssthresh = FlightSize / 2, so FlightSize - cwnd = 2 ssthresh - cwnd.
        t["fastCuts"] += 1;
        t["flightExcess"] += (2.0 * static_cast<double>(w.cwnd) - static_cast<double>(watch.last)) / 1448;
      }
      if (trace && watch.last != 0 && w.cwnd < watch.last) {
        std::printf("TCP  %8.3f cwnd %5.1f -> %5.1f flight %5.1f  %s\n", w.time.seconds(),
                    static_cast<double>(watch.last) / 1448, static_cast<double>(w.cwnd) / 1448,
                    static_cast<double>(w.bytesInFlight) / 1448, w.cause);
      }
      watch.see(t, w.cwnd);
    });
    if (trace) {
      c.traces().retransmitted.connect([&](std::uint64_t seq, const char* cause) {
        std::printf("TCP  %8.3f retransmit segment %4llu (%s)\n", run.s.scheduler.now().seconds(),
                    static_cast<unsigned long long>(seq / 1448), cause);
      });
    }
    c.send(o.bytes);
  });
  tcp::TcpConnection& client = clientTcp.connect({run.path.server, 80}, config);
  const Sampler sampler(
      run.tick, t,
      [&server](double& cwnd, double& flight, bool& recovery) {
        if (server == nullptr) return false;
        cwnd = static_cast<double>(server->congestion().cwndBytes());
        flight = static_cast<double>(server->bytesInFlight());
        recovery = server->inRecovery();
        return true;
      },
      1448);
  std::uint64_t received = 0;
  client.callbacks().onData = [&](std::uint64_t n) {
    received += n;
    if (received >= o.bytes) run.s.scheduler.stop();
  };
  run.s.scheduler.runUntil(SimTime::zero() + sim::Seconds(300));
  run.finish(t);
  if (server != nullptr) {
    const tcp::TcpCounters& k = server->counters();
    t["events"] += static_cast<double>(k.fastRetransmits);
    t["timeouts"] += static_cast<double>(k.timeouts);
    t["packets"] += static_cast<double>(k.segmentsSent);
    t["payload"] += static_cast<double>(k.bytesSent);
  }
  t["acks"] += static_cast<double>(client.counters().segmentsSent);
  return t;
}

// The TCP model's rules on a QUIC sender, one at a time, to measure what each is worth: a wrapper
// around QUIC's congestion controller (the QUIC model itself is unchanged).
//   creditRecovery: the bytes acknowledged during a recovery grow the window on the first ACK
//     after it, as the TCP model's cumulative ACK that ends a recovery counts what was SACKed.
//   excess (TcpRules' argument): added to what a congestion event halves (NewReno's FlightSize).
//   recoveryPoint: no reduction while TCP would still be in the recovery the last one began,
//     i.e. until the receiver has in order every byte sent before it (RFC 6675's RecoveryPoint,
//     which a lost repair holds until the RTO).
struct TcpRuleHooks {
  bool creditRecovery = false;
  std::function<bool()> recoveryPointReached;  // set once the connections exist
  std::function<void()> markRecoveryPoint;
};
class TcpRules final : public cc::CongestionController {
 public:
  TcpRules(std::unique_ptr<cc::CongestionController> inner, std::uint64_t excess, TcpRuleHooks* hooks)
      : m_inner(std::move(inner)), m_excess(excess), m_hooks(hooks) {
    mirror();
  }
  const char* name() const override { return m_inner->name(); }
  void onPacketSent(SimTime now, std::uint64_t bytes) override {
    forward([&] { m_inner->onPacketSent(now, bytes); });
  }
  void onAck(const cc::AckEvent& ack) override {
    if (m_hooks->creditRecovery) {
      // As the TCP model's cumulative ACK at the end of a recovery: the bytes acknowledged during
      // it count once more, as newly acknowledged, on the first ACK after it.
      if (ack.inRecovery) {
        m_heldBack += ack.bytesAcked;
      } else if (m_heldBack > 0) {
        cc::AckEvent credited = ack;
        credited.bytesAcked += m_heldBack;
        m_heldBack = 0;
        forward([&] { m_inner->onAck(credited); });
        return;
      }
    }
    forward([&] { m_inner->onAck(ack); });
  }
  void onCongestionEvent(SimTime now, std::uint64_t flight) override {
    if (m_hooks->recoveryPointReached && !m_hooks->recoveryPointReached()) return;
    forward([&] { m_inner->onCongestionEvent(now, flight + m_excess); });
    if (m_hooks->markRecoveryPoint) m_hooks->markRecoveryPoint();
  }
  void onRecoveryExit(SimTime now) override {
    forward([&] { m_inner->onRecoveryExit(now); });
  }
  void onRetransmissionTimeout(SimTime now, std::uint64_t flight) override {
    forward([&] { m_inner->onRetransmissionTimeout(now, flight); });
  }

 private:
  template <typename F>
  void forward(F&& call) {
    call();
    mirror();
  }
  void mirror() {
    m_cwnd = m_inner->cwndBytes();
    m_ssthresh = m_inner->ssthreshBytes();
    m_cause = m_inner->lastCause();
  }
  std::unique_ptr<cc::CongestionController> m_inner;
  std::uint64_t m_excess;
  TcpRuleHooks* m_hooks;
  std::uint64_t m_heldBack = 0;
};

Tally runQuic(const Options& o, std::uint64_t seed) {
  Run run(o, seed);
  Tally t;
  udp::UdpStack clientUdp(run.s.network, run.path.client), serverUdp(run.s.network, run.path.server);
  quic::QuicConfig config;
  config.congestionControl = o.cc;
  config.proportionalRateReduction = o.prr;
  config.ackElicitingThreshold = o.ackThreshold;
  config.maxAckDelay = sim::Milliseconds(o.maxAckDelayMs);
  TcpRuleHooks hooks;
  hooks.creditRecovery = o.quicCreditRecovery;
  if (o.quicFlightExcess > 0 || o.quicRecoveryPoint || o.quicCreditRecovery) {
    config.congestionFactory =
        [&o, &hooks](const cc::CongestionConfig& c) -> std::unique_ptr<cc::CongestionController> {
      return std::make_unique<TcpRules>(cc::makeCongestionController(*cc::parseAlgorithm(o.cc), c),
                                        static_cast<std::uint64_t>(o.quicFlightExcess * c.mssBytes), &hooks);
    };
  }
  quic::QuicEndpoint serverQuic(serverUdp, 443, config), clientQuic(clientUdp, 0, config);
  quic::QuicConnection* server = nullptr;
  CwndWatch watch;
  const bool trace = o.traceSeed == seed;
  serverQuic.listen([&](quic::QuicConnection& c) {
    server = &c;
    c.setStreamDataCallback([&c, &o](std::uint64_t id, std::uint64_t, bool fin) {
      if (fin) c.send(id, o.bytes, true);
    });
    c.metricsUpdated.connect([&](const quic::QuicMetricsEvent& m) {
      if (trace && watch.last != 0 && m.congestionWindow < watch.last) {
        std::printf("QUIC %8.3f cwnd %5.1f -> %5.1f flight %5.1f  %s\n", m.time.seconds(),
                    static_cast<double>(watch.last) / 1472, static_cast<double>(m.congestionWindow) / 1472,
                    static_cast<double>(m.bytesInFlight) / 1472, m.cause);
      }
      watch.see(t, m.congestionWindow);
    });
    c.packetReceived.connect([&](const quic::QuicPacketEvent& e) {
      if (e.shortPacket == nullptr || (e.shortPacket->frames & quic::frames::kAck) == 0) return;
      // ACKs the client held back for max_ack_delay (RFC 9000 13.2.1) rather than sent at once.
      if (e.shortPacket->ack.delayMicros > 5000) t["delayedAcks"] += 1;
    });
    if (trace) {
      c.packetLost.connect([&](const quic::QuicLossEvent& e) {
        std::printf("QUIC %8.3f lost packet %4llu (%s)\n", e.time.seconds(),
                    static_cast<unsigned long long>(e.packetNumber), e.cause);
      });
    }
  });
  quic::QuicConnection& client = clientQuic.connect(serverQuic.localEndpoint());
  std::uint64_t recoveryEnd = 0;
  if (o.quicRecoveryPoint) {
    hooks.markRecoveryPoint = [&] {
      if (server != nullptr) recoveryEnd = server->stats().streamBytesSent;
    };
    // While the hole is open the client holds in order exactly what TCP's SND.UNA would be.
    hooks.recoveryPointReached = [&] { return client.streamBytesDelivered(0) >= recoveryEnd; };
  }
  const Sampler sampler(
      run.tick, t,
      [&server](double& cwnd, double& flight, bool& recovery) {
        if (server == nullptr || !server->handshakeComplete()) return false;
        cwnd = static_cast<double>(server->congestionWindow());
        flight = static_cast<double>(server->bytesInFlight());
        recovery = server->inRecovery();
        return true;
      },
      1472);
  client.setStreamDataCallback([&](std::uint64_t, std::uint64_t, bool fin) {
    if (fin) run.s.scheduler.stop();
  });
  client.send(client.openStream(), 100, true);
  run.s.scheduler.runUntil(SimTime::zero() + sim::Seconds(300));
  run.finish(t);
  if (server != nullptr) {
    const quic::RecoveryCounters& k = server->recoveryCounters();
    t["events"] += static_cast<double>(k.congestionEvents);
    t["timeouts"] += static_cast<double>(k.probeTimeouts);
    t["persistent"] += static_cast<double>(k.persistentCongestion);
    t["packets"] += static_cast<double>(server->stats().packetsSent);
    t["payload"] +=
        static_cast<double>(server->stats().streamBytesSent + server->stats().streamBytesRetransmitted);
  }
  t["acks"] += static_cast<double>(client.stats().packetsSent);
  return t;
}

void print(const char* name, Tally& m, int seeds, double mss) {
  const double k = 1.0 / seeds;
  std::printf(
      "%-4s %6.2f s | drops %4.1f (ACK direction %4.1f) | window cuts %4.1f (%.2f per drop), mean %5.2f -> "
      "%5.2f "
      "pkts (x%.3f); timeouts %.2f\n",
      name, m["seconds"] * k, m["drops"] * k, m["ackDrops"] * k, m["cuts"] * k, m["cuts"] / m["drops"],
      m["cutBefore"] / m["cuts"] / mss, m["cutAfter"] / m["cuts"] / mss, m["cutAfter"] / m["cutBefore"],
      m["timeouts"] * k);
  std::printf(
      "     mean cwnd %5.2f pkts, flight %5.2f pkts, window-limited %4.1f%%, in recovery %4.1f%% | growth "
      "after the "
      "first cut %5.1f pkts\n",
      m["cwndSum"] / m["samples"] / mss, m["flightSum"] / m["samples"] / mss,
      100 * m["limitedSamples"] / m["samples"], 100 * m["recoverySamples"] / m["samples"],
      m["growth"] * k / mss);
  std::printf("     %.0f packets, %5.0f ACKs (%.2f packets per ACK), payload %6.1f bytes per packet\n",
              m["packets"] * k, m["acks"] * k, m["packets"] / m["acks"], m["payload"] / m["packets"]);
}

// An option's whole-number value in [Lo, Hi], stored in `Field`; else the problem with it.
template <auto Field, std::uint64_t Lo, std::uint64_t Hi>
std::string setWhole(Options& o, const std::string& v) {
  const bench::WholeNumber n = bench::wholeNumberIn(v, Lo, Hi);
  if (n.problem.empty()) o.*Field = static_cast<std::remove_reference_t<decltype(o.*Field)>>(n.value);
  return n.problem;
}

// The options that take a value, each with what it does with one: the problem with the value, or
// nothing once the value is taken. One table, so that an option is named once.
struct ValueOption {
  const char* name;
  std::string (*apply)(Options&, const std::string&);
};
const ValueOption kValueOptions[] = {
    {"cc",
     [](Options& o, const std::string& v) -> std::string {
       if (!cc::parseAlgorithm(v)) return "unknown congestion control (newreno or cubic)";
       o.cc = v;
       return {};
     }},
    {"loss",
     [](Options& o, const std::string& v) -> std::string {
       const std::optional<double> number = bench::parseNumber(v);
       if (!number || *number < 0 || *number >= 1) return "is not a loss rate in [0, 1)";
       o.loss = *number;
       return {};
     }},
    {"quic-flight-excess",
     [](Options& o, const std::string& v) -> std::string {
       const std::optional<double> number = bench::parseNumber(v);
       if (!number || *number < 0) return "is not a non-negative number";
       o.quicFlightExcess = *number;
       return {};
     }},
    {"seeds", setWhole<&Options::seeds, 1, 100'000>},
    {"trace", setWhole<&Options::traceSeed, 0, std::numeric_limits<std::uint64_t>::max()>},
    {"ack-threshold", setWhole<&Options::ackThreshold, 1, 65'536>},      // QuicConfig's range
    {"max-ack-delay-ms", setWhole<&Options::maxAckDelayMs, 1, 16'383>},  // RFC 9000 18.2: below 2^14 ms
};

// The flags, each with what it sets.
struct FlagOption {
  const char* name;
  void (*apply)(Options&);
};
const FlagOption kFlagOptions[] = {
    {"per-seed", [](Options& o) { o.perSeed = true; }},
    {"no-prr", [](Options& o) { o.prr = false; }},
    {"quic-credit-recovery", [](Options& o) { o.quicCreditRecovery = true; }},
    {"quic-recovery-point", [](Options& o) { o.quicRecoveryPoint = true; }},
    {"tcp-rack", [](Options& o) { o.tcpRack = true; }},
    {"tcp-pipe", [](Options& o) { o.tcpPipe = true; }},
    {"tcp-no-delayed-ack", [](Options& o) { o.tcpDelayedAck = false; }},
};

// Options as `--name value` (as docs/http.md shows them) or `--name=value`, and flags. A value that
// is not a number, or out of range, an unknown option or a missing value: one message naming it,
// and exit status 2 (bench_options.h).
Options parse(int argc, char** argv) {
  std::vector<std::string> valued, flags;
  for (const ValueOption& v : kValueOptions) valued.push_back(v.name);
  for (const FlagOption& f : kFlagOptions) flags.push_back(f.name);
  const bench::CommandLine line(argc, argv, "transport_loss_trace", valued, flags);
  Options o;
  for (const bench::CommandLine::Option& option : line.options()) {
    if (!option.value) {
      for (const FlagOption& f : kFlagOptions) {
        if (option.name == f.name) f.apply(o);
      }
      continue;
    }
    for (const ValueOption& v : kValueOptions) {
      if (option.name != v.name) continue;
      if (const std::string problem = v.apply(o, *option.value); !problem.empty()) {
        line.fail(option.name, *option.value, problem);
      }
    }
  }
  return o;
}

}  // namespace

int main(int argc, char** argv) {
  const Options o = parse(argc, argv);
  Tally tcpTotal, quicTotal;
  for (int seed = 1; seed <= o.seeds; ++seed) {
    Tally a, b;
    try {
      a = runTcp(o, static_cast<std::uint64_t>(seed));
      b = runQuic(o, static_cast<std::uint64_t>(seed));
    } catch (const std::invalid_argument& e) {  // a configuration the models reject
      std::fprintf(stderr, "transport_loss_trace: %s\n", e.what());
      return 2;
    }
    if (o.perSeed) {
      std::printf(
          "seed %2d: TCP %6.2f s (%2.0f drops, %2.0f cuts, %.0f RTO)  QUIC %6.2f s (%2.0f drops, %2.0f cuts, "
          "%.0f PTO)\n",
          seed, a["seconds"], a["drops"], a["cuts"], a["timeouts"], b["seconds"], b["drops"], b["cuts"],
          b["timeouts"]);
    }
    addAll(tcpTotal, a);
    addAll(quicTotal, b);
  }
  std::printf("%s, loss %.3f each way, %d seeds, %llu bytes\n", o.cc.c_str(), o.loss, o.seeds,
              static_cast<unsigned long long>(o.bytes));
  print("TCP", tcpTotal, o.seeds, 1448);
  if (o.cc == "newreno") {
    // NewReno's ssthresh is FlightSize / 2 in the TCP model (CUBIC's is cwnd * 0.7 in both).
    std::printf("     fast-retransmit cuts halve cwnd + %.2f MSS on average (FlightSize - cwnd)\n",
                tcpTotal["flightExcess"] / tcpTotal["fastCuts"]);
  }
  print("QUIC", quicTotal, o.seeds, 1472);
  std::printf("     %.1f ACKs per run held for max_ack_delay; persistent congestion %.1f per run\n",
              quicTotal["delayedAcks"] / o.seeds, quicTotal["persistent"] / o.seeds);
  std::printf("QUIC/TCP %.3f\n", quicTotal["seconds"] / tcpTotal["seconds"]);
  return 0;
}
