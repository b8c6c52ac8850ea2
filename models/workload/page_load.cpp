#include "models/workload/page_load.h"

#include <string>
#include <utility>

namespace wirelab::models::workload {

PageLoad::PageLoad(Requester request, const sim::Scheduler& scheduler, PageSpec page,
                   std::function<void(sim::Duration)> onLoaded)
    : m_request(std::move(request)),
      m_sched(&scheduler),
      m_page(std::move(page)),
      m_onLoaded(std::move(onLoaded)) {
  m_start = scheduler.now();
  m_remaining = m_page.objectBytes.size();
  http::HttpRequestSpec base{m_page.origin, m_page.requestBytes, m_page.baseDocumentBytes, "index.html"};
  m_request(base, [this](const http::HttpWaterfall& w) { onBase(w); });
}

void PageLoad::onBase(const http::HttpWaterfall&) {
  m_baseDone = true;
  const auto finish = [this] {
    m_loadTime = m_sched->now() - m_start;
    if (m_onLoaded) m_onLoaded(m_loadTime);
  };
  if (m_remaining == 0) {
    finish();
    return;
  }
  for (std::size_t i = 0; i < m_page.objectBytes.size(); ++i) {
    http::HttpRequestSpec object{m_page.origin, m_page.requestBytes, m_page.objectBytes[i],
                                 "object-" + std::to_string(i)};
    m_request(object, [this, finish](const http::HttpWaterfall&) {
      if (--m_remaining == 0) finish();
    });
  }
}

}  // namespace wirelab::models::workload
