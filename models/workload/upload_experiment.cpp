#include "models/workload/upload_experiment.h"

#include <memory>
#include <stdexcept>
#include <string>

#include "models/workload/two_node_path.h"
#include "models/workload/upload_server.h"
#include "sim/net/network.h"

namespace wirelab::models::workload {

void UploadExperiment::validate() const {
  const auto fail = [](const std::string& what) { throw std::invalid_argument("upload_experiment." + what); };
  validatePathParameters("upload_experiment", rate, rtt, lossRate);
  if (timeLimit <= sim::Duration::zero())
    fail("timeLimit: must be positive, got " + sim::toString(timeLimit));
  upload.validate();
  tcp.validate();
}

UploadResult runUploadExperiment(const UploadExperiment& e) {
  e.validate();
  sim::Simulation s(e.seed, 0);
  const TwoNodePath path =
      buildTwoNodePath(s.network, {.rate = e.rate, .rtt = e.rtt, .lossRate = e.lossRate});
  const sim::NodeId clientNode = path.client, serverNode = path.server;

  auto clientTcp = std::make_unique<transport::tcp::TcpStack>(s.network, clientNode);
  auto serverTcp = std::make_unique<transport::tcp::TcpStack>(s.network, serverNode);
  UploadServer::Registry registry;
  auto server = std::make_unique<UploadServer>(*serverTcp, 80, e.tcp, registry, e.upload.responseBytes);
  auto client =
      std::make_unique<UploadClient>(*clientTcp, transport::Endpoint{serverNode, 80}, e.tcp, registry,
                                     s.random.stream("upload/client/disconnects"), e.upload);
  const sim::SimTime end = sim::SimTime::zero() + e.timeLimit;
  while (!client->stats().done && s.scheduler.now() < end && s.scheduler.pendingCount() > 0) {
    s.scheduler.runUntil(std::min(end, s.scheduler.now() + sim::Milliseconds(100)));
  }
  UploadResult r;
  r.stats = client->stats();
  r.wireBytesToServer = s.network.node(clientNode).interface(0).counters().transmittedBytes;
  r.wireBytesToClient = s.network.node(serverNode).interface(0).counters().transmittedBytes;
  r.serverCommittedOffset = server->committedOffset();
  client.reset();
  server.reset();
  clientTcp.reset();
  serverTcp.reset();
  return r;
}

}  // namespace wirelab::models::workload
