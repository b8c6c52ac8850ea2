// File: models/workload/session_backend_experiment.h
// N session clients against one backend across a shared link (rate, RTT, loss both ways), the
// backend crashing once at restartAt and coming back after downtime: failed and repeated requests,
// logins, latency over time and bytes on the wire, for either session design.
#pragma once

#include <cstdint>
#include <vector>

#include "models/transport/tcp/tcp_config.h"
#include "models/workload/session_backend_client.h"
#include "sim/core/quantity.h"
#include "sim/core/time.h"

namespace wirelab::models::workload {

struct SessionBackendExperiment {
  sim::DataRate rate = sim::Mbps(100);
  sim::Duration rtt = sim::Milliseconds(40);
  double lossRate = 0.0;  // Bernoulli, each direction
  SessionBackendConfig backend;
  SessionClientConfig clients;
  bool restart = true;
  sim::Duration restartAt = sim::Seconds(2);
  sim::Duration downtime = sim::Seconds(3);  // D
  transport::tcp::TcpConfig tcp;
  std::uint64_t seed = 1;
  sim::Duration timeLimit = sim::Seconds(600);
  void validate() const;
};

struct SessionBackendResult {
  bool finished = false;                       // every client completed all its requests
  SessionClientCounters totals;                // summed over clients
  std::vector<SessionRequestRecord> requests;  // completion order
  std::vector<SessionRecovery> recoveries;     // one per client that lost its connection
  std::uint64_t connectionsReset = 0;          // by the crash, at the server
  std::uint64_t unauthorizedSent = 0;
  std::uint64_t wireBytesToServer = 0;
  std::uint64_t wireBytesToClients = 0;
  sim::SimTime lastCompletion;
};

SessionBackendResult runSessionBackendExperiment(const SessionBackendExperiment& e);

}  // namespace wirelab::models::workload
