// Reading the realnet CSVs: repeats of one configuration pool across files, and a row that cannot be
// read is named by file and line.
#include "models/workload/realnet_measurements.h"

#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>
#include <map>
#include <stdexcept>
#include <string>

#include "tests/support/test_folder.h"

namespace wirelab::models::workload {
namespace {

namespace fs = std::filesystem;

const char* const kHeader =
    "# a comment\nprotocol,rtt_ms,loss,rate_mbit,queue_pkts,objects,object_bytes,repeat,load_time_s,"
    "retransmissions,relay_seed\n";

fs::path writeCsv(const fs::path& folder, const std::string& name, const std::string& rows) {
  const fs::path p = folder / (name + ".csv");
  std::ofstream(p) << kHeader << rows;
  return p;
}

TEST(RealnetMeasurements, RepeatsOfAConfigurationPoolAcrossFiles) {
  const wirelab::testing::TestFolder folder("wirelab-realnet");
  const fs::path a = writeCsv(
      folder.path, "a", "h2,50,0.005,0,0,36,30720,1,0.456,2,7032\nh1,50,0,0,0,12,30720,1,0.205,0,7001\n");
  const fs::path b = writeCsv(folder.path, "b", "h2,50,0.005,0,0,36,30720,9,0.61,4,9999\n");
  std::map<RealnetKey, RealnetMeasured> measured;
  readRealnetCsv(a.string(), measured);
  readRealnetCsv(b.string(), measured);
  ASSERT_EQ(measured.size(), 2u);
  const RealnetMeasured* h2 = nullptr;
  for (const auto& [key, m] : measured) {
    if (m.config.protocol == HttpVersion::Http2) h2 = &m;
  }
  ASSERT_NE(h2, nullptr);
  EXPECT_EQ(h2->config.rttMs, 50);
  EXPECT_EQ(h2->config.loss, 0.005);
  EXPECT_EQ(h2->config.objects, 36);
  EXPECT_EQ(h2->loadTimes, (std::vector<double>{0.456, 0.61}));
  EXPECT_EQ(h2->relaySeeds, (std::vector<std::uint64_t>{7032, 9999}));
}

TEST(RealnetMeasurements, ABadRowIsNamedByFileAndLine) {
  const wirelab::testing::TestFolder folder("wirelab-realnet");
  const fs::path p = writeCsv(folder.path, "bad",
                              "h1,50,0,0,0,12,30720,1,0.205,0,7001\nh1,50,0,0,0,12,30720,2,fast,0,7002\n");
  std::map<RealnetKey, RealnetMeasured> measured;
  try {
    readRealnetCsv(p.string(), measured);
    FAIL() << "no error";
  } catch (const std::runtime_error& e) {
    EXPECT_EQ(std::string(e.what()), p.string() + ":4: column load_time_s is not a number: \"fast\"");
  }
  EXPECT_THROW(readRealnetCsv((folder.path / "no-such.csv").string(), measured), std::runtime_error);
}

}  // namespace
}  // namespace wirelab::models::workload
