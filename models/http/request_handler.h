// File: models/http/request_handler.h
// The seam between an HTTP server (HTTP/1.1, HTTP/2 or HTTP/3: the protocol machinery) and the
// application behind it (what happens to a request once it has been read: think time, a
// concurrency model with workers and queues, a proxy forwarding it upstream). The server hands
// each complete request to its RequestHandler, which answers through the Responder it was given,
// at once or later (asynchronously), exactly once; the server then writes the response.
//
//   class Echo : public RequestHandler {
//     void handle(const ServerRequest& r, Responder respond) override {
//       respond(ServerResponse{r.message.responseBytes, 200});
//     }
//   };
//   server.setHandler(echo);
#pragma once

#include <cstdint>
#include <functional>
#include <map>

#include "models/http/message_board.h"
#include "sim/core/distributions.h"
#include "sim/core/random.h"
#include "sim/core/scheduler.h"

namespace wirelab::models::http {

// One complete request as the server read it.
struct ServerRequest {
  std::uint64_t id = 0;        // unique within the server
  MessageDescriptor message;   // sizes asked for, label, Connection: close
  transport::Endpoint client;  // the client end of the connection
  sim::SimTime arrivedAt;      // the request's last byte arrived
};

struct ServerResponse {
  std::uint64_t bytes = 0;  // response size: HTTP/1.1 status line + headers + body; HTTP/2, HTTP/3 body
  int status = 200;
};

using Responder = std::function<void(const ServerResponse&)>;

class RequestHandler {
 public:
  virtual ~RequestHandler() = default;
  // Called once per complete request; must call `respond` exactly once, now or later.
  virtual void handle(const ServerRequest& request, Responder respond) = 0;
};

// The default application: every request is answered with the size it asked for after a think
// time drawn from a distribution in milliseconds (negative draws count as 0; 0 answers at once).
class ThinkTimeHandler final : public RequestHandler {
 public:
  ThinkTimeHandler(sim::Scheduler& scheduler, sim::Distribution thinkTimeMs, sim::RandomStream stream);
  void handle(const ServerRequest& request, Responder respond) override;

 private:
  void answer(std::uint64_t key);

  sim::Scheduler* m_sched;
  sim::Distribution m_think;
  sim::RandomStream m_stream;
  struct Waiting {
    std::uint64_t bytes;
    Responder respond;
  };
  std::map<std::uint64_t, Waiting> m_waiting;  // by arrival order
  std::uint64_t m_nextKey = 0;
};

}  // namespace wirelab::models::http
