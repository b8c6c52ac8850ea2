// File: models/workload/upload_experiment.h
// One upload (upload_protocol.h) from a client to a server across one link (rate, RTT, loss both
// ways), with the client's random disconnects: the run behind "single request vs chunked and
// resumable", from parameters a scenario file can give.
#pragma once

#include <cstdint>

#include "models/transport/tcp/tcp_config.h"
#include "models/workload/upload_client.h"
#include "sim/core/quantity.h"
#include "sim/core/time.h"

namespace wirelab::models::workload {

struct UploadExperiment {
  sim::DataRate rate = sim::Mbps(10);
  sim::Duration rtt = sim::Milliseconds(40);
  double lossRate = 0.0;  // Bernoulli, each direction
  UploadConfig upload;
  transport::tcp::TcpConfig tcp;
  std::uint64_t seed = 1;
  sim::Duration timeLimit = sim::Seconds(3600);
  void validate() const;
};

struct UploadResult {
  UploadStats stats;
  std::uint64_t wireBytesToServer = 0;  // IP packets client -> server (SYNs, headers, ACKs, RSTs included)
  std::uint64_t wireBytesToClient = 0;
  std::uint64_t serverCommittedOffset = 0;
};

UploadResult runUploadExperiment(const UploadExperiment& e);

}  // namespace wirelab::models::workload
