#include "models/scenario/run_context.h"

#include <stdexcept>

namespace wirelab::models::scenario {

RunContext::RunContext(sim::Simulation& sim, const TopologySpec& topology) : m_sim(&sim) {
  buildTopology(topology, sim.network);
}

RunContext::~RunContext() {
  // Workload objects hold references into the stacks: they go first, newest first.
  while (!m_kept.empty()) m_kept.pop_back();
}

sim::NodeId RunContext::node(const std::string& name) const {
  const sim::NodeId id = m_sim->network.findNode(name);
  if (id == sim::kNoNode) throw std::logic_error("scenario: unchecked node reference \"" + name + "\"");
  return id;
}

transport::tcp::TcpStack& RunContext::tcp(sim::NodeId node) {
  auto& slot = m_tcp[node];
  if (!slot) slot = std::make_unique<transport::tcp::TcpStack>(m_sim->network, node);
  return *slot;
}

transport::udp::UdpStack& RunContext::udp(sim::NodeId node) {
  auto& slot = m_udp[node];
  if (!slot) slot = std::make_unique<transport::udp::UdpStack>(m_sim->network, node);
  return *slot;
}

void RunContext::workloadFinished() {
  if (m_unfinished > 0 && --m_unfinished == 0) m_sim->scheduler.stop();
}

}  // namespace wirelab::models::scenario
