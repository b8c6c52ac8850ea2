// File: models/server/concurrency_model.h
// What the three concurrency models (worker pool, thread per request, event loop) share: they are
// RequestHandlers an HTTP server hands requests to, each request's demand is drawn from a
// ServiceConfig, and each keeps the same metrics: a record per request (arrival, start of
// service, completion, its demand, its status, the cause of any wait such as "queued: 8 workers
// busy"), running means of waiting and response time, counts handled and rejected, and trace
// signals for the queue length and the busy servers over time.
#pragma once

#include <cstdint>
#include <map>
#include <string>
#include <vector>

#include "models/http/request_handler.h"
#include "models/server/service_profile.h"
#include "sim/core/scheduler.h"
#include "sim/core/signal.h"
#include "sim/metrics/summary.h"

namespace wirelab::models::server {

struct ServerRequestRecord {
  std::uint64_t id = 0;  // the HTTP server's request id
  std::string label;
  sim::SimTime arrivedAt;  // handed to the model
  sim::SimTime startedAt;  // got a worker / thread / the loop (equal to doneAt when rejected)
  sim::SimTime doneAt;     // the response was handed back
  ServiceDemand demand;    // as drawn (zero when rejected)
  int status = 200;        // 503 when rejected
  std::string waitCause;   // empty when served at once
  sim::Duration wait() const { return startedAt - arrivedAt; }
  sim::Duration response() const { return doneAt - arrivedAt; }
};

struct ConcurrencyStats {
  std::uint64_t arrived = 0;
  std::uint64_t handled = 0;     // answered 200
  std::uint64_t rejected = 0;    // answered 503
  sim::Welford waitSeconds;      // handled requests: arrival to start of service
  sim::Welford responseSeconds;  // handled requests: arrival to response
};

class ConcurrencyModel : public http::RequestHandler {
 public:
  ConcurrencyModel(const ConcurrencyModel&) = delete;
  ConcurrencyModel& operator=(const ConcurrencyModel&) = delete;

  void handle(const http::ServerRequest& request, http::Responder respond) final;

  // "worker pool (8 workers, queue unbounded)" and the like, for logs and run metadata.
  virtual std::string describe() const = 0;
  // Requests waiting for a worker / thread / the loop's CPU.
  virtual std::size_t queueLength() const = 0;
  // Busy workers / live threads / 1 while the loop runs a request's CPU part.
  virtual std::size_t busy() const = 0;

  const ConcurrencyStats& stats() const { return m_stats; }
  const std::vector<ServerRequestRecord>& records() const { return m_records; }

  sim::Signal<const ServerRequestRecord&> requestDone;        // handled or rejected
  sim::Signal<sim::SimTime, std::size_t> queueLengthChanged;  // queueLength(), on each change
  sim::Signal<sim::SimTime, std::size_t> busyChanged;         // busy(), on each change

 protected:
  struct Job {
    ServerRequestRecord record;
    std::uint64_t responseBytes = 0;
    http::Responder respond;
  };

  ConcurrencyModel(sim::Scheduler& scheduler, const sim::RandomStreams& random, const std::string& name,
                   const ServiceConfig& service);

  // A request arrived; its demand is drawn. The model starts it, queues it or rejects it.
  virtual void admit(std::uint64_t job) = 0;

  Job& job(std::uint64_t key) { return m_jobs.at(key); }
  sim::SimTime now() const { return m_sched->now(); }
  sim::Scheduler& scheduler() const { return *m_sched; }
  // Marks the start of service (stamps startedAt).
  void started(std::uint64_t key) { job(key).record.startedAt = now(); }
  // Answers 200 with the requested size, records, and forgets the job.
  void complete(std::uint64_t key);
  // Answers 503 at once with `cause`, records, and forgets the job.
  void reject(std::uint64_t key, std::string cause);
  void emitQueue() { queueLengthChanged(now(), queueLength()); }
  void emitBusy() { busyChanged(now(), busy()); }

 private:
  void finish(std::uint64_t key, int status, std::uint64_t bytes);

  sim::Scheduler* m_sched;
  ServiceSampler m_sampler;
  ServiceConfig m_service;
  std::map<std::uint64_t, Job> m_jobs;  // by arrival order
  std::uint64_t m_nextKey = 0;
  ConcurrencyStats m_stats;
  std::vector<ServerRequestRecord> m_records;
};

}  // namespace wirelab::models::server
