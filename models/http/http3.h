// File: models/http/http3.h
// HTTP/3 (RFC 9114) over the QUIC-like transport: one QUIC connection per origin, one
// bidirectional stream per request (so a lost packet delays only the streams whose data it
// carried), QPACK (RFC 9204) as a header-size model like HPACK's. The client asks; the server
// hands each complete request stream to the application (a RequestHandler: by default a think
// time drawn from a distribution) and writes its answer on the stream.
#pragma once

#include <cstdint>
#include <functional>
#include <map>
#include <memory>
#include <set>
#include <vector>

#include "models/http/http_exchange.h"
#include "models/http/message_board.h"
#include "models/http/request_handler.h"
#include "models/transport/quic/quic_endpoint.h"
#include "sim/core/distributions.h"
#include "sim/core/random.h"

namespace wirelab::models::http {

struct QpackModel {
  // The first header block on a connection costs its full size, later ones this fraction.
  double repeatRatio = 0.1;
};

class Http3Client {
 public:
  using Done = std::function<void(const HttpWaterfall&)>;

  Http3Client(transport::quic::QuicEndpoint& endpoint, const sim::Scheduler& scheduler, MessageBoard& board,
              QpackModel qpack = {});
  std::uint64_t request(const HttpRequestSpec& spec, Done done);
  const std::vector<HttpWaterfall>& completed() const { return m_completed; }

 private:
  struct Exchange {
    HttpRequestSpec spec;
    HttpWaterfall record;
    Done done;
  };
  struct Origin {
    transport::quic::QuicConnection* connection = nullptr;
    std::map<std::uint64_t, Exchange> open;  // by stream id
    bool firstHeaderBlock = true;
  };
  void onStreamData(Origin& origin, std::uint64_t stream, std::uint64_t bytes, bool fin);

  transport::quic::QuicEndpoint* m_endpoint;
  const sim::Scheduler* m_sched;
  MessageBoard* m_board;
  QpackModel m_qpack;
  std::map<transport::Endpoint, Origin> m_origins;
  std::vector<HttpWaterfall> m_completed;
  std::uint64_t m_nextId = 0;
};

class Http3Server {
 public:
  Http3Server(transport::quic::QuicEndpoint& endpoint, sim::Scheduler& scheduler,
              const sim::RandomStreams& random, MessageBoard& board,
              sim::Distribution thinkTimeMs = sim::Constant(0.0), QpackModel qpack = {});
  // Replaces the think-time handler; the handler must outlive the server's run.
  void setHandler(RequestHandler& handler) { m_handler = &handler; }
  // How responses share the connection. By default they are non-incremental, RFC 9218's default
  // for a request without a Priority header (section 4.2), and go one at a time in request order
  // (section 10), as quiche's HTTP/3 layer sends them; incremental responses take turns packet by
  // packet, as every stream of a QUIC transport does unless told otherwise.
  void setIncrementalResponses(bool incremental) { m_incrementalResponses = incremental; }
  std::uint64_t requestsHandled() const { return m_handled; }

 private:
  void onRequest(transport::quic::QuicConnection& c, std::uint64_t stream);

  sim::Scheduler* m_sched;
  MessageBoard* m_board;
  ThinkTimeHandler m_thinkTime;
  RequestHandler* m_handler;
  QpackModel m_qpack;
  bool m_incrementalResponses = false;
  std::set<const transport::quic::QuicConnection*> m_sentHeaders;  // connections past their first block
  std::uint64_t m_handled = 0;
  std::uint64_t m_nextRequestId = 0;
};

}  // namespace wirelab::models::http
