#include "models/workload/realnet_measurements.h"

#include <charconv>
#include <fstream>
#include <sstream>
#include <stdexcept>
#include <string_view>
#include <system_error>

namespace wirelab::models::workload {

namespace {

template <typename T>
T parseCell(const std::string& cell, const std::string& where, const char* column) {
  T value{};
  const char* end = cell.data() + cell.size();
  const auto [ptr, ec] = std::from_chars(cell.data(), end, value);
  if (ec != std::errc() || ptr != end) {
    throw std::runtime_error(where + ": column " + column + " is not a number: \"" + cell + "\"");
  }
  return value;
}

}  // namespace

void readRealnetCsv(const std::string& path, std::map<RealnetKey, RealnetMeasured>& out) {
  std::ifstream in(path);
  if (!in) throw std::runtime_error(path + ": cannot be read");
  std::string line;
  bool header = true;
  for (int lineNumber = 1; std::getline(in, line); ++lineNumber) {
    if (line.empty() || line[0] == '#') continue;
    if (header) {
      header = false;
      continue;
    }
    const std::string where = path + ":" + std::to_string(lineNumber);
    std::vector<std::string> f;
    std::stringstream cells(line);
    for (std::string cell; std::getline(cells, cell, ',');) f.push_back(cell);
    if (f.size() != 11) {
      throw std::runtime_error(where + ": a row has 11 columns, this one " + std::to_string(f.size()));
    }
    if (f[0] != "h1" && f[0] != "h2")
      throw std::runtime_error(where + ": protocol is h1 or h2, not \"" + f[0] + "\"");
    RealnetPageConfig c;
    c.protocol = f[0] == "h2" ? HttpVersion::Http2 : HttpVersion::Http1;
    c.rttMs = parseCell<double>(f[1], where, "rtt_ms");
    c.loss = parseCell<double>(f[2], where, "loss");
    c.rateMbit = parseCell<double>(f[3], where, "rate_mbit");
    c.queuePackets = parseCell<int>(f[4], where, "queue_pkts");
    c.objects = parseCell<int>(f[5], where, "objects");
    c.objectBytes = parseCell<std::uint64_t>(f[6], where, "object_bytes");
    const RealnetKey k{
        c.rateMbit, c.rttMs, c.loss, c.queuePackets, c.objects, c.objectBytes, static_cast<int>(c.protocol)};
    RealnetMeasured& m = out[k];
    m.config = c;
    m.loadTimes.push_back(parseCell<double>(f[8], where, "load_time_s"));
    m.retransmissions.push_back(parseCell<double>(f[9], where, "retransmissions"));
    m.relaySeeds.push_back(parseCell<std::uint64_t>(f[10], where, "relay_seed"));
  }
}

}  // namespace wirelab::models::workload
