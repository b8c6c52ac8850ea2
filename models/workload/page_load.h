// File: models/workload/page_load.h
// A page load over any HTTP client: the base document first, then its N objects requested all at once
// when it has arrived (one dependency wave), as a browser's preload scanner does. The page is
// loaded when the last object's last byte has arrived.
#pragma once

#include <cstdint>
#include <functional>
#include <utility>
#include <vector>

#include "models/http/http_exchange.h"
#include "sim/core/scheduler.h"

namespace wirelab::models::workload {

struct PageSpec {
  transport::Endpoint origin;
  std::uint32_t requestBytes = 400;
  std::uint64_t baseDocumentBytes = 10'000;
  std::vector<std::uint64_t> objectBytes;  // one entry per object
};

class PageLoad {
 public:
  // How the page asks for one resource: an HTTP/1.1 or HTTP/2 client's request().
  using Requester =
      std::function<void(const http::HttpRequestSpec&, std::function<void(const http::HttpWaterfall&)>)>;

  // Starts now; `onLoaded` receives the page load time.
  PageLoad(Requester request, const sim::Scheduler& scheduler, PageSpec page,
           std::function<void(sim::Duration)> onLoaded);

  // The usual requester: `client.request(spec, done)` of an Http1Client or Http2Client.
  template <typename Client>
  static Requester through(Client& client) {
    return
        [&client](const http::HttpRequestSpec& spec, std::function<void(const http::HttpWaterfall&)> done) {
          client.request(spec, std::move(done));
        };
  }

  bool loaded() const { return m_remaining == 0 && m_baseDone; }
  sim::Duration loadTime() const { return m_loadTime; }

 private:
  void onBase(const http::HttpWaterfall& w);

  Requester m_request;
  const sim::Scheduler* m_sched;
  PageSpec m_page;
  std::function<void(sim::Duration)> m_onLoaded;
  sim::SimTime m_start;
  std::size_t m_remaining = 0;
  bool m_baseDone = false;
  sim::Duration m_loadTime;
};

}  // namespace wirelab::models::workload
