#include "models/workload/session_backend_protocol.h"

#include <stdexcept>
#include <string>

namespace wirelab::models::workload {

namespace {

[[noreturn]] void fail(const std::string& what) { throw std::invalid_argument("session_backend." + what); }

void requireNonNegative(const char* name, sim::Duration d) {
  if (d < sim::Duration::zero()) fail(std::string(name) + ": must not be negative, got " + sim::toString(d));
}

void requirePositive(const char* name, std::uint64_t v) {
  if (v == 0) fail(std::string(name) + ": must be positive, got 0");
}

}  // namespace

const char* toString(SessionDesign d) { return d == SessionDesign::Stateful ? "stateful" : "stateless"; }

void SessionBackendConfig::validate() const {
  if (port == 0) fail("port: must be positive, got 0");
  if (loginExchanges < 1) fail("loginExchanges: must be at least 1, got " + std::to_string(loginExchanges));
  requireNonNegative("loginServiceTime", loginServiceTime);
  requireNonNegative("serviceTime", serviceTime);
  requireNonNegative("tokenVerifyTime", tokenVerifyTime);
  requirePositive("requestBytes", requestBytes);
  requirePositive("responseBytes", responseBytes);
  requirePositive("loginRequestBytes", loginRequestBytes);
  requirePositive("loginResponseBytes", loginResponseBytes);
  requirePositive("unauthorizedBytes", unauthorizedBytes);
}

void SessionClientConfig::validate() const {
  if (clients < 1) fail("clients: must be at least 1, got " + std::to_string(clients));
  if (requestsPerClient < 1)
    fail("requestsPerClient: must be at least 1, got " + std::to_string(requestsPerClient));
  requireNonNegative("thinkTime", thinkTime);
  requireNonNegative("startStagger", startStagger);
  if (reconnectInterval <= sim::Duration::zero()) {
    fail("reconnectInterval: must be positive, got " + sim::toString(reconnectInterval));
  }
}

}  // namespace wirelab::models::workload
