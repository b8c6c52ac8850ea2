// File: models/scenario/run_context.h
// What a workload finds when a run builds it: the simulation, the topology's nodes by name, one
// transport stack per node (created on first use and shared by every workload on that node, as a
// host has one TCP), the HTTP side channels, and server ports that do not collide.
#pragma once

#include <functional>
#include <map>
#include <memory>
#include <string>
#include <vector>

#include "models/http/http2_frames.h"
#include "models/http/message_board.h"
#include "models/scenario/topology_spec.h"
#include "models/transport/quic/quic_endpoint.h"
#include "models/transport/tcp/tcp_stack.h"
#include "models/transport/udp/udp_stack.h"
#include "sim/net/network.h"

namespace wirelab::models::scenario {

class RunContext {
 public:
  RunContext(sim::Simulation& sim, const TopologySpec& topology);
  RunContext(const RunContext&) = delete;
  RunContext& operator=(const RunContext&) = delete;
  ~RunContext();

  sim::Simulation& sim() const { return *m_sim; }
  sim::Scheduler& scheduler() const { return m_sim->scheduler; }
  sim::Network& network() const { return m_sim->network; }
  // A node the loader checked exists.
  sim::NodeId node(const std::string& name) const;

  transport::tcp::TcpStack& tcp(sim::NodeId node);
  transport::udp::UdpStack& udp(sim::NodeId node);
  http::MessageBoard& httpBoard() { return m_board; }
  http::Http2WireRegistry& http2Wires() { return m_http2Wires; }

  // A workload announces each QUIC endpoint it creates, so that run-wide observers (qlog output)
  // can follow its connections without the workload knowing them.
  void addQuicEndpoint(transport::quic::QuicEndpoint& endpoint, const std::string& workload) {
    quicEndpointAdded(endpoint, workload);
  }
  sim::Signal<transport::quic::QuicEndpoint&, const std::string&> quicEndpointAdded;

  // A port for a workload's server that no other workload of this run uses.
  std::uint16_t allocatePort() { return m_nextPort++; }

  // Keeps an object alive until the end of the run (destroyed in reverse order of keeping).
  template <typename T>
  T& keep(std::unique_ptr<T> object) {
    T& ref = *object;
    m_kept.push_back(std::shared_ptr<void>(std::move(object)));
    return ref;
  }

  // A workload calls this once when it has nothing more to do; the run ends when all have.
  void workloadFinished();
  void expectWorkloads(std::size_t n) { m_unfinished = n; }
  bool allFinished() const { return m_unfinished == 0; }

 private:
  sim::Simulation* m_sim;
  std::map<sim::NodeId, std::unique_ptr<transport::tcp::TcpStack>> m_tcp;
  std::map<sim::NodeId, std::unique_ptr<transport::udp::UdpStack>> m_udp;
  http::MessageBoard m_board;
  http::Http2WireRegistry m_http2Wires;
  std::vector<std::shared_ptr<void>> m_kept;
  std::uint16_t m_nextPort = 8000;
  std::size_t m_unfinished = 0;
};

}  // namespace wirelab::models::scenario
