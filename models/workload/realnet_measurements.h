// File: models/workload/realnet_measurements.h
// The real page loads of the realnet sets as the project keeps them (tests/data/realnet_*_pages.csv:
// one row per real run, '#' comment lines, then the header protocol,rtt_ms,loss,rate_mbit,queue_pkts,
// objects,object_bytes,repeat,load_time_s,retransmissions,relay_seed), grouped by configuration: a
// configuration found in several files pools its repeats.
#pragma once

#include <cstdint>
#include <map>
#include <string>
#include <tuple>
#include <vector>

#include "models/workload/realnet_page_scenario.h"

namespace wirelab::models::workload {

struct RealnetMeasured {
  RealnetPageConfig config;               // the scenario's defaults with the row's parameters
  std::vector<double> loadTimes;          // per real repeat, seconds
  std::vector<double> retransmissions;    // per real repeat
  std::vector<std::uint64_t> relaySeeds;  // per real repeat: which packets the relay dropped
};

// Orders configurations as the tables list them: by rate, RTT, loss, queue, objects, size, protocol.
using RealnetKey = std::tuple<double, double, double, int, int, std::uint64_t, int>;

// Adds the runs of the CSV file at `path` to `out`. Throws std::runtime_error naming the file and
// line of the first row it cannot read (or the file, if it cannot be opened).
void readRealnetCsv(const std::string& path, std::map<RealnetKey, RealnetMeasured>& out);

}  // namespace wirelab::models::workload
