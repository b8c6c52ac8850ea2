// File: models/workload/http_download_experiment.h
// An HTTP bulk download across one link (rate, RTT, loss both ways), over HTTP/1.1 or HTTP/2, and
// the same bytes moved by the plain TCP bulk model (BulkSender/BulkSink) on an identical link, so
// that the HTTP layer's cost can be read off as the difference in goodput.
#pragma once

#include <cstdint>

#include "models/transport/tcp/tcp_config.h"
#include "models/workload/http_download.h"
#include "models/workload/page_load_experiment.h"
#include "sim/core/quantity.h"
#include "sim/core/time.h"

namespace wirelab::models::workload {

struct HttpDownloadExperiment {
  HttpVersion version = HttpVersion::Http1;  // Http1 or Http2
  sim::DataRate rate = sim::Mbps(20);
  sim::Duration rtt = sim::Milliseconds(40);
  double lossRate = 0.0;  // Bernoulli, each direction
  std::uint32_t queuePackets = 1000;
  HttpDownloadSpec download;
  std::uint32_t http2WindowBytes = 15 * 1024 * 1024;  // Chrome's connection window; 65,535 is RFC 9113's
  transport::tcp::TcpConfig tcp;
  std::uint64_t seed = 1;
  sim::Duration timeLimit = sim::Seconds(600);
  void validate() const;
};

HttpDownloadResult runHttpDownload(const HttpDownloadExperiment& e);
// The TCP bulk model on the same link moving download.responseBytes from server to client, measured
// the same way (first to last byte at the receiver).
HttpDownloadResult runTcpBulkReference(const HttpDownloadExperiment& e);

}  // namespace wirelab::models::workload
