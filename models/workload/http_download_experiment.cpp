#include "models/workload/http_download_experiment.h"

#include <memory>
#include <stdexcept>
#include <string>

#include "models/transport/tcp/tcp_stack.h"
#include "models/workload/bulk_transfer.h"
#include "models/workload/http_client_server.h"
#include "models/workload/two_node_path.h"
#include "sim/net/network.h"

namespace wirelab::models::workload {

namespace {

struct Path {
  explicit Path(const HttpDownloadExperiment& e) : s(e.seed, 0) {
    const TwoNodePath path = buildTwoNodePath(
        s.network, {.rate = e.rate, .rtt = e.rtt, .lossRate = e.lossRate, .queuePackets = e.queuePackets});
    client = path.client;
    server = path.server;
  }
  // Runs in slices until `done` or the limit (open connections keep timers alive).
  template <typename Done>
  void runUntil(Done done, sim::Duration limit) {
    const sim::SimTime end = sim::SimTime::zero() + limit;
    while (!done() && s.scheduler.now() < end && s.scheduler.pendingCount() > 0) {
      s.scheduler.runUntil(std::min(end, s.scheduler.now() + sim::Milliseconds(100)));
    }
  }
  sim::Simulation s;
  sim::NodeId client = sim::kNoNode, server = sim::kNoNode;
};

}  // namespace

void HttpDownloadExperiment::validate() const {
  const auto fail = [](const std::string& what) { throw std::invalid_argument("http_download." + what); };
  if (version == HttpVersion::Http3) fail("version: HTTP/3 is not offered here");
  validatePathParameters("http_download", rate, rtt, lossRate);
  if (queuePackets < 1) fail("queuePackets: must be positive, got 0");
  if (http2WindowBytes < 1) fail("http2WindowBytes: must be positive, got 0");
  if (timeLimit <= sim::Duration::zero())
    fail("timeLimit: must be positive, got " + sim::toString(timeLimit));
  download.validate();
  tcp.validate();
}

HttpDownloadResult runHttpDownload(const HttpDownloadExperiment& e) {
  e.validate();
  Path p(e);
  auto clientTcp = std::make_unique<transport::tcp::TcpStack>(p.s.network, p.client);
  auto serverTcp = std::make_unique<transport::tcp::TcpStack>(p.s.network, p.server);
  auto clientServer = std::make_unique<HttpClientServer>(
      *clientTcp, *serverTcp, symmetricHttpConfig(e.version, e.tcp, e.http2WindowBytes));
  auto download = std::make_unique<HttpDownload>(PageLoad::through(*clientServer), p.s.scheduler,
                                                 clientServer->origin(), e.download);
  p.runUntil([&] { return download->result().done; }, e.timeLimit);
  HttpDownloadResult r = download->result();
  download.reset();
  clientServer.reset();
  clientTcp.reset();
  serverTcp.reset();
  return r;
}

HttpDownloadResult runTcpBulkReference(const HttpDownloadExperiment& e) {
  e.validate();
  Path p(e);
  auto clientTcp = std::make_unique<transport::tcp::TcpStack>(p.s.network, p.client);
  auto serverTcp = std::make_unique<transport::tcp::TcpStack>(p.s.network, p.server);
  HttpDownloadResult r;
  r.bytes = e.download.responseBytes;
  auto sink = std::make_unique<BulkSink>(*clientTcp, 9000, e.tcp);
  auto sender = std::make_unique<BulkSender>(*serverTcp, transport::Endpoint{p.client, 9000}, e.tcp,
                                             sim::SimTime::zero(), e.download.responseBytes);
  p.runUntil([&] { return sink->bytesReceived() >= e.download.responseBytes; }, e.timeLimit);
  r.done = sink->bytesReceived() >= e.download.responseBytes;
  r.firstByteAt = sink->firstByteAt();
  r.doneAt = sink->lastByteAt();
  sender.reset();
  sink.reset();
  clientTcp.reset();
  serverTcp.reset();
  return r;
}

}  // namespace wirelab::models::workload
