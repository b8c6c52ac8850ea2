// File: models/server/service_profile.h
// What serving one request costs the server: CPU time (the thread computes: parsing, business
// logic, rendering) and I/O wait (the thread waits on a backend: a database query, a call to
// another service), each drawn from a distribution in milliseconds. Requests may be told apart by
// their label (the request's kind or resource, MessageDescriptor::label), each with its own
// profile.
#pragma once

#include <cstdint>
#include <map>
#include <string>

#include "sim/core/distributions.h"
#include "sim/core/random.h"
#include "sim/core/time.h"

namespace wirelab::models::server {

struct ServiceProfile {
  sim::Distribution cpuMs = sim::Constant(0.0);
  sim::Distribution ioMs = sim::Constant(0.0);
  // Throws std::invalid_argument naming `<where>.cpuMs` / `<where>.ioMs` when a mean is negative
  // or infinite.
  void validate(const std::string& where) const;
};

// One request's demand, as drawn.
struct ServiceDemand {
  sim::Duration cpu;
  sim::Duration io;
};

struct ServiceConfig {
  ServiceProfile profile;                         // for every request without a profile of its own
  std::map<std::string, ServiceProfile> byLabel;  // exact label -> profile
  std::uint64_t rejectResponseBytes = 150;        // a 503 response: status line and headers
  bool keepRecords = true;                        // keep one record per request (else aggregates only)
  void validate(const std::string& where) const;
};

// Draws demands from two named streams (CPU and I/O apart, so that adding I/O to a profile does
// not change the CPU draws).
class ServiceSampler {
 public:
  ServiceSampler(const ServiceConfig& config, const sim::RandomStreams& random, const std::string& name);
  ServiceDemand draw(const std::string& label);

 private:
  const ServiceProfile& profileFor(const std::string& label) const;

  ServiceConfig m_config;
  sim::RandomStream m_cpu;
  sim::RandomStream m_io;
};

}  // namespace wirelab::models::server
