#include "models/workload/page_load.h"

#include <stdexcept>
#include <string>
#include <utility>

namespace wirelab::models::workload {

void PageSpec::validate() const {
  for (std::size_t i = 0; i < objects.size(); ++i) {
    const int parent = objects[i].parent;
    // Parents come first, so the references form a tree rooted at the base document.
    if (parent < -1 || parent >= static_cast<int>(i)) {
      throw std::invalid_argument("page.objects[" + std::to_string(i) +
                                  "].parent: must be -1 (the base document) or "
                                  "the index of an earlier object, got " +
                                  std::to_string(parent));
    }
  }
}

PageLoad::PageLoad(Requester request, const sim::Scheduler& scheduler, PageSpec page,
                   std::function<void(sim::Duration)> onLoaded)
    : m_request(std::move(request)),
      m_sched(&scheduler),
      m_page(std::move(page)),
      m_onLoaded(std::move(onLoaded)) {
  m_page.validate();
  // The shorthand objects are the base document's children; the general ones keep their parents,
  // shifted past the shorthand entries.
  const int shift = static_cast<int>(m_page.objectBytes.size());
  for (const std::uint64_t bytes : m_page.objectBytes) m_objects.push_back(PageObject{bytes, -1, {}, {}});
  for (PageObject o : m_page.objects) {
    if (o.parent >= 0) o.parent += shift;
    m_objects.push_back(std::move(o));
  }
  for (std::size_t i = 0; i < m_objects.size(); ++i) {
    if (m_objects[i].origin.node == sim::kNoNode) m_objects[i].origin = m_page.origin;
    if (m_objects[i].label.empty()) m_objects[i].label = "object-" + std::to_string(i);
  }
  m_start = scheduler.now();
  m_remaining = m_objects.size();
  http::HttpRequestSpec base{m_page.origin, m_page.requestBytes, m_page.baseDocumentBytes, "index.html"};
  m_request(base, [this](const http::HttpWaterfall& w) {
    m_baseDone = true;
    onArrived(w);
    requestChildrenOf(-1);
  });
}

// A browser requests a resource as soon as the parser of its parent finds the reference; the
// model takes "when the parent has fully arrived", which is exact for stylesheets and scripts.
void PageLoad::requestChildrenOf(int parent) {
  for (std::size_t i = 0; i < m_objects.size(); ++i) {
    const PageObject& o = m_objects[i];
    if (o.parent != parent) continue;
    http::HttpRequestSpec spec{o.origin, m_page.requestBytes, o.bytes, o.label, o.weight};
    m_request(spec, [this, index = static_cast<int>(i)](const http::HttpWaterfall& w) {
      --m_remaining;
      onArrived(w);
      requestChildrenOf(index);
    });
  }
}

void PageLoad::onArrived(const http::HttpWaterfall& w) {
  m_waterfall.push_back(w);
  if (m_baseDone && m_remaining == 0) {
    m_loadTime = m_sched->now() - m_start;
    if (m_onLoaded) m_onLoaded(m_loadTime);
  }
}

}  // namespace wirelab::models::workload
