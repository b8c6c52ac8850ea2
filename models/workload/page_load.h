// File: models/workload/page_load.h
// A page load over HTTP/1.1: the base document first, then its N objects requested all at once
// when it has arrived (one dependency wave), as a browser's preload scanner does. The page is
// loaded when the last object's last byte has arrived.
#pragma once

#include <cstdint>
#include <functional>
#include <vector>

#include "models/http/http1_client.h"

namespace wirelab::models::workload {

struct PageSpec {
  transport::Endpoint origin;
  std::uint32_t requestBytes = 400;
  std::uint64_t baseDocumentBytes = 10'000;
  std::vector<std::uint64_t> objectBytes;  // one entry per object
};

class PageLoad {
 public:
  // Starts now; `onLoaded` receives the page load time.
  PageLoad(http::Http1Client& client, const sim::Scheduler& scheduler, PageSpec page,
           std::function<void(sim::Duration)> onLoaded);

  bool loaded() const { return m_remaining == 0 && m_baseDone; }
  sim::Duration loadTime() const { return m_loadTime; }

 private:
  void onBase(const http::HttpWaterfall& w);

  http::Http1Client* m_client;
  const sim::Scheduler* m_sched;
  PageSpec m_page;
  std::function<void(sim::Duration)> m_onLoaded;
  sim::SimTime m_start;
  std::size_t m_remaining = 0;
  bool m_baseDone = false;
  sim::Duration m_loadTime;
};

}  // namespace wirelab::models::workload
