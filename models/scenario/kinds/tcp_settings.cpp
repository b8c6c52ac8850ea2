#include "models/scenario/kinds/tcp_settings.h"

#include <stdexcept>

namespace wirelab::models::scenario {

using transport::tcp::TcpConfig;

TcpConfig readTcpSettings(const SpecNode& workload, const std::string& defaultProfile) {
  SpecNode node = workload["tcp"];
  if (!node.defined()) return *transport::tcp::tcpProfile(defaultProfile);
  const std::vector<std::string> profiles = {"linux", "rfc", "ns3"};
  if (node.isScalar()) return *transport::tcp::tcpProfile(workload.choice("tcp", profiles));
  node.checkKeys({"profile", "congestion_control", "initial_window", "sack", "rack_tlp", "prr", "hystart",
                  "timestamps", "random_clock_phase", "delayed_ack", "delayed_ack_timeout", "nagle",
                  "min_rto", "initial_rto", "mtu", "send_buffer", "receive_buffer"});
  TcpConfig c = *transport::tcp::tcpProfile(node.choice("profile", profiles, defaultProfile));
  if (node.has("congestion_control")) {
    const std::string cc = node.choice("congestion_control", {"newreno", "cubic"});
    c.congestionControl = cc == "cubic" ? transport::cc::Algorithm::Cubic : transport::cc::Algorithm::NewReno;
  }
  c.initialWindowSegments =
      static_cast<std::uint32_t>(node.integer("initial_window", c.initialWindowSegments, 1, 1000));
  c.sack = node.flag("sack", c.sack);
  c.rackTlp = node.flag("rack_tlp", c.rackTlp);
  c.proportionalRateReduction = node.flag("prr", c.proportionalRateReduction);
  c.hystartPlusPlus = node.flag("hystart", c.hystartPlusPlus);
  c.timestamps = node.flag("timestamps", c.timestamps);
  c.randomClockPhase = node.flag("random_clock_phase", c.randomClockPhase);
  c.delayedAck = node.flag("delayed_ack", c.delayedAck);
  c.delayedAckTimeout = node.duration("delayed_ack_timeout", c.delayedAckTimeout);
  c.nagle = node.flag("nagle", c.nagle);
  c.minRto = node.duration("min_rto", c.minRto);
  c.initialRto = node.duration("initial_rto", c.initialRto);
  c.mtuBytes = static_cast<std::uint32_t>(node.integer("mtu", c.mtuBytes, 576, 65535));
  c.sendBufferBytes = static_cast<std::uint64_t>(
      node.bytes("send_buffer", sim::ByteCount(static_cast<std::int64_t>(c.sendBufferBytes))).bytes());
  c.receiveBufferBytes = static_cast<std::uint64_t>(
      node.bytes("receive_buffer", sim::ByteCount(static_cast<std::int64_t>(c.receiveBufferBytes))).bytes());
  try {
    c.validate();
  } catch (const std::invalid_argument& e) {
    node.error(e.what());
  }
  return c;
}

std::optional<transport::tls::TlsConfig> readTlsSetting(const SpecNode& parent, const std::string& key) {
  const std::string version = parent.choice(key, {"none", "1.2", "1.3"}, "none");
  if (version == "none") return std::nullopt;
  transport::tls::TlsConfig t;
  t.version = version == "1.2" ? transport::tls::TlsVersion::Tls12 : transport::tls::TlsVersion::Tls13;
  return t;
}

transport::quic::QuicConfig quicConfigLike(const TcpConfig& tcp) {
  transport::quic::QuicConfig q;
  q.congestionControl = tcp.congestionControl == transport::cc::Algorithm::Cubic ? "cubic" : "newreno";
  q.initialWindowPackets = tcp.initialWindowSegments;
  q.hystartPlusPlus = tcp.hystartPlusPlus;
  q.mtuBytes = tcp.mtuBytes;
  return q;
}

sim::Distribution readDistribution(const SpecNode& parent, const std::string& key, double fallbackConstant) {
  SpecNode node = parent[key];
  if (!node.defined()) return sim::Constant(fallbackConstant);
  if (node.isScalar()) return sim::Constant(parent.number(key, fallbackConstant, 0.0));
  const std::string kind =
      node.choice("dist", {"constant", "exponential", "uniform", "normal", "lognormal", "pareto"});
  try {
    if (kind == "constant") {
      node.checkKeys({"dist", "value"});
      return sim::Constant(node.number("value"));
    }
    if (kind == "exponential") {
      node.checkKeys({"dist", "mean"});
      return sim::Exponential(node.number("mean", std::nullopt, 0.0));
    }
    if (kind == "uniform") {
      node.checkKeys({"dist", "min", "max"});
      return sim::Uniform(node.number("min"), node.number("max"));
    }
    if (kind == "normal") {
      node.checkKeys({"dist", "mean", "stddev"});
      return sim::Normal(node.number("mean"), node.number("stddev", std::nullopt, 0.0));
    }
    if (kind == "lognormal") {
      node.checkKeys({"dist", "mean", "stddev"});
      return sim::LogNormal::fromMeanAndStddev(node.number("mean", std::nullopt, 0.0),
                                               node.number("stddev", std::nullopt, 0.0));
    }
    node.checkKeys({"dist", "mean", "shape"});
    return sim::Pareto::fromMeanAndShape(node.number("mean", std::nullopt, 0.0),
                                         node.number("shape", std::nullopt, 0.0));
  } catch (const std::invalid_argument& e) {
    node.error(e.what());
    return sim::Constant(fallbackConstant);
  }
}

}  // namespace wirelab::models::scenario
