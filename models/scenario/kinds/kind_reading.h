// File: models/scenario/kinds/kind_reading.h
// Reads the notification and pub/sub kinds share: event rates ("2/s", "120/min", "0.5"), sizes
// that may be a constant or a distribution (80B or {dist: exponential, mean: 300} in bytes),
// lists of durations, and placing a model's validate() message on the key it names.
#pragma once

#include <optional>
#include <stdexcept>
#include <string>
#include <vector>

#include "models/scenario/spec_node.h"
#include "sim/core/distributions.h"
#include "sim/core/time.h"

namespace wirelab::models::scenario {

// Events per second: a number, or a number with "/s", "/min" or "/h". Must be positive; a missing
// key yields `fallback` (required when there is none).
double readPerSecond(const SpecNode& parent, const std::string& key, std::optional<double> fallback);

// A size in bytes: a constant with a unit ("80B", "1KB") or a distribution block whose numbers are
// bytes ({dist: exponential, mean: 300}).
sim::Distribution readBytesDistribution(const SpecNode& parent, const std::string& key, double fallbackBytes);

// A list of durations ([1s, 2.5s, 4s]); each bad element is a diagnostic at that element.
std::vector<sim::Duration> readDurationList(const SpecNode& parent, const std::string& key);

// A model's validate() message "a.b: why" is recorded at key path a.b under `section` when the
// file has that key, else on `section` itself with the whole message.
void reportModelError(const SpecNode& section, const std::invalid_argument& error);

}  // namespace wirelab::models::scenario
