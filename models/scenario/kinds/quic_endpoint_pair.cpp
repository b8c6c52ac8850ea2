#include "models/scenario/kinds/quic_endpoint_pair.h"

namespace wirelab::models::scenario {

QuicEndpointPair makeQuicEndpointPair(RunContext& ctx, sim::NodeId server, std::uint16_t serverPort,
                                      sim::NodeId client, const transport::quic::QuicConfig& config,
                                      const std::string& workload) {
  QuicEndpointPair pair;
  pair.server = std::make_unique<transport::quic::QuicEndpoint>(ctx.udp(server), serverPort, config);
  pair.client = std::make_unique<transport::quic::QuicEndpoint>(ctx.udp(client), 0, config);
  ctx.addQuicEndpoint(*pair.server, workload);
  ctx.addQuicEndpoint(*pair.client, workload);
  return pair;
}

}  // namespace wirelab::models::scenario
