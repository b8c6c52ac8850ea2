// File: models/scenario/kinds/tcp_settings.h
// The `tcp:` block a workload may carry: a profile name ("linux", "rfc", "ns3"), alone or with
// overrides:
//   tcp: linux
//   tcp: {profile: linux, congestion_control: newreno, initial_window: 4, min_rto: 1s}
#pragma once

#include <optional>
#include <string>

#include "models/scenario/spec_node.h"
#include "models/transport/quic/quic_config.h"
#include "models/transport/tcp/tcp_config.h"
#include "models/transport/tls/tls_session.h"
#include "sim/core/distributions.h"

namespace wirelab::models::scenario {

transport::tcp::TcpConfig readTcpSettings(const SpecNode& workload,
                                          const std::string& defaultProfile = "linux");

// A `tls:` key: none (the default: nullopt), "1.2" or "1.3" (a TlsConfig of that version).
std::optional<transport::tls::TlsConfig> readTlsSetting(const SpecNode& parent, const std::string& key);

// QUIC with the congestion control of a TCP setting (algorithm, initial window, HyStart++), so an
// HTTP/3 run compares transports, not controllers.
transport::quic::QuicConfig quicConfigLike(const transport::tcp::TcpConfig& tcp);

// Reads a distribution: a number (constant), or {dist: exponential, mean: 10}, {dist: uniform,
// min:, max:}, {dist: lognormal, mu:, sigma:}, {dist: pareto, scale:, shape:}, {dist: normal,
// mean:, stddev:} (all in the unit the caller states, e.g. milliseconds).
sim::Distribution readDistribution(const SpecNode& parent, const std::string& key, double fallbackConstant);

}  // namespace wirelab::models::scenario
