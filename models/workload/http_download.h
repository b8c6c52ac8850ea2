// File: models/workload/http_download.h
// HTTP bulk download: one GET whose response is large, through any HTTP client (PageLoad::Requester),
// measured the way a download tool reports it: time to first byte, completion time, and goodput
// (response bytes over the time from the first to the last response byte, so the connection setup
// and the request's round trip do not dilute the transfer rate).
#pragma once

#include <cstdint>
#include <functional>

#include "models/workload/page_load.h"
#include "sim/core/scheduler.h"

namespace wirelab::models::workload {

struct HttpDownloadSpec {
  std::uint32_t requestBytes = 400;
  std::uint64_t responseBytes = 10'000'000;  // headers + body
  // Throws std::invalid_argument naming the parameter.
  void validate() const;
};

struct HttpDownloadResult {
  bool done = false;
  std::uint64_t bytes = 0;
  sim::SimTime requestedAt, firstByteAt, doneAt;
  double goodputMbps() const;        // bytes x 8 / (doneAt - firstByteAt)
  double completionSeconds() const;  // doneAt - requestedAt
};

class HttpDownload {
 public:
  // Requests now; `onDone` (optional) runs when the last byte has arrived.
  HttpDownload(PageLoad::Requester request, const sim::Scheduler& scheduler, transport::Endpoint origin,
               const HttpDownloadSpec& spec, std::function<void(const HttpDownloadResult&)> onDone = {});
  const HttpDownloadResult& result() const { return m_result; }

 private:
  HttpDownloadResult m_result;
};

}  // namespace wirelab::models::workload
