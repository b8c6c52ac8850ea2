// The demultiplexing table (connection_table.h): an open-addressing table must answer exactly as a
// map does through inserts, removals (backward-shift deletion) and growth, and connections on
// consecutive ports must share a cache line (the locality the hash is there for).
#include "models/transport/tcp/connection_table.h"

#include <gtest/gtest.h>

#include <cstdint>
#include <map>
#include <memory>
#include <random>
#include <set>
#include <vector>

namespace wirelab::models::transport::tcp {
namespace {

using Table = ConnectionTable<int>;

std::uintptr_t lineOf(const sim::PrefetchTarget& t) {
  return reinterpret_cast<std::uintptr_t>(t.address()) / sim::PrefetchTarget::kLineBytes;
}

TEST(ConnectionTable, AnswersAsAMapDoesThroughInsertsRemovalsAndGrowth) {
  Table table;
  std::map<std::uint64_t, int> reference;
  std::mt19937_64 rng(7);
  // Keys as stacks make them: a few nodes, runs of consecutive ports (so that many keys share a
  // home line and probe runs meet), and a few scattered ones.
  std::vector<std::uint64_t> keys;
  for (std::uint32_t node = 1; node <= 3; ++node) {
    for (std::uint16_t port = 49152; port < 49152 + 700; ++port) keys.push_back(Table::key(80, node, port));
    for (std::uint16_t port = 49152; port < 49152 + 300; ++port) keys.push_back(Table::key(port, node, 1883));
  }
  for (int i = 0; i < 200; ++i) keys.push_back(rng());
  for (int step = 0; step < 40'000; ++step) {
    const std::uint64_t k = keys[rng() % keys.size()];
    const auto it = reference.find(k);
    if (it == reference.end() && rng() % 3 != 0) {
      table.insert(k, std::make_unique<int>(step));
      reference.emplace(k, step);
    } else if (it != reference.end() && rng() % 2 == 0) {
      const std::unique_ptr<int> taken = table.take(k);
      ASSERT_NE(taken, nullptr);
      EXPECT_EQ(*taken, it->second);
      reference.erase(it);
    } else {
      const int* found = table.find(k);
      ASSERT_EQ(found == nullptr, it == reference.end()) << "key " << k << " at step " << step;
      if (found) {
        EXPECT_EQ(*found, it->second);
      }
    }
    ASSERT_EQ(table.size(), reference.size());
    if (step % 1000 == 0) {
      for (const std::uint64_t key : keys) {
        const auto r = reference.find(key);
        const int* found = table.find(key);
        ASSERT_EQ(found == nullptr, r == reference.end()) << "key " << key << " at step " << step;
        if (found) {
          EXPECT_EQ(*found, r->second);
        }
      }
      std::multiset<int> visited;
      table.forEach([&](int& v) { visited.insert(v); });
      std::multiset<int> expected;
      for (const auto& [key, v] : reference) expected.insert(v);
      EXPECT_EQ(visited, expected);
    }
  }
}

TEST(ConnectionTable, ConsecutivePortsShareACacheLine) {
  Table table;
  for (std::uint16_t port = 49152; port < 49152 + 4096; ++port) {
    table.insert(Table::key(80, 2, port), std::make_unique<int>(port));    // a server's view
    table.insert(Table::key(port, 1, 1883), std::make_unique<int>(port));  // a client host's view
  }
  // Four entries per line: each group of four consecutive ports (49152 is a multiple of four)
  // starts its lookups in one line, at the server (remote ports) and at a client (local ports).
  for (std::uint16_t group = 49152; group < 49152 + 4096; group += 4) {
    for (std::uint16_t port = group + 1; port < group + 4; ++port) {
      EXPECT_EQ(lineOf(table.prefetchTarget(Table::key(80, 2, port))),
                lineOf(table.prefetchTarget(Table::key(80, 2, group))));
      EXPECT_EQ(lineOf(table.prefetchTarget(Table::key(port, 1, 1883))),
                lineOf(table.prefetchTarget(Table::key(group, 1, 1883))));
    }
  }
  for (std::uint16_t port = 49152; port < 49152 + 4096; ++port) {
    EXPECT_EQ(*table.find(Table::key(80, 2, port)), port);
    EXPECT_EQ(*table.find(Table::key(port, 1, 1883)), port);
  }
  EXPECT_EQ(table.prefetchTarget(Table::key(80, 2, 49152)).lines(), 1u);
}

}  // namespace
}  // namespace wirelab::models::transport::tcp
