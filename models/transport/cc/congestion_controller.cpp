// File: models/transport/cc/congestion_controller.cpp
// The factory the transports call, config validation, and the algorithm names scenario files use.
#include "models/transport/cc/congestion_controller.h"

#include <algorithm>
#include <cctype>
#include <stdexcept>
#include <string>

#include "models/transport/cc/cubic.h"
#include "models/transport/cc/new_reno.h"

namespace wirelab::models::transport::cc {

void validateCongestionConfig(const CongestionConfig& config) {
  // Each message names the field, so a scenario error points at the line to fix.
  if (config.mssBytes == 0) throw std::invalid_argument("mssBytes must be positive");
  if (config.initialWindowSegments == 0)
    throw std::invalid_argument("initialWindowSegments must be positive");
  // RFC 5681 section 3.2 / RFC 9002 kMinimumWindow: a window below one segment could never send.
  if (config.minimumWindowSegments == 0)
    throw std::invalid_argument("minimumWindowSegments must be positive");
}

std::size_t controllerBytes(Algorithm algorithm) {
  switch (algorithm) {
    case Algorithm::NewReno:
      return sizeof(NewReno);
    case Algorithm::Cubic:
      return sizeof(Cubic);
  }
  return std::max(sizeof(NewReno), sizeof(Cubic));
}

std::unique_ptr<CongestionController> makeCongestionController(Algorithm algorithm,
                                                               const CongestionConfig& config) {
  validateCongestionConfig(config);
  switch (algorithm) {
    case Algorithm::NewReno:
      return std::make_unique<NewReno>(config);
    case Algorithm::Cubic:
      return std::make_unique<Cubic>(config);
  }
  throw std::invalid_argument("algorithm must be NewReno or Cubic (got value " +
                              std::to_string(static_cast<int>(algorithm)) + ")");
}

const char* toString(Algorithm algorithm) {
  switch (algorithm) {
    case Algorithm::NewReno:
      return "newreno";
    case Algorithm::Cubic:
      return "cubic";
  }
  return "unknown";
}

std::optional<Algorithm> parseAlgorithm(std::string_view text) {
  const auto equalsIgnoringCase = [text](std::string_view name) {
    return text.size() == name.size() &&
           std::equal(text.begin(), text.end(), name.begin(), [](char a, char b) {
             return std::tolower(static_cast<unsigned char>(a)) ==
                    std::tolower(static_cast<unsigned char>(b));
           });
  };
  for (const Algorithm a : {Algorithm::NewReno, Algorithm::Cubic}) {
    if (equalsIgnoringCase(toString(a))) return a;
  }
  return std::nullopt;
}

}  // namespace wirelab::models::transport::cc
