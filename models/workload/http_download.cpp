#include "models/workload/http_download.h"

#include <stdexcept>
#include <utility>

namespace wirelab::models::workload {

void HttpDownloadSpec::validate() const {
  if (requestBytes < 1) throw std::invalid_argument("http_download.requestBytes: must be positive, got 0");
  if (responseBytes < 1) throw std::invalid_argument("http_download.responseBytes: must be positive, got 0");
}

double HttpDownloadResult::goodputMbps() const {
  const double span = (doneAt - firstByteAt).seconds();
  return done && span > 0 ? static_cast<double>(bytes) * 8 / span / 1e6 : 0;
}

double HttpDownloadResult::completionSeconds() const { return done ? (doneAt - requestedAt).seconds() : 0; }

HttpDownload::HttpDownload(PageLoad::Requester request, const sim::Scheduler& scheduler,
                           transport::Endpoint origin, const HttpDownloadSpec& spec,
                           std::function<void(const HttpDownloadResult&)> onDone) {
  spec.validate();
  m_result.requestedAt = scheduler.now();
  m_result.bytes = spec.responseBytes;
  http::HttpRequestSpec get{origin, spec.requestBytes, spec.responseBytes, "download"};
  request(get, [this, &scheduler, onDone = std::move(onDone)](const http::HttpWaterfall& w) {
    m_result.done = true;
    m_result.firstByteAt = w.firstByteAt;
    m_result.doneAt = scheduler.now();
    if (onDone) onDone(m_result);
  });
}

}  // namespace wirelab::models::workload
