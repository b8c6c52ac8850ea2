#include "models/server/service_profile.h"

#include <algorithm>
#include <cmath>
#include <stdexcept>

namespace wirelab::models::server {

namespace {

void checkMean(const sim::Distribution& d, const std::string& name) {
  const double mean = d.mean();
  if (!(mean >= 0.0) || !std::isfinite(mean)) {
    throw std::invalid_argument(name + ": the mean must be finite and non-negative, got " + d.describe());
  }
}

sim::Duration milliseconds(double ms) { return sim::Nanoseconds(std::llround(std::max(0.0, ms) * 1e6)); }

}  // namespace

void ServiceProfile::validate(const std::string& where) const {
  checkMean(cpuMs, where + ".cpuMs");
  checkMean(ioMs, where + ".ioMs");
}

void ServiceConfig::validate(const std::string& where) const {
  profile.validate(where + ".profile");
  for (const auto& [label, p] : byLabel) p.validate(where + ".byLabel[" + label + "]");
  if (rejectResponseBytes == 0)
    throw std::invalid_argument(where + ".rejectResponseBytes: must be positive, got 0");
}

ServiceSampler::ServiceSampler(const ServiceConfig& config, const sim::RandomStreams& random,
                               const std::string& name)
    : m_config(config),
      m_cpu(random.stream("server/" + name + "/cpu")),
      m_io(random.stream("server/" + name + "/io")) {}

const ServiceProfile& ServiceSampler::profileFor(const std::string& label) const {
  if (m_config.byLabel.empty()) return m_config.profile;
  auto it = m_config.byLabel.find(label);
  return it == m_config.byLabel.end() ? m_config.profile : it->second;
}

ServiceDemand ServiceSampler::draw(const std::string& label) {
  const ServiceProfile& p = profileFor(label);
  // Negative draws (a Normal's tail) count as no time.
  return ServiceDemand{milliseconds(p.cpuMs.sample(m_cpu)), milliseconds(p.ioMs.sample(m_io))};
}

}  // namespace wirelab::models::server
