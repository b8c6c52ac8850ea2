#include "models/server/concurrency_model.h"

#include <utility>

namespace wirelab::models::server {

ConcurrencyModel::ConcurrencyModel(sim::Scheduler& scheduler, const sim::RandomStreams& random,
                                   const std::string& name, const ServiceConfig& service)
    : m_sched(&scheduler), m_sampler(service, random, name), m_service(service) {
  service.validate("server." + name + ".service");
}

void ConcurrencyModel::handle(const http::ServerRequest& request, http::Responder respond) {
  const std::uint64_t key = m_nextKey++;
  Job j;
  j.record.id = request.id;
  j.record.label = request.message.label;
  j.record.arrivedAt = now();
  j.record.demand = m_sampler.draw(request.message.label);
  j.responseBytes = request.message.responseBytes;
  j.respond = std::move(respond);
  m_jobs.emplace(key, std::move(j));
  ++m_stats.arrived;
  admit(key);
}

void ConcurrencyModel::complete(std::uint64_t key) {
  const std::uint64_t bytes = job(key).responseBytes;
  finish(key, 200, bytes);
}

void ConcurrencyModel::reject(std::uint64_t key, std::string cause) {
  Job& j = job(key);
  j.record.startedAt = now();
  j.record.demand = ServiceDemand{};
  j.record.waitCause = std::move(cause);
  finish(key, 503, m_service.rejectResponseBytes);
}

void ConcurrencyModel::finish(std::uint64_t key, int status, std::uint64_t bytes) {
  auto it = m_jobs.find(key);
  Job j = std::move(it->second);
  m_jobs.erase(it);
  j.record.doneAt = now();
  j.record.status = status;
  if (status == 200) {
    ++m_stats.handled;
    m_stats.waitSeconds.add(j.record.wait().seconds());
    m_stats.responseSeconds.add(j.record.response().seconds());
  } else {
    ++m_stats.rejected;
  }
  requestDone(j.record);
  if (m_service.keepRecords) m_records.push_back(j.record);
  // Last: the responder may write the response and, through it, bring the next request in.
  if (j.respond) j.respond(http::ServerResponse{bytes, status});
}

}  // namespace wirelab::models::server
