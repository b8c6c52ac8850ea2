// File: models/workload/page_load.h
// A page load over any HTTP client: the base document first, then the objects it references.
// Each object names its parent (the base document, or another object such as a stylesheet that
// references a font) and is requested when its parent has arrived, so a dependency chain costs a
// round trip per level as it does in a browser; objects may come from other origins (a CDN, an
// API host), each with its own connections. The page is loaded when the last object's last byte
// has arrived.
#pragma once

#include <cstdint>
#include <functional>
#include <string>
#include <utility>
#include <vector>

#include "models/http/http_exchange.h"
#include "sim/core/scheduler.h"

namespace wirelab::models::workload {

struct PageObject {
  std::uint64_t bytes = 0;
  int parent = -1;               // index into PageSpec::objects; -1 for the base document
  transport::Endpoint origin{};  // node kNoNode: the page's own origin
  std::string label;             // empty: "object-<index>"
  std::uint16_t weight = 0;      // HTTP/2 round robin: its share among concurrent responses (RFC 7540 5.3.2)
};

struct PageSpec {
  transport::Endpoint origin;
  std::uint32_t requestBytes = 400;
  std::uint64_t baseDocumentBytes = 10'000;
  std::vector<std::uint64_t> objectBytes;  // shorthand: objects referenced by the base document
  std::vector<PageObject> objects;         // the general form: dependencies and other origins

  // Throws std::invalid_argument naming the field (a parent that is not an earlier object).
  void validate() const;
};

class PageLoad {
 public:
  // How the page asks for one resource: an HTTP/1.1, HTTP/2 or HTTP/3 client's request().
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
  // One record per resource, in completion order (the base document first).
  const std::vector<http::HttpWaterfall>& waterfall() const { return m_waterfall; }

 private:
  void requestChildrenOf(int parent);
  void onArrived(const http::HttpWaterfall& w);

  Requester m_request;
  const sim::Scheduler* m_sched;
  PageSpec m_page;
  std::vector<PageObject> m_objects;  // objectBytes and objects, in one list
  std::function<void(sim::Duration)> m_onLoaded;
  sim::SimTime m_start;
  std::size_t m_remaining = 0;
  bool m_baseDone = false;
  sim::Duration m_loadTime;
  std::vector<http::HttpWaterfall> m_waterfall;
};

}  // namespace wirelab::models::workload
