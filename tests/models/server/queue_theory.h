// Closed forms of the queues the concurrency models must reproduce, and a Poisson source that
// feeds a RequestHandler directly (no network), for the server tests.
#pragma once

#include <cmath>
#include <cstdint>
#include <string>

#include "models/http/request_handler.h"
#include "sim/core/distributions.h"
#include "sim/core/random.h"
#include "sim/core/scheduler.h"
#include "sim/net/network.h"

namespace wirelab::models::server::testing {

// Erlang C: the probability that an arrival waits in M/M/c, with offered load a = lambda / mu < c.
inline double erlangC(int c, double a) {
  double term = 1.0;  // a^k / k!
  double sum = 1.0;
  for (int k = 1; k < c; ++k) {
    term *= a / k;
    sum += term;
  }
  const double last = term * a / c;  // a^c / c!
  const double rho = a / c;
  const double tail = last / (1.0 - rho);
  return tail / (sum + tail);
}

// M/M/c mean waiting time in queue Wq = C(c, a) / (c mu - lambda) and mean response Wq + 1/mu.
struct MmcMeans {
  double wait, response;
};
inline MmcMeans mmc(int c, double lambda, double mu) {
  const double wq = erlangC(c, lambda / mu) / (c * mu - lambda);
  return {wq, wq + 1.0 / mu};
}

// Erlang B: blocking probability of M/M/c/c (no waiting room), offered load a.
inline double erlangB(int c, double a) {
  double b = 1.0;
  for (int k = 1; k <= c; ++k) b = a * b / (k + a * b);
  return b;
}

// Hands `count` requests to `handler` at Poisson times of rate `perSecond`, from a named stream.
class PoissonSource {
 public:
  PoissonSource(sim::Scheduler& scheduler, http::RequestHandler& handler, double perSecond,
                std::uint64_t count, sim::RandomStream stream, std::string label = {})
      : m_sched(&scheduler),
        m_handler(&handler),
        m_gap(sim::Exponential(1.0 / perSecond)),
        m_left(count),
        m_stream(stream),
        m_label(std::move(label)) {
    next();
  }
  std::uint64_t answered() const { return m_answered; }

 private:
  void next() {
    if (m_left == 0) return;
    --m_left;
    const double gap = m_gap.sample(m_stream);
    m_sched->schedule(sim::Nanoseconds(std::llround(gap * 1e9)), [this] {
      http::ServerRequest r;
      r.id = m_id++;
      r.message = http::MessageDescriptor{400, 1000, m_label};
      r.arrivedAt = m_sched->now();
      m_handler->handle(r, [this](const http::ServerResponse&) { ++m_answered; });
      next();
    });
  }

  sim::Scheduler* m_sched;
  http::RequestHandler* m_handler;
  sim::Distribution m_gap;
  std::uint64_t m_left;
  sim::RandomStream m_stream;
  std::string m_label;
  std::uint64_t m_id = 0;
  std::uint64_t m_answered = 0;
};

}  // namespace wirelab::models::server::testing
