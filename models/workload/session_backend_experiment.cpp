#include "models/workload/session_backend_experiment.h"

#include <memory>
#include <stdexcept>
#include <string>

#include "models/workload/session_backend_server.h"
#include "models/workload/two_node_path.h"
#include "sim/net/network.h"

namespace wirelab::models::workload {

void SessionBackendExperiment::validate() const {
  const auto fail = [](const std::string& what) { throw std::invalid_argument("session_backend." + what); };
  validatePathParameters("session_backend", rate, rtt, lossRate);
  if (restart && restartAt < sim::Duration::zero()) {
    fail("restartAt: must not be negative, got " + sim::toString(restartAt));
  }
  if (restart && downtime < sim::Duration::zero()) {
    fail("downtime: must not be negative, got " + sim::toString(downtime));
  }
  if (timeLimit <= sim::Duration::zero())
    fail("timeLimit: must be positive, got " + sim::toString(timeLimit));
  backend.validate();
  clients.validate();
  tcp.validate();
}

SessionBackendResult runSessionBackendExperiment(const SessionBackendExperiment& e) {
  e.validate();
  sim::Simulation s(e.seed, 0);
  const TwoNodePath path = buildTwoNodePath(s.network, {.rate = e.rate,
                                                        .rtt = e.rtt,
                                                        .lossRate = e.lossRate,
                                                        .clientName = "clients",
                                                        .serverName = "backend"});
  const sim::NodeId clientNode = path.client, serverNode = path.server;

  auto clientTcp = std::make_unique<transport::tcp::TcpStack>(s.network, clientNode);
  SessionBackendServer::Registry registry;
  auto server = std::make_unique<SessionBackendServer>(s.network, serverNode, e.tcp, registry, e.backend);
  SessionBackendResult r;
  std::vector<std::unique_ptr<SessionBackendClient>> clients;
  for (int i = 0; i < e.clients.clients; ++i) {
    clients.push_back(std::make_unique<SessionBackendClient>(
        i, *clientTcp, transport::Endpoint{serverNode, e.backend.port}, e.tcp, registry, e.backend, e.clients,
        sim::SimTime::zero() + e.clients.startStagger * i));
    clients.back()->requestCompleted.connect(
        [&r](const SessionRequestRecord& rec) { r.requests.push_back(rec); });
  }
  if (e.restart) {
    s.scheduler.scheduleAt(sim::SimTime::zero() + e.restartAt, [&server, &e] { server->crash(e.downtime); });
  }
  const auto allDone = [&clients] {
    for (const auto& c : clients) {
      if (!c->done()) return false;
    }
    return true;
  };
  const sim::SimTime end = sim::SimTime::zero() + e.timeLimit;
  while (!allDone() && s.scheduler.now() < end && s.scheduler.pendingCount() > 0) {
    s.scheduler.runUntil(std::min(end, s.scheduler.now() + sim::Milliseconds(100)));
  }
  r.finished = allDone();
  for (const auto& c : clients) {
    const SessionClientCounters& k = c->counters();
    r.totals.requestsSent += k.requestsSent;
    r.totals.requestsRepeated += k.requestsRepeated;
    r.totals.requestsCompleted += k.requestsCompleted;
    r.totals.failedByReset += k.failedByReset;
    r.totals.unauthorized += k.unauthorized;
    r.totals.loginExchanges += k.loginExchanges;
    r.totals.loginsAborted += k.loginsAborted;
    r.totals.connectAttempts += k.connectAttempts;
    r.totals.refusedConnects += k.refusedConnects;
    r.totals.connectionResets += k.connectionResets;
    r.recoveries.insert(r.recoveries.end(), c->recoveries().begin(), c->recoveries().end());
  }
  if (!r.requests.empty()) r.lastCompletion = r.requests.back().doneAt;
  r.connectionsReset = server->connectionsReset();
  r.unauthorizedSent = server->unauthorizedSent();
  r.wireBytesToServer = s.network.node(clientNode).interface(0).counters().transmittedBytes;
  r.wireBytesToClients = s.network.node(serverNode).interface(0).counters().transmittedBytes;
  clients.clear();
  server.reset();
  clientTcp.reset();
  return r;
}

}  // namespace wirelab::models::workload
