#include "models/workload/rpc_experiment.h"

#include <memory>
#include <sstream>
#include <stdexcept>

#include "models/transport/tcp/tcp_stack.h"
#include "models/workload/http_client_server.h"
#include "models/workload/two_node_path.h"
#include "sim/net/network.h"

namespace wirelab::models::workload {

void RpcExperimentConfig::validate() const {
  const auto fail = [](const std::string& what) { throw std::invalid_argument("rpc_experiment." + what); };
  if (version == HttpVersion::Http3) fail("version: HTTP/3 is not offered (its server has no service time)");
  validatePathParameters("rpc_experiment", rate, rtt, lossRate);
  if (serviceTimeMs.mean() < 0) fail("serviceTimeMs: mean must not be negative");
  if (http1Connections < 1) {
    fail("http1Connections: must be at least 1, got " + std::to_string(http1Connections));
  }
  if (http2WindowBytes < 1) fail("http2WindowBytes: must be positive, got 0");
  if (timeLimit <= sim::Duration::zero())
    fail("timeLimit: must be positive, got " + sim::toString(timeLimit));
  client.validate();
}

RpcExperimentResult runRpcExperiment(const RpcExperimentConfig& config) {
  config.validate();
  sim::Simulation s(config.seed, 0);
  const TwoNodePath path =
      buildTwoNodePath(s.network, {.rate = config.rate, .rtt = config.rtt, .lossRate = config.lossRate});
  const sim::NodeId clientNode = path.client, serverNode = path.server;

  auto clientTcp = std::make_unique<transport::tcp::TcpStack>(s.network, clientNode);
  auto serverTcp = std::make_unique<transport::tcp::TcpStack>(s.network, serverNode);
  HttpClientServerConfig httpConfig =
      symmetricHttpConfig(config.version, transport::tcp::TcpConfig{}, config.http2WindowBytes);
  httpConfig.http1Server.thinkTimeMs = config.serviceTimeMs;
  httpConfig.http1Client.maxConnectionsPerOrigin = config.http1Connections;
  httpConfig.http2Server.thinkTimeMs = config.serviceTimeMs;
  auto clientServer = std::make_unique<HttpClientServer>(*clientTcp, *serverTcp, httpConfig);

  RpcExperimentResult result;
  auto client =
      std::make_unique<RpcClient>(PageLoad::through(*clientServer), s.scheduler,
                                  s.random.stream("rpc/client"), clientServer->origin(), config.client);
  client->inFlightChanged.connect(
      [&result](sim::SimTime t, std::uint64_t n) { result.inFlightOverTime.emplace_back(t.seconds(), n); });
  // The server->client link's busy time between the warm-up completion and the last completion.
  const sim::Interface& down = s.network.node(serverNode).interface(0);
  std::uint64_t bytesAtWarmup = 0;
  client->callCompleted.connect([&](const RpcCall&) {
    if (client->completed().size() == config.warmupCalls + 1)
      bytesAtWarmup = down.counters().transmittedBytes;
  });
  const sim::SimTime limit = sim::SimTime::zero() + config.timeLimit;
  while (!client->finished() && s.scheduler.now() < limit && s.scheduler.pendingCount() > 0) {
    s.scheduler.runUntil(std::min(limit, s.scheduler.now() + sim::Milliseconds(100)));
  }
  result.finished = client->finished();
  result.calls = client->completed();
  result.throughputPerSecond = client->throughput(config.warmupCalls);
  result.meanLatencySeconds = client->meanLatencySeconds(config.warmupCalls);
  double ttfb = 0;
  for (std::size_t i = config.warmupCalls; i < result.calls.size(); ++i) {
    ttfb += result.calls[i].timeToFirstByte().seconds();
  }
  if (result.calls.size() > config.warmupCalls) {
    result.meanTimeToFirstByteSeconds = ttfb / static_cast<double>(result.calls.size() - config.warmupCalls);
  }
  result.meanInFlight = client->meanInFlight();
  result.maxInFlight = client->maxInFlight();
  result.wireBytesToServer = s.network.node(clientNode).interface(0).counters().transmittedBytes;
  result.wireBytesToClient = down.counters().transmittedBytes;
  if (result.calls.size() > config.warmupCalls + 1) {
    const double span = (result.calls.back().doneAt - result.calls[config.warmupCalls].doneAt).seconds();
    const double bits = static_cast<double>(result.wireBytesToClient - bytesAtWarmup) * 8;
    if (span > 0)
      result.serverLinkUtilisation = bits / static_cast<double>(config.rate.bitsPerSecond()) / span;
  }
  client.reset();
  clientServer.reset();
  clientTcp.reset();
  serverTcp.reset();
  return result;
}

}  // namespace wirelab::models::workload
