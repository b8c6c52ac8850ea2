// SeenMessages against a plain set of (publisher, sequence): in order, with duplicates, out of
// order inside and far beyond the 64-number window, over several publishers.
#include "models/pubsub/seen_messages.h"

#include <gtest/gtest.h>

#include <cstdint>
#include <random>
#include <set>
#include <utility>

namespace wirelab::models::pubsub {
namespace {

TEST(SeenMessages, InOrderThenEveryOneAgainIsADuplicate) {
  SeenMessages seen;
  for (std::uint32_t s = 0; s < 1000; ++s) EXPECT_FALSE(seen.insert({0, s})) << s;
  for (std::uint32_t s = 0; s < 1000; ++s) EXPECT_TRUE(seen.insert({0, s})) << s;
  EXPECT_TRUE(seen.contains({0, 999}));
  EXPECT_FALSE(seen.contains({0, 1000}));
  EXPECT_FALSE(seen.contains({1, 0}));  // another publisher's
}

TEST(SeenMessages, NumbersFarAheadAreKeptUntilTheGapFills) {
  SeenMessages seen;
  EXPECT_FALSE(seen.insert({2, 500}));  // beyond the window, publisher 2 first
  EXPECT_FALSE(seen.insert({2, 70}));
  EXPECT_TRUE(seen.insert({2, 500}));
  EXPECT_FALSE(seen.contains({2, 69}));
  for (std::uint32_t s = 0; s < 500; ++s) {
    const bool before = s == 70;
    EXPECT_EQ(seen.insert({2, s}), before) << s;
  }
  EXPECT_TRUE(seen.insert({2, 500}));  // taken into the window, then passed by the base
  EXPECT_FALSE(seen.insert({2, 501}));
  EXPECT_FALSE(seen.contains({0, 0}));
}

// Random arrival orders (each number once or twice, shuffled within a span that reaches past the
// window) give the same answers as a std::set.
TEST(SeenMessages, AnswersAsASetDoes) {
  for (std::uint32_t seed = 1; seed <= 20; ++seed) {
    std::mt19937_64 rng(seed);
    std::vector<std::pair<std::uint32_t, std::uint32_t>> arrivals;
    for (std::uint32_t publisher = 0; publisher < 3; ++publisher) {
      for (std::uint32_t s = 0; s < 400; ++s) {
        arrivals.emplace_back(publisher, s);
        if (rng() % 4 == 0) arrivals.emplace_back(publisher, s);  // a redelivery
      }
    }
    // Displace each arrival by up to 150 places: some overtake more than 64 others.
    for (std::size_t i = 0; i < arrivals.size(); ++i) {
      const std::size_t j = std::min(arrivals.size() - 1, i + static_cast<std::size_t>(rng() % 150));
      std::swap(arrivals[i], arrivals[j]);
    }
    SeenMessages seen;
    std::set<std::pair<std::uint32_t, std::uint32_t>> reference;
    for (const auto& [publisher, sequence] : arrivals) {
      const bool before = !reference.insert({publisher, sequence}).second;
      ASSERT_EQ(seen.insert({publisher, sequence}), before) << seed << " " << publisher << " " << sequence;
      ASSERT_TRUE(seen.contains({publisher, sequence}));
    }
    for (std::uint32_t publisher = 0; publisher < 4; ++publisher) {
      for (std::uint32_t s = 0; s < 420; ++s) {
        ASSERT_EQ(seen.contains({publisher, s}), reference.count({publisher, s}) == 1)
            << publisher << " " << s;
      }
    }
  }
}

}  // namespace
}  // namespace wirelab::models::pubsub
