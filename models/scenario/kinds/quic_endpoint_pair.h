// File: models/scenario/kinds/quic_endpoint_pair.h
// The two QUIC endpoints of a workload that runs over QUIC (page-load's HTTP/3, transfer's quic):
// the server's, bound to a port of the run, and the client's, on an ephemeral port, both with one
// configuration and both announced to the run under the workload's name, so that run-wide
// observers (qlog output) follow their connections.
#pragma once

#include <cstdint>
#include <memory>
#include <string>

#include "models/scenario/run_context.h"
#include "models/transport/quic/quic_config.h"
#include "models/transport/quic/quic_endpoint.h"

namespace wirelab::models::scenario {

struct QuicEndpointPair {
  std::unique_ptr<transport::quic::QuicEndpoint> server;
  std::unique_ptr<transport::quic::QuicEndpoint> client;
};

QuicEndpointPair makeQuicEndpointPair(RunContext& ctx, sim::NodeId server, std::uint16_t serverPort,
                                      sim::NodeId client, const transport::quic::QuicConfig& config,
                                      const std::string& workload);

}  // namespace wirelab::models::scenario
