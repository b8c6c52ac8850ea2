#include "models/http/request_handler.h"

#include <algorithm>
#include <cmath>
#include <utility>

namespace wirelab::models::http {

ThinkTimeHandler::ThinkTimeHandler(sim::Scheduler& scheduler, sim::Distribution thinkTimeMs,
                                   sim::RandomStream stream)
    : m_sched(&scheduler), m_think(std::move(thinkTimeMs)), m_stream(stream) {}

void ThinkTimeHandler::handle(const ServerRequest& request, Responder respond) {
  const double thinkMs = std::max(0.0, m_think.sample(m_stream));
  if (thinkMs <= 0) {
    respond(ServerResponse{request.message.responseBytes, 200});
    return;
  }
  const std::uint64_t key = m_nextKey++;
  m_waiting.emplace(key, Waiting{request.message.responseBytes, std::move(respond)});
  m_sched->schedule(sim::Nanoseconds(std::llround(thinkMs * 1e6)), [this, key] { answer(key); });
}

void ThinkTimeHandler::answer(std::uint64_t key) {
  auto it = m_waiting.find(key);
  Waiting w = std::move(it->second);
  m_waiting.erase(it);
  w.respond(ServerResponse{w.bytes, 200});
}

}  // namespace wirelab::models::http
