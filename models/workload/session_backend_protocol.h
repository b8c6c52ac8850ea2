// File: models/workload/session_backend_protocol.h
// Sessions against a backend that restarts, in the two designs web backends choose between:
//   - Stateful: the server keeps sessions in memory (an in-process session store, as
//     express-session's default MemoryStore or a servlet container's HttpSession). Logging in costs
//     L request/response exchanges and server time; later requests carry a small cookie. A restart
//     forgets every session: each client's next request is refused (401, RFC 9110 15.5.2) and it
//     must log in again before repeating it.
//   - Stateless: the state travels in every request as a signed token (a JWT, RFC 7519: several
//     hundred bytes), verified on each request at a CPU cost; the signing key outlives a restart,
//     so a restart only breaks the TCP connections: clients reconnect and repeat what was lost.
// The restart: the server process is down for D seconds; its connections are reset and new ones
// refused with RST (RFC 9293 3.10.7.1: no listener on the port).
#pragma once

#include <cstdint>

#include "sim/core/time.h"

namespace wirelab::models::workload {

enum class SessionDesign { Stateful, Stateless };
const char* toString(SessionDesign d);

enum class SessionOp : std::uint8_t {
  LoginStep,     // client: one login exchange (credentials, challenge response, ...)
  LoginReply,    // server: its answer; the last one carries the session id or token
  Request,       // client: an application request with its session cookie or token
  Response,      // server: the answer
  Unauthorized,  // server: 401, the session is unknown
};

struct SessionMessage {
  SessionOp op = SessionOp::Request;
  std::uint32_t step = 0;        // LoginStep/LoginReply: 1..L
  std::uint64_t credential = 0;  // session id or token id
  std::uint64_t request = 0;     // Request/Response: the client's request number
};

struct SessionBackendConfig {
  SessionDesign design = SessionDesign::Stateful;
  std::uint16_t port = 443;
  int loginExchanges = 2;                                  // L
  sim::Duration loginServiceTime = sim::Milliseconds(30);  // per login exchange (password hashing)
  sim::Duration serviceTime = sim::Milliseconds(10);       // per request
  sim::Duration tokenVerifyTime = sim::Milliseconds(2);    // Stateless: per request (signature check)
  std::uint32_t requestBytes = 400;                        // without the credential
  std::uint32_t responseBytes = 2000;
  std::uint32_t cookieBytes = 40;  // Stateful: "Cookie: sid=..."
  std::uint32_t tokenBytes = 800;  // Stateless: "Authorization: Bearer <JWT>"
  std::uint32_t loginRequestBytes = 600;
  std::uint32_t loginResponseBytes = 400;
  std::uint32_t unauthorizedBytes = 200;
  // Throws std::invalid_argument naming the parameter.
  void validate() const;
};

struct SessionClientConfig {
  int clients = 10;
  int requestsPerClient = 20;
  sim::Duration thinkTime = sim::Milliseconds(100);          // after each response
  sim::Duration startStagger = sim::Milliseconds(10);        // client i starts at i x stagger
  sim::Duration reconnectInterval = sim::Milliseconds(500);  // after a reset or a refused SYN
  void validate() const;
};

}  // namespace wirelab::models::workload
